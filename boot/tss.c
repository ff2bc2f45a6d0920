/* The task state segment: ESP0 for traps out of V86 mode, the I/O permission
 * bitmap that decides which ports a VM touches directly, the VME
 * interrupt-redirection bitmap, and a second TSS for the double-fault task. */
#include "boot/tss.h"
#include "boot/gdt.h"
#include "vmm/lib/string.h"

struct tss_full kernel_tss __attribute__((aligned(16)));
struct tss df_tss __attribute__((aligned(16)));
static uint8_t df_stack[8192] __attribute__((aligned(16)));

extern void double_fault_task(void);

void tss_init(uint32_t kernel_cr3)
{
    memset(&kernel_tss, 0, sizeof kernel_tss);
    kernel_tss.tss.ss0 = KERNEL_DS;
    kernel_tss.tss.iomap_base = __builtin_offsetof(struct tss_full, io_bitmap);
    kernel_tss.io_end = 0xFF;
    /* Every INT n traps until the monitor decides otherwise. */
    memset(kernel_tss.int_redirect, 0xFF, sizeof kernel_tss.int_redirect);
    gdt_set_tss(TSS_SEL, (uint32_t)&kernel_tss, sizeof kernel_tss - 1);

    memset(&df_tss, 0, sizeof df_tss);
    df_tss.esp0 = df_tss.esp = (uint32_t)(df_stack + sizeof df_stack);
    df_tss.ss0 = df_tss.ss = df_tss.ds = df_tss.es = KERNEL_DS;
    df_tss.cs = KERNEL_CS;
    df_tss.eip = (uint32_t)double_fault_task;
    df_tss.cr3 = kernel_cr3;
    df_tss.eflags = 0x2;
    df_tss.iomap_base = sizeof df_tss;
    gdt_set_tss(DF_TSS_SEL, (uint32_t)&df_tss, sizeof df_tss - 1);
    __asm__ volatile("ltr %w0" :: "r"(TSS_SEL));
}

void tss_io_trap(uint16_t port, bool trap)
{
    uint8_t bit = 1 << (port & 7);
    if (trap)
        kernel_tss.io_bitmap[port >> 3] |= bit;
    else
        kernel_tss.io_bitmap[port >> 3] &= ~bit;
}

void tss_int_trap(uint8_t vector, bool trap)
{
    uint8_t bit = 1 << (vector & 7);
    if (trap)
        kernel_tss.int_redirect[vector >> 3] |= bit;
    else
        kernel_tss.int_redirect[vector >> 3] &= ~bit;
}
