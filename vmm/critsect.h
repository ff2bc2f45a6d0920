/* The critical section (Begin/End_Critical_Section, Claim/Release,
 * End_Crit_And_Suspend, Get_Crit_Section_Status, Call_When_Not_Critical).
 *
 * One system-wide, counted, owned by a thread (of a VM: crit_owner is that
 * VM): a thread that wants it while another holds it -- of another VM or of
 * its own -- blocks until it is free.  The owner's VM runs with
 * Critical_Section_Boost, so it runs before every VM without that boost.
 * Ending a VM or a thread releases what it held. */
#ifndef VMM_CRITSECT_H
#define VMM_CRITSECT_H
#include <stdint.h>
#include <stdbool.h>
#include "vmm/vm.h"

extern struct vm *crit_owner;
extern uint32_t crit_claims;

/* Claim n times for the current VM (blocking while another VM owns it). */
void crit_claim(uint32_t n, uint32_t block_flags);
/* Release n claims of the current VM; false when it holds fewer. */
bool crit_release(uint32_t n);
/* Call_When_Not_Critical: a register-level callback (EBX = VM, EDX =
 * RefData) when the critical section is next free; at once if it is. */
bool crit_call_when_not_critical(const void *proc, uint32_t refdata);
/* The VM ended while holding or waiting for it. */
void crit_vm_gone(struct vm *vm);
/* The thread ended (vmm/thread.c) while holding it. */
struct thread;
void crit_thread_gone(struct thread *t);
/* Which thread of crit_owner holds it (NULL: free). */
struct thread *crit_owner_thread(void);
#endif
