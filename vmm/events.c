/* VM and global events: a fixed pool, FIFO lists, delivery on the way back
 * to the VM.  The rules are in vmm/events.h.
 *
 * Everything here runs with interrupts off (the trap path, the services,
 * the timer interrupt); schedule and cancel still save and restore IF so
 * that they stay safe from any future caller that runs with it on. */
#include "vmm/events.h"
#include "vmm/mem.h"
#include "vmm/console.h"
#include "vmm/sched.h"
#include "vmm/critsect.h"
#include "vmm/timeout.h"
#include "include/vmm.h"
#include "vmm/lib/x86.h"
#include "v86/vflags.h"
#include "v86/fastpath.h"
#include "vmm/thread.h"

/* A handle is the slot's generation above (index + 1): never 0, and a
 * handle of an event that ran or was cancelled no longer matches its slot
 * when the slot is reused (until the generation wraps, 2^23 reuses later). */
#define HANDLE_INDEX_BITS 9
#define HANDLE_INDEX_MASK ((1u << HANDLE_INDEX_BITS) - 1)
_Static_assert(EVENT_POOL_SIZE < (1u << HANDLE_INDEX_BITS), "event index must fit below the generation");

struct event {
    uint32_t handle;                    /* 0: free */
    uint32_t generation;                /* bumped at each allocation of the slot */
    uint32_t slot1;                     /* its index + 1 (no division on the hot path) */
    struct vm *vm;                      /* NULL: a global event */
    struct vxd_callback cb;
    struct event *prev, *next;          /* in its list; next also links the free slots */
    /* a priority event (Call_Priority_VM_Event) */
    bool priority;
    bool timed_out;                     /* its PEF_Time_Out expired first */
    uint32_t pef;                       /* PEF_* conditions */
    int32_t boost;                      /* applied to its VM while it waits */
    uint32_t timeout;                   /* time-out handle, 0: none */
    /* a restricted or thread event (Call_Restricted_Event, Schedule_Thread_Event,
     * Call_Priority_Thread_Event) */
    struct thread *thread;              /* runs only on this thread (NULL: any of its VM's) */
    bool rcb;                           /* the callback takes the thread (RestrictedEvent_HANDLER) */
};

struct event_list { struct event *head, *tail; };

static struct event event_pool[EVENT_POOL_SIZE];
static struct event *free_events;       /* slots that were used and freed */
static uint32_t never_used;             /* slots [never_used, EVENT_POOL_SIZE) are free too */
static struct event_list global_events;
static struct event_list vm_events[MAX_VMS];    /* indexed by vm->slot */
static bool delivering[MAX_VMS];        /* a delivery pass of that VM is running */
uint32_t events_hw_int_depth;           /* (vmm/events.h: counted inline by trap()) */
uint32_t events_vmm_int_depth;
static bool exhaustion_logged;          /* once per exhaustion, not per refusal */

volatile uint32_t events_queued;

/* Change the count; while it is not zero the #GP fast path, which does not
 * run events, stands aside (V86_SLOW_EVENTS: one word for it to test). */
static void queued_add(int32_t n)
{
    uint32_t f = irq_save();
    events_queued += (uint32_t)n;
    v86_fast_block = events_queued ? v86_fast_block | V86_SLOW_EVENTS : v86_fast_block & ~V86_SLOW_EVENTS;
    irq_restore(f);
}

/* ------------------------------------------------------------ the pool */

static inline __attribute__((always_inline)) struct event *event_alloc(void)
{
    struct event *e = free_events;
    if (e) {
        free_events = e->next;
    } else if (never_used < EVENT_POOL_SIZE) {
        e = &event_pool[never_used++];
        e->slot1 = never_used;
    }
    if (e)
        e->handle = (++e->generation << HANDLE_INDEX_BITS) | e->slot1;
    return e;
}

static void event_free(struct event *e)
{
    e->handle = 0;
    e->next = free_events;
    free_events = e;
    exhaustion_logged = false;
}

static struct event *event_by_handle(uint32_t handle)
{
    uint32_t i = (handle & HANDLE_INDEX_MASK) - 1;
    if (!handle || i >= EVENT_POOL_SIZE || event_pool[i].handle != handle)
        return 0;
    return &event_pool[i];
}

