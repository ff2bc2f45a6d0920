/* The VMs' interrupt controller, as far as the core sees it: a request flag
 * per VM (vm->int_requested, which the trap path and the fast path read)
 * and the one procedure a VxD installed (VMM386_Install_Int_Controller:
 * VPICD's, vxd/vpicd.c) that says which vector a VM takes.  No PIC here. */
#ifndef VMM_INTC_H
#define VMM_INTC_H
#include <stdbool.h>
#include "vmm/vm.h"

extern VMM386_INTC_PROC intc_proc;

/* Would the VM take an interrupt now if its IF allowed? */
static inline bool vm_int_pending(struct vm *vm)
{
    return vm->int_requested && intc_proc && intc_proc((VMHANDLE)vm, VMM386_INTC_PENDING) >= 0;
}
/* Acknowledge it: the vector, or -1. */
static inline int vm_int_ack(struct vm *vm)
{
    return vm->int_requested && intc_proc ? (int)intc_proc((VMHANDLE)vm, VMM386_INTC_ACK) : -1;
}
/* The vector ack returned had VMM386_INTC_WATCH_IRET: the controller asks
 * for the handler's return now (Call_When_VM_Returns, inside the bracket). */
static inline void vm_int_watch_iret(struct vm *vm)
{
    intc_proc((VMHANDLE)vm, VMM386_INTC_WATCH);
}
/* Can no interrupt ever reach it (a HLT there hangs the VM)? */
static inline bool vm_ints_all_masked(struct vm *vm)
{
    return intc_proc && intc_proc((VMHANDLE)vm, VMM386_INTC_ALL_MASKED);
}
#endif
