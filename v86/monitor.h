#ifndef V86_MONITOR_H
#define V86_MONITOR_H
#include "vmm/trap.h"
#include "vmm/vm.h"
/* Every trap out of V86 mode except hardware interrupts lands here. */
void v86_trap(struct vm *vm, struct trapframe *tf);
/* Wait (interrupts on) until the VM has an interrupt it can take. */
void v86_idle(struct vm *vm, struct Client_Reg_Struc *c);
#endif