/* ------------------------------------------------------------ the lists */

static struct event_list *list_of(const struct vm *vm)
{
    return vm ? &vm_events[vm->slot] : &global_events;
}

static void list_append(struct event_list *l, struct event *e)
{
    e->next = 0;
    e->prev = l->tail;
    if (l->tail)
        l->tail->next = e;
    else
        l->head = e;
    l->tail = e;
    queued_add(1);
}

static void list_unlink(struct event_list *l, struct event *e)
{
    if (e->prev)
        e->prev->next = e->next;
    else
        l->head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        l->tail = e->prev;
    queued_add(-1);
}

/* ------------------------------------------------------- when they run */

/* Can events for vm (the target; for a global event, the current VM) run
 * right now?  Not (a) inside a hardware interrupt that interrupted the
 * VMM, nor (c) inside any other hardware interrupt: time-out callbacks run
 * in the timer interrupt, which must stay short; (b) only in the target
 * VM's own context, which must exist and be alive. */
static bool events_can_run(const struct vm *vm)
{
    if (events_vmm_int_depth || events_hw_int_depth)
        return false;
    return vm && vm == cur_vm && !vm->dead;
}

/* ------------------------------------------------------------ services */

static void pool_exhausted(void)
{
    if (exhaustion_logged)
        return;
    exhaustion_logged = true;
    kprintf("vmm386: event pool exhausted (%u pending): event refused\n", EVENT_POOL_SIZE);
}

/* A VM handle an event may be queued for: the current VM (the common case,
 * two compares) or any other live one. */
static inline bool event_vm_ok(const struct vm *vm)
{
    return (vm == cur_vm && vm && !vm->dead) || vm_validate(vm);
}

/* Queue an event for vm (NULL: global), a priority one when pef_or_prio
 * says so; NULL when the pool is exhausted (logged once).  The fields are
 * set one by one: this is the hot half of the event-delivery bench row. */
static inline __attribute__((always_inline)) struct event *event_enqueue(struct vm *vm, const struct vxd_callback *cb, bool priority,
                                   uint32_t pef, int32_t boost, struct thread *thread, bool rcb)
{
    uint32_t f = irq_save();
    struct event *e = event_alloc();
    if (e) {
        e->vm = vm;
        e->cb.proc = cb->proc;
        e->cb.flags = cb->flags;
        e->cb.refdata = cb->refdata;
        e->priority = priority;
        e->timed_out = false;
        e->pef = pef;
        e->boost = boost;
        e->timeout = 0;
        e->thread = thread;
        e->rcb = rcb;
        list_append(list_of(vm), e);
    }
    irq_restore(f);
    if (__builtin_expect(!e, 0))
        pool_exhausted();
    else if (vm != cur_vm)
        sched_kick(vm);                 /* its VM (any, for a global one) should run soon */
    return e;
}

uint32_t event_schedule(struct vm *vm, const struct vxd_callback *cb)
{
    if (!cb->proc || (vm && !event_vm_ok(vm)))
        return 0;
    struct event *e = event_enqueue(vm, cb, false, 0, 0, 0, false);
    return e ? e->handle : 0;
}

uint32_t event_call(struct vm *vm, const struct vxd_callback *cb, bool *refused)
{
    struct vm *target = vm ? vm : cur_vm;
    *refused = false;
    if (cb->proc && events_can_run(target)) {
        invoke_event(cb, target);
        return 0;
    }
    uint32_t h = event_schedule(vm, cb);
    *refused = !h;
    return h;
}

bool event_cancel(struct vm *vm, uint32_t handle)
{
    uint32_t f = irq_save();
    struct event *e = event_by_handle(handle);
    bool ok = e && e->vm == vm && !e->priority;
    if (ok) {
        list_unlink(list_of(vm), e);
        event_free(e);
    }
    irq_restore(f);
    return ok;
}

/* ------------------------------------------------------ priority events */

static bool pef_holds(struct vm *vm, const struct thread *t, uint32_t pef);

static void unboost(struct vm *vm, int32_t boost)
{
    if (boost && !vm->dead)
        sched_adjust_priority(vm, -boost);
}

