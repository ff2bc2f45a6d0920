/* Hardware interrupts.  IRQ 0 is the VMM's clock (vmm/timer.c); every other
 * line goes to the device VxD that hooked them (VMM386_Hook_Hw_Int: VPICD,
 * vxd/vpicd.c), which decides which VM sees it and ends it in the real PIC.
 * Without one the line is ended and dropped. */
#ifndef VMM_IRQ_H
#define VMM_IRQ_H
#include "vmm/hw/pic.h"
#include "vmm/timer.h"
#include "vmm/vm.h"
#include "include/vmm.h"

extern VMM386_HW_INT_PROC irq_hook;

/* A hardware interrupt: the timer, or the hook.  Inline: trap()'s path for
 * every interrupt (a disk's included, each costing the VM its wait). */
static inline void irq_dispatch(int irq)
{
    if ((irq & 7) == 7 && pic_is_spurious(irq))       /* only IRQ 7 and 15 can be */
        return;
    if (irq == IRQ_TIMER) {
        pic_eoi(irq);
        timer_tick();
        return;
    }
    if (irq_hook && irq_hook((DWORD)irq, (VMHANDLE)cur_vm))
        return;
    pic_eoi(irq);
}
#endif
