/* Hardware interrupts.  The VMM acknowledges the real PIC at once and
 * raises the line in the owning VM's virtual PIC; the VM sees it when its
 * virtual IF allows and acknowledges it to the virtual PIC.  IRQ 0 is the
 * VMM's clock; VMs get virtual timer ticks from their virtual PIT. */
#include "vmm/irq.h"
#include "vmm/timer.h"
#include "vmm/vm.h"

void irq_dispatch(int irq)
{
    if (pic_is_spurious(irq))
        return;
    pic_eoi(irq);
    if (irq == IRQ_TIMER) {
        timer_tick();
        return;
    }
    /* VM 1 owns every device for now; focus and VPICD-style ownership come
     * with several VMs. */
    if (sys_vm && !sys_vm->dead)
        vpic_raise(&sys_vm->vpic, irq);
}
