/* Call_When_VM_Returns.
 *
 * Called while a VxD handles an interrupt for the VM (from a V86 interrupt
 * hook, or after Simulate_Int).  vmm386 replaces the return CS:IP of that
 * interrupt's frame on the VM's stack with an address in the VMM's break
 * page and keeps the real one in its own table; when the handler returns
 * (IRET or RETF 2 alike) the VM lands on it, the real CS:IP is restored
 * from the table (never from guest memory) and the callback runs.
 *   time-out > 0: called once, with TimedOut if the VM had not returned in time;
 *   time-out < 0: called at the time-out and again at the return;
 *   0: no time-out. */
#ifndef CALLBACKS_VMRETURNS_H
#define CALLBACKS_VMRETURNS_H
#include <stdint.h>
#include <stdbool.h>
#include "vmm/vm.h"
#include "callbacks/invoke.h"

bool vmreturns_request(struct vm *vm, int32_t timeout_ms, const struct vxd_callback *cb);
/* Bracket the hook chain of one interrupt reflection. */
void *vmreturns_hooks_begin(struct vm *vm);
void vmreturns_hooks_end(struct vm *vm, struct Client_Reg_Struc *c, void *saved, bool frame_pushed);
/* The VM reached return slot `off` of the break page. */
bool vmreturns_dispatch(struct vm *vm, struct Client_Reg_Struc *c, uint16_t off);
int vmreturns_pending(void);
/* A VM is destroyed: its outstanding requests are dropped. */
void vmreturns_vm_gone(struct vm *vm);
#endif
