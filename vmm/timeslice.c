/* The time slicer (rules in vmm/timeslice.h). */
#include "vmm/timeslice.h"
#include "vmm/sched.h"
#include "vmm/events.h"
#include "vmm/thread.h"
#include "include/vmm.h"

struct vm *slice_owner;
uint32_t ts_granularity_ms = TS_DEFAULT_GRANULARITY_MS;
static bool cpu_idle;

static uint32_t weight(const struct vm *vm)
{
    return vm == focus_vm ? vm->ts_fg : vm->ts_bg;
}

bool timeslice_eligible(const struct vm *vm)
{
    if (focus_vm && focus_vm != vm && vm_runnable(focus_vm) &&
        (focus_vm->CB_VM_Status & VMStat_Exclusive))
        return false;
    return vm == focus_vm || !focus_vm || (vm->CB_VM_Status & VMStat_Background);
}

static bool wants_slice(const struct vm *vm)
{
    return vm_runnable(vm) && timeslice_eligible(vm);
}

static void give_slice(struct vm *vm)
{
    if (slice_owner == vm)
        return;
    if (slice_owner)
        sched_adjust_priority(slice_owner, -(int32_t)Cur_Run_VM_Boost);
    slice_owner = vm;
    if (vm) {
        sched_adjust_priority(vm, Cur_Run_VM_Boost);
        uint32_t ms = ts_granularity_ms * weight(vm) / TS_DEFAULT_FG;
        vm->slice_left_ms = ms ? ms : 1;
    }
    sched_set_resched();
}

/* A VM other than `not` that wants a slice and has events waiting. */
static struct vm *event_waiter(const struct vm *not)
{
    for (struct vm *v = sched_first(); v; v = v->sched_next)
        if (v != not && wants_slice(v) && events_pending_for(v))
            return v;
    return 0;
}

/* The next VM after `from` in round-robin order that wants a slice; a VM
 * with events waiting first. */
static struct vm *next_owner(struct vm *from)
{
    struct vm *e = event_waiter(from);
    if (e)
        return e;
    struct vm *start = from ? from->sched_next : 0;
    for (struct vm *v = start; v; v = v->sched_next)
        if (wants_slice(v))
            return v;
    for (struct vm *v = sched_first(); v; v = v->sched_next)
        if (wants_slice(v))
            return v;
    return 0;
}

void timeslice_check(void)
{
    if (!slice_owner || !wants_slice(slice_owner)) {
        give_slice(next_owner(slice_owner));
        return;
    }
    /* An event for a VM that is not running: it runs promptly. */
    struct vm *e = event_waiter(slice_owner);
    if (e)
        give_slice(e);
}

void timeslice_release(void)
{
    struct vm *n = next_owner(slice_owner);
    if (n)
        give_slice(n);
}

void timeslice_tick(uint32_t ms)
{
    struct vm *vm = cur_vm;
    if (cpu_idle || !vm || vm->dead)
        return;
    vm->exec_time_ms += ms;             /* merged clock ticks count in full */
    if (vm->cur_thread)
        vm->cur_thread->exec_time_ms += ms;
    if (vm != slice_owner)
        return;
    if (vm->slice_left_ms > ms) {
        vm->slice_left_ms -= ms;
        return;
    }
    vm->slice_left_ms = 0;
    struct vm *n = next_owner(vm);
    if (n)
        give_slice(n);
    else
        vm->slice_left_ms = ts_granularity_ms;
}

void timeslice_vm_gone(struct vm *vm)
{
    if (slice_owner == vm)
        slice_owner = 0;
    sched_set_resched();
}

void timeslice_cpu_idle(bool idle)
{
    cpu_idle = idle;
}

uint32_t timeslice_share(const struct vm *vm)
{
    uint32_t total = 0;
    for (struct vm *v = sched_first(); v; v = v->sched_next)
        if (!v->dead && timeslice_eligible(v))
            total += weight(v);
    return total && timeslice_eligible(vm) ? weight(vm) * 100 / total : 0;
}