/* What delivery keeps of a priority event once its slot is freed. */
struct prio_run { uint32_t pef, timeout; int32_t boost; bool timed_out, rcb; };

/* The callback of a priority event that ran or timed out; the boost goes
 * unless PEF_Dont_Unboost (a time-out cancels it all the same). */
static void run_priority_event(struct vm *vm, const struct vxd_callback *cb, const struct prio_run *p)
{
    if (p->timeout && !p->timed_out)
        timeout_cancel(p->timeout);
    if (!(p->pef & PEF_Dont_Unboost) || p->timed_out)
        unboost(vm, p->boost);
    if (p->rcb)
        invoke_restricted_event(cb, vm, thread_current(), p->timed_out);
    else
        invoke_priority_event(cb, vm, p->timed_out);
}

/* In the timer interrupt: the event runs next time, conditions or not. */
static void priority_timed_out(void *arg, uint32_t late)
{
    (void)late;
    struct event *e = arg;
    e->timeout = 0;
    e->timed_out = true;
    if (e->vm)
        sched_kick(e->vm);
}

/* Call_Priority_VM_Event and the Windows 95 forms, once the arguments are
 * checked: a target thread (NULL: any thread of vm), PEF_Ring0_Event (any
 * context: the global list).  Inline in its two callers, so that the VM
 * form (the common one) pays for no thread arguments. */
static inline __attribute__((always_inline)) uint32_t
call_checked(struct vm *vm, struct thread *thread, int32_t boost, uint32_t pef, uint32_t timeout_ms,
             const struct vxd_callback *cb, bool rcb, bool *refused)
{
    bool ring0 = pef & PEF_Ring0_Event;
    struct vm *where = ring0 ? cur_vm : vm;     /* a ring-0 event runs in any VM's context */
    if (ring0)
        boost = 0, thread = 0;                  /* no VM of its own to boost */
    if (!(pef & PEF_Always_Sched) && where && events_can_run(where) && !delivering[where->slot] &&
        (!thread || thread == where->cur_thread) && !pef_holds(where, thread, pef)) {
        *refused = false;
        if (rcb)
            invoke_restricted_event(cb, where, thread_current(), false);
        else
            invoke_priority_event(cb, where, false);        /* at once: no boost to give */
        return 0;
    }
    struct event *e = event_enqueue(ring0 ? 0 : vm, cb, true, pef, boost, thread, rcb);
    if (!e)
        return 0;
    if (thread && thread != vm->cur_thread)
        thread_kick(thread);            /* its thread runs first among its VM's, even out of HLT */
    if (boost)
        sched_adjust_priority(vm, boost);
    if ((pef & PEF_Time_Out) && !(e->timeout = timeout_set(timeout_ms, vm, 0, priority_timed_out, e)))
        e->timed_out = true;            /* no time-out slot: as if it had expired */
    *refused = false;
    return e->handle;
}

uint32_t event_call_restricted(struct vm *vm, struct thread *thread, int32_t boost, uint32_t pef,
                               uint32_t timeout_ms, const struct vxd_callback *cb, bool rcb, bool *refused)
{
    *refused = true;
    if (!cb->proc || !event_vm_ok(vm) || (thread && (thread->vm != vm || !thread_validate(thread))))
        return 0;
    return call_checked(vm, thread, boost, pef, timeout_ms, cb, rcb, refused);
}

uint32_t event_call_priority(struct vm *vm, int32_t boost, uint32_t pef, uint32_t timeout_ms,
                             const struct vxd_callback *cb, bool *refused)
{
    *refused = true;
    if (!cb->proc || !event_vm_ok(vm))
        return 0;
    return call_checked(vm, 0, boost, pef, timeout_ms, cb, false, refused);
}

static bool cancel_priority(uint32_t handle, const struct thread *t)
{
    uint32_t f = irq_save();
    struct event *e = event_by_handle(handle);
    bool ok = e && e->priority && (!t || e->thread == t);
    struct vm *vm = ok ? e->vm : 0;
    int32_t boost = ok ? e->boost : 0;
    if (ok) {
        if (e->timeout)
            timeout_cancel(e->timeout);
        list_unlink(list_of(vm), e);
        event_free(e);
    }
    irq_restore(f);
    if (ok && vm)
        unboost(vm, boost);
    return ok;
}

