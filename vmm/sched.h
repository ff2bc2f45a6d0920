#ifndef VMM_SCHED_H
#define VMM_SCHED_H
#include "vmm/vm.h"
/* A VM was terminated while running: run another one, or end the machine
 * when none is left.  Never returns to the dead VM. */
void sched_vm_gone(struct vm *vm) __attribute__((noreturn));
#endif
