/* Nested execution: a VxD (or the VMM itself) runs V86 code synchronously
 * from ring 0 (Begin_Nest_V86_Exec, Exec_Int, Resume_Exec, End_Nest_Exec).
 *
 * Resume_Exec carves a fresh trap frame below the caller's ring-0 stack,
 * points TSS.ESP0 and CB_Client_Pointer at it and enters the VM.  When the
 * VM reaches the VMM's nest-return address while that level is outstanding,
 * the nested client state is copied back into the caller's frame and the
 * ring-0 stack is unwound to Resume_Exec's caller.
 */
#ifndef V86_NEST_H
#define V86_NEST_H

#include <stdbool.h>
#include <stdint.h>
#include "vmm/vm.h"

/* Point the client's CS:IP at the nest-return address, so a simulated INT
 * or far call returns into the VMM.  Returns false when nested too deep. */
bool begin_nest_v86_exec(struct vm *vm);
/* Run the VM until it returns to the nest-return address. */
void resume_exec(struct vm *vm);
/* Simulate INT vec (hook chain, then IVT) and run it to its IRET. */
void exec_int(struct vm *vm, uint8_t vec);
void end_nest_exec(struct vm *vm);
/* The monitor hit the nest-return address; false if no level is outstanding. */
bool nest_return_hit(struct vm *vm, struct Client_Reg_Struc *c);

#endif
