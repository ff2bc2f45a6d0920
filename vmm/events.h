/* VM and global events (Schedule_VM_Event, Schedule_Global_Event,
 * Call_VM_Event, Call_Global_Event, Cancel_VM_Event, Cancel_Global_Event).
 *
 * An event is a VxD callback that must run when it is safe to: outside any
 * hardware interrupt, in the context of its VM (a global event: of whichever
 * VM is current).  Scheduled events wait in FIFO lists, one per VM and one
 * global, taken from a fixed pool of EVENT_POOL_SIZE, and run
 *   - when the VMM is about to return to the VM from a trap (v86_resume), and
 *   - when the VM idles in HLT (v86_idle wakes for them);
 * global events first, each list in FIFO order.
 *
 * Call_*: called at once (handle 0) when events can run now for the target;
 * scheduled otherwise.  Events cannot run now (events_can_run)
 *   - while the VMM dispatches a hardware interrupt, whether it interrupted
 *     the VMM (ring 0, the idle HLT) or a VM: time-out callbacks run there,
 *     with the interrupt half handled and interrupts off;
 *   - for a VM event, when the target is not the current VM;
 *   - when there is no current VM, or it is being terminated.
 *
 * An event callback may use any service, schedule further events (they run
 * in the same delivery pass: the VM resumes only when no event is pending
 * for it) and call Call_VM_Event (it runs at once, nested).  One delivery
 * pass per VM at a time: a trap from nested execution started by an event
 * does not start another pass; the outer pass picks the new events up.
 *
 * Priority events (Call_Priority_VM_Event: boost, PEF_* conditions,
 * time-out) and events for VMs other than the current one belong to the
 * time-sliced scheduler: the lists are per VM so that it can run a VM with
 * events pending and deliver them on its way in. */
#ifndef VMM_EVENTS_H
#define VMM_EVENTS_H
#include <stdint.h>
#include <stdbool.h>
#include "vmm/vm.h"
#include "callbacks/invoke.h"

#define EVENT_POOL_SIZE 256

/* Events queued in all lists: the inline check of the resume path.  With
 * one VM it is exact; with several, events for another VM only make the
 * resume take the (precise) slow path. */
extern volatile uint32_t events_queued;

/* Schedule: vm NULL for a global event.  Returns the handle; 0 when vm is
 * not a valid VM or the pool is exhausted (logged once per exhaustion). */
uint32_t event_schedule(struct vm *vm, const struct vxd_callback *cb);
/* Call now when events can run now for vm (NULL: global), returning 0;
 * else schedule, returning the handle.  *refused: neither happened. */
uint32_t event_call(struct vm *vm, const struct vxd_callback *cb, bool *refused);
/* Remove a pending event of vm (NULL: a global one).  A handle of an event
 * that already ran, was cancelled, belongs elsewhere, or 0: false, nothing. */
bool event_cancel(struct vm *vm, uint32_t handle);

/* Run what is pending for vm (the current VM, on its way back from a trap):
 * global events, then vm's, until none is left. */
void events_deliver(struct vm *vm);
/* Does vm have events that events_deliver would run now?  (v86_idle) */
bool events_ready(struct vm *vm);
/* Is an event waiting that vm would run (whether or not it could now)? */
bool events_pending_for(struct vm *vm);

/* Call_Priority_VM_Event: boost the VM while the event waits for its PEF_*
 * conditions (Wait_For_STI, Wait_Not_Crit, Wait_Not_Nested_Exec,
 * Wait_Not_HW_Int; Process_Last after the VM's other events; Always_Sched:
 * never at once; Time_Out: after timeout_ms it runs anyway, with carry).
 * Called at once (handle 0) when none of that holds it back.  The caller
 * refuses the flags that need threads or protected mode. */
uint32_t event_call_priority(struct vm *vm, int32_t boost, uint32_t pef, uint32_t timeout_ms,
                             const struct vxd_callback *cb, bool *refused);
bool event_cancel_priority(uint32_t handle);
/* Call_Restricted_Event (and Schedule_Thread_Event, Call_Priority_Thread_Event):
 * as event_call_priority, for thread (NULL: any thread of vm; else it runs
 * on that thread only), with the PEF_* flags of Windows 95 (Thread_Event,
 * Wait_For_Thread_STI, Wait_Crit, Wait_Crit_VM, Ring0_Event); rcb: the
 * callback gets the thread (EDI; RestrictedEvent_HANDLER). */
struct thread;
uint32_t event_call_restricted(struct vm *vm, struct thread *thread, int32_t boost, uint32_t pef,
                               uint32_t timeout_ms, const struct vxd_callback *cb, bool rcb, bool *refused);
/* Cancel_Thread_Event: only an event of thread t. */
bool event_cancel_thread(const struct thread *t, uint32_t handle);
/* Before resuming the VM: the common case is one load and a branch. */
static inline void events_resume(struct vm *vm)
{
    if (events_queued)
        events_deliver(vm);
}

/* Call_When_VM_Ints_Enabled for vm (the current VM): at once when its IF
 * is on and events can run, else when it turns IF on (on the way back to
 * it, after its events).  false: too many requests pending. */
bool event_when_ints_enabled(struct vm *vm, const struct vxd_callback *cb);
/* Get_VMM_Reenter_Count: hardware interrupts being dispatched right now. */
uint32_t events_reenter_count(void);

/* Set_Thread_Time_Out's time-outs of a thread that ended go
 * (vxd/svc_callbacks.c; events_thread_gone calls it). */
struct thread;
void thread_time_outs_gone(struct thread *th);

/* The VM is terminated: its pending events are dropped. */
void events_vm_terminated(struct vm *vm);

/* Around the dispatch of a hardware interrupt (trap()).  vmm_interrupted:
 * the interrupt came from ring 0 (the idle HLT), not from a VM. */
extern uint32_t events_hw_int_depth;    /* hardware interrupts being dispatched */
extern uint32_t events_vmm_int_depth;   /* of those, ones that interrupted ring 0 */
static inline void events_hw_int_enter(bool vmm_interrupted)
{
    events_hw_int_depth++;
    if (vmm_interrupted)
        events_vmm_int_depth++;
}
static inline void events_hw_int_leave(bool vmm_interrupted)
{
    events_hw_int_depth--;
    if (vmm_interrupted)
        events_vmm_int_depth--;
}

/* For the debuggers: pending events, global list first, then each VM's. */
struct event_info {
    uint32_t handle, vmid; const void *proc; uint32_t flags, refdata;
    bool priority, timed_out; uint32_t pef; int32_t boost;     /* priority events */
    uint32_t thread_id;                 /* its thread's ID (0: any thread) */
    uint32_t timeout;                   /* its time-out's handle (0: none) */
    bool restricted;
};
int events_list(struct event_info *out, int max);
#endif
