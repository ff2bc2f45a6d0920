/* The scheduler: which VM runs.
 *
 * Every VM has its own ring-0 stack; switching VMs is switching stacks
 * (swtch, boot/trapentry.asm) plus the address space and TSS.ESP0
 * (vm_activate).  A VM is switched away from only at known points: on its
 * way back to V86 mode (v86_resume, when sched_resched is set), while it
 * idles (HLT), and when it blocks in ring 0 (a semaphore, the critical
 * section, Suspend_VM of itself) or ends.  Hardware interrupts never switch:
 * they only make VMs runnable and set sched_resched.
 *
 * The primary scheduler runs the runnable VM with the highest execution
 * priority (Adjust_Exec_Priority; the DDK's boosts).  The time slicer
 * (vmm/timeslice.c) shares the CPU among VMs of equal priority by giving the
 * VM whose slice it is Cur_Run_VM_Boost.  A VM is runnable when it is not
 * suspended, not blocked, not ended, and not idle (HLT with virtual IF=1)
 * unless an interrupt or an event is pending for it.  When nothing is
 * runnable, the CPU halts.
 */
#ifndef VMM_SCHED_H
#define VMM_SCHED_H
#include <stdint.h>
#include <stdbool.h>
#include "vmm/vm.h"
#include "v86/fastpath.h"

/* Set when the choice of VM may have changed: v86_resume's one check.  The
 * #GP fast path (v86/fastpath.h) returns to V86 mode without v86_resume,
 * so it is kept off while a switch is wanted (V86_SLOW_RESCHED). */
extern volatile bool sched_resched;
static inline void sched_set_resched(void)
{
    sched_resched = true;
    v86_fast_block |= V86_SLOW_RESCHED;
}
static inline void sched_clear_resched(void)
{
    sched_resched = false;
    v86_fast_block &= ~V86_SLOW_RESCHED;
}
extern struct vm *focus_vm;             /* the VM with the display and keyboard */

/* A new VM control block joins the round-robin order (not yet runnable). */
void sched_vm_created(struct vm *vm);
/* Prepare the VM's ring-0 context so that, when first switched to, it runs
 * start(vm) on its own stack; from then on it may be scheduled. */
void sched_start(struct vm *vm, void (*start)(struct vm *));
/* The same for a new thread (vmm/thread.c): start(t) on its own stack. */
struct thread;
void sched_start_thread(struct thread *t, void (*start)(struct thread *));
/* A VM ended (vm_end).  The current one: run another, never return; its
 * stack and memory go once we are off it.  Another: it goes now. */
void sched_vm_gone(struct vm *vm);

/* On the way back to V86 mode with sched_resched set: run whichever VM
 * should run; returns when the current VM runs again. */
void sched_preempt(void);
/* The current VM has nothing to run (idle HLT, blocked): run another VM,
 * or halt the CPU until an interrupt; returns to check again. */
void sched_idle_wait(void);
/* Block the current VM until sched_wake(on); flags: Block_* of
 * Wait_Semaphore (Block_Svc_Ints: its interrupts are serviced meanwhile). */
void sched_block(const void *on, uint32_t flags);
void sched_wake(const void *on, bool all);

bool vm_runnable(const struct vm *vm);
/* Adjust_Exec_Priority: add boost (signed), clamped to the DDK's range. */
void sched_adjust_priority(struct vm *vm, int32_t boost);
/* Something changed for vm (an interrupt, an event, Wake_Up_VM). */
void sched_kick(struct vm *vm);

/* Suspend_VM / Resume_VM (with the VM_Suspend / VM_Resume messages). */
bool sched_suspend(struct vm *vm);
bool sched_resume(struct vm *vm, bool no_fail);

/* Call_When_Task_Switched / Call_When_Idle (register-level callbacks). */
bool sched_call_when_task_switched(const void *proc);
bool sched_call_when_idle(const void *proc);

/* The first VM control block in round-robin order (then ->sched_next). */
struct vm *sched_first(void);

/* From timer_tick, every ms or, when clock interrupts came late, the ms
 * since the last one: time accounting and the time slicer. */
void sched_tick(uint32_t ms);
#endif
