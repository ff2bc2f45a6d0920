/* 256 interrupt gates to the generated stubs (boot/vectors.asm).
 *
 * Gates 3 and 4 have DPL 3 so that INT3 (CCh) and INTO executed in V86 mode
 * arrive as #BP/#OF rather than #GP; every other INT n from V86 mode raises
 * #GP(0) because IOPL < 3, and the monitor reflects it to the VM's IVT.
 * Vector 8 is a task gate: a double fault gets a fresh stack. */
#include <stdint.h>
#include "boot/idt.h"
#include "boot/gdt.h"
#include "vmm/lib/x86.h"

struct gate {
    uint16_t off_lo, sel;
    uint8_t zero, type;
    uint16_t off_hi;
} __attribute__((packed));

#define GATE_INT32  0x8E    /* present, DPL 0, 32-bit interrupt gate */
#define GATE_TASK   0x85    /* present, DPL 0, task gate */
#define GATE_DPL3   0x60

static struct gate idt[256] __attribute__((aligned(8)));
extern const uint32_t trap_vectors[256];

void idt_init(void)
{
    for (int i = 0; i < 256; i++) {
        idt[i].off_lo = trap_vectors[i] & 0xFFFF;
        idt[i].off_hi = trap_vectors[i] >> 16;
        idt[i].sel = KERNEL_CS;
        idt[i].type = GATE_INT32;
    }
    idt[3].type |= GATE_DPL3;
    idt[4].type |= GATE_DPL3;
    idt[8].type = GATE_TASK;
    idt[8].sel = DF_TSS_SEL;
    idt[8].off_lo = idt[8].off_hi = 0;
    struct dtr d = { sizeof idt - 1, (uint32_t)idt };
    lidt(&d);
}

/* Trusted mode's INT n gates (boot/softint.asm): DPL 3, so that INT n from
 * V86 mode at IOPL 3 reaches fn instead of raising #GP. */
void idt_set_user_gate(int vec, void (*fn)(void))
{
    idt_set_handler(vec, fn);
    idt[vec].type = GATE_INT32 | GATE_DPL3;
}

/* Point an interrupt gate somewhere other than its generated stub (the
 * #GP fast path); the handler must fall back to trap_vectors[vec]. */
void idt_set_handler(int vec, void (*fn)(void))
{
    idt[vec].off_lo = (uint32_t)fn & 0xFFFF;
    idt[vec].off_hi = (uint32_t)fn >> 16;
}
