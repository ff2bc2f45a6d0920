/* Ring-3 -> ring-0 control transfers seen by the V86 monitor: the
 * nested-execution return, V86 breakpoints and callbacks, Call_When_VM_Returns
 * and Hook_V86_Fault.  Each returns true when it consumed the trap. */
#ifndef CALLBACKS_DISPATCH_H
#define CALLBACKS_DISPATCH_H

#include <stdbool.h>
#include "vmm/vm.h"

/* #UD in V86: an ARPL breakpoint, a callback, or the nest return? */
bool callbacks_dispatch_ud(struct vm *vm, struct Client_Reg_Struc *c);
/* #BP in V86 (INT3 variant breakpoints). */
bool callbacks_dispatch_int3(struct vm *vm, struct Client_Reg_Struc *c);
/* Hook_V86_Fault handlers, before the monitor's default handling. */
bool callbacks_fault_hook(struct vm *vm, struct Client_Reg_Struc *c, unsigned trapno);

#endif