bool event_cancel_priority(uint32_t handle) { return cancel_priority(handle, 0); }
bool event_cancel_thread(const struct thread *t, uint32_t handle) { return t && cancel_priority(handle, t); }

/* ------------------------------------------------------------ delivery */

/* May this event of vm run now?  A priority event waits for its PEF_*
 * conditions, unless its time-out expired (then it runs with carry set). */
#define PEF_HOLDS (PEF_Wait_For_STI | PEF_Wait_Not_Crit | PEF_Wait_Not_Nested_Exec | \
                   PEF_Wait_For_Thread_STI | PEF_Wait_Crit | PEF_Wait_Crit_VM)

/* Do the PEF_* conditions hold the event back right now?  vm is where it
 * would run, on its loaded thread (t, when the event names one).
 *   Wait_For_Thread_STI  that thread's virtual IF is off (the VM's is the
 *                        loaded thread's: the same test as Wait_For_STI);
 *   Wait_Crit            another thread holds the critical section (the
 *                        callback can claim it without blocking);
 *   Wait_Crit_VM         another VM holds it. */
static bool pef_holds(struct vm *vm, const struct thread *t, uint32_t pef)
{
    if ((pef & (PEF_Wait_For_STI | PEF_Wait_For_Thread_STI)) && !v86_vif(vm, vm_crs(vm)))
        return true;
    if ((pef & PEF_Wait_Crit) && crit_owner && crit_owner_thread() != (t ? t : vm->cur_thread))
        return true;
    if ((pef & PEF_Wait_Crit_VM) && crit_owner && crit_owner != vm)
        return true;
    if ((pef & PEF_Wait_Not_Crit) && crit_owner == vm)
        return true;
    if ((pef & PEF_Wait_Not_Nested_Exec) && (vm->nest || vm->resume_depth))
        return true;
    return false;                       /* PEF_Wait_Not_HW_Int: delivery never is in one */
}

static inline bool event_due(struct vm *vm, const struct event *e)
{
    if (e->thread && e->thread != vm->cur_thread)
        return false;                   /* on its own thread only */
    return !e->priority || e->timed_out || !(e->pef & PEF_HOLDS) || !pef_holds(vm, e->thread, e->pef);
}

/* The next event to run for vm: global ones first, each list FIFO; of the
 * VM's, the first whose conditions hold, PEF_Process_Last ones after all
 * others. */
static struct event *next_vm_event_due(struct vm *vm)
{
    struct event *last = 0;
    for (struct event *e = vm_events[vm->slot].head; e; e = e->next) {
        if (!event_due(vm, e))
            continue;
        if (!(e->priority && (e->pef & PEF_Process_Last)))
            return e;
        if (!last)
            last = e;
    }
    return last;
}

/* The common case inline: a plain event first in the VM's list. */
static inline struct event *next_due(struct vm *vm)
{
    if (global_events.head)
        return global_events.head;
    struct event *h = vm_events[vm->slot].head;
    if (!h || !h->priority || (!(h->pef & (PEF_HOLDS | PEF_Process_Last)) && !h->thread))
        return h;
    return next_vm_event_due(vm);
}

/* A Call_When_VM_Ints_Enabled request that can run: the VM's IF is on. */
static bool ints_waiter_due(struct vm *vm)
{
    return vm->n_ints_waiters && v86_vif(vm, vm_crs(vm));
}

/* Its own events (global ones run in whichever VM runs next). */
bool events_pending_for(struct vm *vm)
{
    return !vm->dead && (next_vm_event_due(vm) || ints_waiter_due(vm));
}

bool events_ready(struct vm *vm)
{
    return !delivering[vm->slot] && events_can_run(vm) && (next_due(vm) || ints_waiter_due(vm));
}

static struct vxd_callback ints_waiter_pop(struct vm *vm)
{
    struct vxd_callback cb = { vm->ints_waiters[0].proc, vm->ints_waiters[0].flags,
                               vm->ints_waiters[0].refdata };
    for (int i = 1; i < vm->n_ints_waiters; i++)
        vm->ints_waiters[i - 1] = vm->ints_waiters[i];
    vm->n_ints_waiters--;
    queued_add(-1);
    return cb;
}

