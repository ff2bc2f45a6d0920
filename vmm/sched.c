/* VM scheduling.  One VM runs today; the time-sliced scheduler of the
 * roadmap replaces sched_vm_gone's body with a switch to the next VM. */
#include "vmm/sched.h"
#include "vmm/console.h"
#include "vmm/panic.h"
#include "vxd/vxd.h"

void sched_vm_gone(struct vm *vm)
{
    (void)vm;
    if (!vm_list) {
        kprintf("vmm386: no VMs left\n");
        vxd_system_exit();
        machine_exit(EXIT_NO_VMS);
    }
    panic("no scheduler yet to run the remaining VMs");
}
