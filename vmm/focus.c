#include "vmm/focus.h"
#include "vmm/sched.h"
#include "vmm/console.h"
#include "vxd/control.h"

bool focus_set(struct vm *vm)
{
    if (!vm_validate(vm))
        return false;
    if (vm == focus_vm)
        return true;
    if (!system_control(Set_Device_Focus, vm, 0, 0, 0))
        return false;
    focus_vm = vm;
    sched_set_resched();               /* foreground and background weights swap */
    kprintf("vmm386: focus on VM %u\n", vm->CB_VMID);
    return true;
}