bool event_when_ints_enabled(struct vm *vm, const struct vxd_callback *cb)
{
    if (!cb->proc)
        return false;
    if (v86_vif(vm, vm_crs(vm)) && events_can_run(vm)) {
        invoke_event(cb, vm);
        return true;
    }
    if (vm->n_ints_waiters == VM_MAX_INTS_WAITERS)
        return false;
    uint32_t f = irq_save();
    vm->ints_waiters[vm->n_ints_waiters].proc = cb->proc;
    vm->ints_waiters[vm->n_ints_waiters].flags = cb->flags;
    vm->ints_waiters[vm->n_ints_waiters].refdata = cb->refdata;
    vm->n_ints_waiters++;
    queued_add(1);
    if (vme_enabled)                    /* the STI that enables must trap */
        vm_crs(vm)->Client_EFlags |= EFL_VIP;
    irq_restore(f);
    return true;
}

uint32_t events_reenter_count(void) { return events_hw_int_depth; }

/* One pass: what is due, until nothing is.  The event is taken off its
 * list and freed before its callback runs: cancelling the running event is
 * a no-op, and the callback may reuse the slot for a new event. */
void events_deliver(struct vm *vm)
{
    if (delivering[vm->slot] || !events_can_run(vm))
        return;
    delivering[vm->slot] = true;
    for (;;) {
        struct event *e = next_due(vm);
        if (e) {
            struct vxd_callback cb = { e->cb.proc, e->cb.flags, e->cb.refdata };
            if (e->priority && !e->timeout && !e->boost && !e->rcb) {
                bool timed_out = e->timed_out;  /* nothing to cancel or unboost */
                list_unlink(list_of(e->vm), e);
                event_free(e);
                invoke_priority_event(&cb, vm, timed_out);
            } else if (e->priority) {
                struct prio_run p = { e->pef, e->timeout, e->boost, e->timed_out, e->rcb };
                list_unlink(list_of(e->vm), e);
                event_free(e);
                run_priority_event(vm, &cb, &p);
            } else {
                list_unlink(list_of(e->vm), e);
                event_free(e);
                invoke_event(&cb, vm);
            }
        } else if (ints_waiter_due(vm)) {
            struct vxd_callback cb = ints_waiter_pop(vm);
            invoke_event(&cb, vm);
        } else {
            break;
        }
    }
    delivering[vm->slot] = false;
}

void events_vm_terminated(struct vm *vm)
{
    struct event_list *l = list_of(vm);
    while (l->head) {
        struct event *e = l->head;
        if (e->timeout)
            timeout_cancel(e->timeout);
        list_unlink(l, e);
        event_free(e);
    }
    queued_add(-vm->n_ints_waiters);
    vm->n_ints_waiters = 0;
    delivering[vm->slot] = false;    /* its pass, if any, never resumes */
}

/* A thread ends (not its VM's initial one): its events go, with their
 * time-outs and boosts, so that none runs for a dead thread. */
void events_thread_gone(struct thread *t)
{
    thread_time_outs_gone(t);
    struct vm *vm = t->vm;
    struct event_list *l = list_of(vm);
    for (struct event *e = l->head, *n; e; e = n) {
        n = e->next;
        if (e->thread != t)
            continue;
        if (e->timeout)
            timeout_cancel(e->timeout);
        int32_t boost = e->boost;
        list_unlink(l, e);
        event_free(e);
        unboost(vm, boost);
    }
}

/* ------------------------------------------------------------ debuggers */

static int list_copy(const struct event_list *l, struct event_info *out, int n, int max)
{
    for (const struct event *e = l->head; e && n < max; e = e->next)
        out[n++] = (struct event_info){ e->handle, e->vm ? e->vm->CB_VMID : 0, e->cb.proc,
                                        e->cb.flags, e->cb.refdata, e->priority, e->timed_out,
                                        e->pef, e->boost, e->thread ? e->thread->tcb.TCB_ThreadId : 0,
                                        e->timeout, e->rcb };
    return n;
}

int events_list(struct event_info *out, int max)
{
    int n = list_copy(&global_events, out, 0, max);
    for (int id = 0; id < MAX_VMS; id++)
        n = list_copy(&vm_events[id], out, n, max);
    return n;
}
