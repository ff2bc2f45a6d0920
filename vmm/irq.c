/* Hardware interrupts.  The VMM acknowledges the real PIC at once and
 * raises the line in the owning VM's virtual PIC; the VM sees it when its
 * virtual IF allows and acknowledges it to the virtual PIC.  IRQ 0 is the
 * VMM's clock; VMs get virtual timer ticks from their virtual PIT. */
#include "vmm/irq.h"
#include "vmm/timer.h"
#include "vmm/vm.h"
#include "vmm/sched.h"
#include "vmm/critsect.h"
#include "vxd/vpicd_core.h"

/* Who gets a hardware interrupt nobody virtualized (VPICD_Virtualize_IRQ,
 * vxd/vpicd.c; the keyboard is VKD's): the keyboard the focus VM; the disk
 * controllers to the VM in the critical section (it is inside the
 * BIOS disk code that waits for them); everything else to VM 1. */
static struct vm *irq_owner(int irq)
{
    if (irq == IRQ_KEYBOARD && focus_vm)
        return focus_vm;
    if ((irq == IRQ_FLOPPY || irq == IRQ_ATA0 || irq == IRQ_ATA1) && crit_owner)
        return crit_owner;
    return sys_vm;
}

void irq_dispatch(int irq)
{
    if (pic_is_spurious(irq))
        return;
    if (irq != IRQ_TIMER && vpicd_hw_int(irq, cur_vm))
        return;                         /* a VxD's line: it calls VPICD_Phys_EOI */
    pic_eoi(irq);
    if (irq == IRQ_TIMER) {
        timer_tick();
        return;
    }
    struct vm *to = irq_owner(irq);
    if (to && !to->dead) {
        vpic_raise(&to->vpic, irq);
        sched_kick(to);
    }
}
