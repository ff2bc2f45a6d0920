/* Boot-time set-up of the #GP fast path (boot/fastpath.asm, rules in
 * v86/fastpath.h). */
#include "v86/fastpath.h"
#include "v86/vflags.h"
#include "boot/idt.h"
#include "vmm/cmdline.h"
#include "vmm/console.h"
#include "vmm/lib/x86.h"
#include "vmm/hw/cpu.h"
#include "vmm/hw/pic.h"

volatile uint32_t v86_fast_block;

extern void v86_gp_fast(void);
extern void v86_ud_entry(void);

void v86_fastpath_fault_hooks(unsigned n)
{
    uint32_t f = irq_save();
    v86_fast_block = n ? v86_fast_block | V86_SLOW_FAULT_HOOK : v86_fast_block & ~V86_SLOW_FAULT_HOOK;
    irq_restore(f);
}

#define CR0_AM          0x00040000u     /* alignment checks: #AC, vector 11h */
#define CR4_MCE         0x00000040u     /* machine checks: #MC, vector 12h */
#define CR4_OSXMMEXCPT  0x00000400u     /* SIMD exceptions: #XM, vector 13h */
#define T_DYNALINK_VEC  0x20

/* Can the CPU raise exception `vec` here?  10h-13h only when enabled;
 * 14h-1Fh are reserved (or need features the VMM never turns on). */
static bool cpu_may_raise(unsigned vec, uint32_t cr0, uint32_t cr4)
{
    switch (vec) {
    case 0x10: return cr0 & CR0_NE;
    case 0x11: return cr0 & CR0_AM;
    case 0x12: return cr4 & CR4_MCE;
    case 0x13: return cr4 & CR4_OSXMMEXCPT;
    default:   return vec < 0x10;
    }
}

void v86_fastpath_iopl3(void)
{
    extern void (*const softint_vectors[256])(void);
    if (v86_fast_block & (V86_SLOW_OFF | V86_SLOW_DEBUG))
        return;
    uint32_t cr0 = read_cr0(), cr4 = cpu.has_cr4 ? read_cr4() : 0;   /* CR4: Pentium (check-386) */
    for (unsigned v = 0; v < 256; v++) {
        if (v < 0x20 ? cpu_may_raise(v, cr0, cr4) : v == T_DYNALINK_VEC ||
                       (v >= IRQ_VECTOR_BASE && v < IRQ_VECTOR_BASE + 16))
            continue;
        idt_set_user_gate(v, softint_vectors[v]);
    }
}

void v86_fastpath_init(void)
{
    uint32_t block = 0;
    if (cmdline.fast_off)
        block |= V86_SLOW_OFF;
    if (cmdline.trace_int || cmdline.trace_io || cmdline.trace_fault || cmdline.debug_magic)
        block |= V86_SLOW_DEBUG;
    if (vme_enabled)
        block |= V86_SLOW_VME;
    v86_fast_block |= block;
    idt_set_handler(13, v86_gp_fast);
    idt_set_handler(6, v86_ud_entry);   /* ARPL: breakpoints, callbacks (callbacks/udfast.c) */
    if (block & V86_SLOW_OFF)
        kprintf("vmm386: #GP fast path off\n");
}
