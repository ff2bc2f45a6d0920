/* Boot-time set-up of the #GP fast path (boot/fastpath.asm, rules in
 * v86/fastpath.h). */
#include "v86/fastpath.h"
#include "v86/vflags.h"
#include "boot/idt.h"
#include "vmm/cmdline.h"
#include "vmm/console.h"
#include "vmm/lib/x86.h"

volatile uint32_t v86_fast_block;

extern void v86_gp_fast(void);
extern void v86_ud_entry(void);

void v86_fastpath_fault_hooks(unsigned n)
{
    uint32_t f = irq_save();
    v86_fast_block = n ? v86_fast_block | V86_SLOW_FAULT_HOOK : v86_fast_block & ~V86_SLOW_FAULT_HOOK;
    irq_restore(f);
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
