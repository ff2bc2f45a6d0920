/* The primary scheduler: switching between VMs, blocking, idling, and
 * ending VMs.  The rules are in vmm/sched.h. */
#include "vmm/sched.h"
#include "vmm/intc.h"
#include "vmm/timeslice.h"
#include "vmm/thread.h"
#include "boot/tss.h"
#include "vmm/vmlife.h"
#include "vmm/events.h"
#include "vmm/mem.h"
#include "vmm/console.h"
#include "vmm/panic.h"
#include "v86/nest.h"
#include "vxd/vxd.h"
#include "vxd/control.h"
#include "vxd/regs.h"
#include "include/vmm.h"
#include "vmm/lib/x86.h"

/* boot/trapentry.asm */
void swtch(uint32_t *save_esp, uint32_t new_esp);

volatile bool sched_resched;
struct vm *focus_vm;
static struct vm *rr_head;              /* all VM control blocks, creation order */
static struct vm *zombies;              /* ended, waiting for us to be off their stack */
static void (*start_fn[MAX_VMS])(struct vm *);
static void (*thread_start)(struct thread *);  /* every non-initial thread's (vmm/thread.c) */

#define MAX_SCHED_CALLBACKS 16
static const void *task_switched_cb[MAX_SCHED_CALLBACKS];
static const void *idle_cb[MAX_SCHED_CALLBACKS];

#define PRIORITY_MAX Reserved_High_Boost

void sched_vm_created(struct vm *vm)
{
    vm->ts_fg = TS_DEFAULT_FG;
    vm->ts_bg = TS_DEFAULT_BG;
    struct vm **pp = &rr_head;
    while (*pp)
        pp = &(*pp)->sched_next;
    *pp = vm;
    vm->sched_next = 0;
    vm->suspend_count = 1;              /* not runnable until sched_start */
}

static void rr_unlink(struct vm *vm)
{
    for (struct vm **pp = &rr_head; *pp; pp = &(*pp)->sched_next)
        if (*pp == vm) {
            *pp = vm->sched_next;
            return;
        }
}

/* Any of its threads can run.  A VM with one thread (the common case,
 * kept as short as it was before threads): its own fields say. */
bool vm_runnable(const struct vm *vm)
{
    if (vm->dead || vm->suspend_count)
        return false;
    if (vm->threads->vm_next)
        return thread_any_runnable(vm);
    if (vm->CB_VM_Status & VMStat_Blocked)
        return false;
    if (vm->CB_VM_Status & VMStat_Idle)
        return vm_int_pending((struct vm *)vm) || events_pending_for((struct vm *)vm);
    return true;
}

/* Runnable and allowed by the time slicer, or boosted above it. */
static bool may_run(const struct vm *vm)
{
    return vm_runnable(vm) && (timeslice_eligible(vm) || vm->exec_priority > Cur_Run_VM_Boost);
}

/* Highest execution priority; among equals the current VM, then the
 * round-robin order.  NULL when nothing may run. */
static struct vm *pick(void)
{
    timeslice_check();
    struct vm *best = 0;
    for (struct vm *v = rr_head; v; v = v->sched_next) {
        if (!may_run(v))
            continue;
        if (!best || v->exec_priority > best->exec_priority ||
            (v->exec_priority == best->exec_priority && v == cur_vm))
            best = v;
    }
    return best;
}

static void reap(void)
{
    if (thread_zombies)
        thread_reap();
    struct vm **pp = &zombies;
    while (*pp) {
        struct vm *z = *pp;
        if (z == cur_vm) {
            pp = &z->sched_next;
            continue;
        }
        *pp = z->sched_next;
        vmlife_destroy(z);
    }
}

static void call_task_switched(struct vm *from, struct vm *to)
{
    for (int i = 0; i < MAX_SCHED_CALLBACKS; i++)
        if (task_switched_cb[i]) {
            struct vxd_regs r = { .eax = (uint32_t)from, .ebx = (uint32_t)to, .eflags = 2 };
            vxd_call_regs(&r, task_switched_cb[i]);
        }
}

/* The thread that should run: the VM the primary scheduler picks, then
 * one of its threads (vmm/thread.h).  NULL when nothing may run. */
static struct thread *pick_thread(void)
{
    struct vm *vm = pick();
    if (!vm)
        return 0;
    return vm->threads->vm_next ? thread_pick(vm) : vm->cur_thread;
}

static void switch_to(struct thread *next)
{
    struct thread *prev = thread_current();
    if (next == prev)
        return;
    struct vm *pvm = cur_vm, *nvm = next->vm;
    if (nvm != pvm)
        call_task_switched(pvm, nvm);
    if (nvm->cur_thread != next)
        thread_load(nvm, next);
    if (nvm != pvm)
        vm_activate(nvm);
    else
        tss_set_esp0((uint32_t)nvm->CB_Client_Pointer + CRS_FRAME_END);
    if (thread_switched_callbacks)
        thread_switched(prev, next);    /* next is the current thread for them */
    swtch(&prev->kesp, next->kesp);
    /* Running as prev again (or, for a new VM or thread, see thread_entry). */
    reap();
}

static bool call_idle_callbacks(void)
{
    bool busy = false;
    for (int i = 0; i < MAX_SCHED_CALLBACKS; i++)
        if (idle_cb[i]) {
            struct vxd_regs r = { .ebx = (uint32_t)cur_vm, .eflags = 2 };
            vxd_call_regs(&r, idle_cb[i]);
            busy |= regs_cf(&r);
        }
    return busy;
}

void sched_idle_wait(void)
{
    sched_clear_resched();
    struct thread *next = pick_thread();
    if (next) {
        switch_to(next);
        return;
    }
    /* Every VM idle or blocked: the system is idle. */
    if (!call_idle_callbacks()) {
        timeslice_cpu_idle(true);
        sti_hlt();
        cli();
        timeslice_cpu_idle(false);
    }
}

void sched_preempt(void)
{
    for (;;) {
        sched_clear_resched();
        struct thread *next = pick_thread();
        if (next == thread_current())
            return;
        if (next)
            switch_to(next);
        else
            sched_idle_wait();
        struct thread *t = thread_current();
        if (t && !sched_resched && (t->vm->threads->vm_next ? thread_runnable(t) : vm_runnable(t->vm)))
            return;
    }
}

/* Block_Svc_Ints: a blocked VM still takes its interrupts, by nested
 * execution from here (the handler runs, its IRET ends the nest). */
static void service_ints(struct vm *vm)
{
    if (!vm_int_pending(vm) || !begin_nest_v86_exec(vm))
        return;
    vm->CB_VM_Status &= ~VMStat_Blocked;
    resume_exec(vm);
    vm->CB_VM_Status |= VMStat_Blocked;
    end_nest_exec(vm);
}

void sched_block(const void *on, uint32_t flags)
{
    struct vm *vm = cur_vm;
    struct thread *t = vm->cur_thread;
    vm->wait_on = on;
    vm->block_flags = flags;
    vm->CB_VM_Status |= VMStat_Blocked;
    t->tcb.TCB_Flags |= THFLAG_THREAD_BLOCKED;
    while (vm->CB_VM_Status & VMStat_Blocked) {
        if ((flags & (Block_Svc_Ints | Block_Force_Svc_Ints)) && vm_int_pending(vm)) {
            service_ints(vm);
            continue;
        }
        sched_idle_wait();
    }
    vm->wait_on = 0;
    t->tcb.TCB_Flags &= ~THFLAG_THREAD_BLOCKED;
}

/* Every VM's loaded thread through its own fields (as before threads),
 * the other threads of a VM that has several through thread_wake_others. */
void sched_wake(const void *on, bool all)
{
    for (struct vm *v = rr_head; v; v = v->sched_next) {
        if ((v->CB_VM_Status & VMStat_Blocked) && v->wait_on == on) {
            v->CB_VM_Status &= ~VMStat_Blocked;
            v->wait_on = 0;
            sched_set_resched();
            if (!all)
                return;
        }
        if (v->threads->vm_next && thread_wake_others(v, on, all)) {
            sched_set_resched();
            if (!all)
                return;
        }
    }
}

void sched_kick(struct vm *vm)
{
    /* The VM running now, and running on: it takes what it was given on
     * its way back (v86_resume); no choice of VM changed.  (An interrupt for
     * it every few hundred instructions, a floppy read's, would otherwise
     * run the scheduler's choice each time.) */
    if (vm == cur_vm && !(vm->CB_VM_Status & (VMStat_Idle | VMStat_Blocked)) && !vm->threads->vm_next &&
        !vm->dead && !vm->suspend_count)
        return;                         /* vm_runnable()'s answer for it, in short */
    if (vm == cur_vm && vm_runnable(vm) && !(vm->CB_VM_Status & VMStat_Idle))
        return;
    sched_set_resched();
}

void sched_adjust_priority(struct vm *vm, int32_t boost)
{
    int64_t p = (int64_t)vm->exec_priority + boost;
    if (p < 0)
        p = 0;
    if (p > PRIORITY_MAX)
        p = PRIORITY_MAX;
    vm->exec_priority = (uint32_t)p;
    sched_set_resched();
}

bool sched_suspend(struct vm *vm)
{
    if (vm->dead)
        return false;
    if (vm->suspend_count++ == 0) {
        if (!system_control(VM_Suspend, vm, 0, 0, 0)) {
            vm->suspend_count--;
            return false;
        }
        vm->CB_VM_Status |= VMStat_Suspended;
        for (struct thread *t = vm->threads; t; t = t->vm_next)
            t->tcb.TCB_Flags |= THFLAG_SUSPENDED;
    }
    sched_set_resched();
    return true;
}

bool sched_resume(struct vm *vm, bool no_fail)
{
    if (vm->dead || !vm->suspend_count)
        return false;
    if (vm->suspend_count == 1) {
        if (!system_control(VM_Resume, vm, 0, 0, 0) && !no_fail)
            return false;
        vm->CB_VM_Status &= ~VMStat_Suspended;
        for (struct thread *t = vm->threads; t; t = t->vm_next)
            t->tcb.TCB_Flags &= ~THFLAG_SUSPENDED;
    }
    vm->suspend_count--;
    sched_set_resched();
    return true;
}

/* A new VM's or thread's first moment on its own stack. */
static void thread_entry(void)
{
    struct thread *t = thread_current();
    reap();
    if (t->initial)
        start_fn[t->vm->slot](t->vm);
    else
        thread_start(t);
    panic("VM %u thread start returned", t->vm->CB_VMID);
}

/* What swtch pops: edi, esi, ebx, ebp, then its return address. */
static uint32_t first_kesp(struct trapframe *tf0)
{
    uint32_t *sp = (uint32_t *)tf0;
    *--sp = 0;                          /* thread_entry's return address */
    *--sp = (uint32_t)thread_entry;
    *--sp = 0;                          /* ebp */
    *--sp = 0;                          /* ebx */
    *--sp = 0;                          /* esi */
    *--sp = 0;                          /* edi */
    return (uint32_t)sp;
}

void sched_start_thread(struct thread *t, void (*start)(struct thread *))
{
    thread_start = start;
    t->kesp = first_kesp(t->ctx.tf0);
    sched_set_resched();
}

void sched_start(struct vm *vm, void (*start)(struct vm *))
{
    start_fn[vm->slot] = start;
    vm->threads->kesp = first_kesp(vm->tf0);
    vm->suspend_count = 0;
    /* vmm386 runs every VM in the background unless told otherwise
     * (Set_Time_Slice_Priority), as a PIF with "Background" checked. */
    vm->CB_VM_Status |= VMStat_Background;
    sched_set_resched();
}

void sched_vm_gone(struct vm *vm)
{
    rr_unlink(vm);
    timeslice_vm_gone(vm);
    if (focus_vm == vm)
        focus_vm = 0;
    if (vm != cur_vm) {
        vmlife_destroy(vm);
        return;
    }
    vm->sched_next = zombies;
    zombies = vm;
    if (!vm_list) {
        vmlife_last_vm_gone(vm);
        __builtin_unreachable();
    }
    for (;;)
        sched_idle_wait();              /* runs another VM; nothing picks a dead one */
}

static bool add_cb(const void **table, const void *proc)
{
    for (int i = 0; i < MAX_SCHED_CALLBACKS; i++)
        if (!table[i]) {
            table[i] = proc;
            return true;
        }
    return false;
}

bool sched_call_when_task_switched(const void *proc) { return add_cb(task_switched_cb, proc); }
bool sched_call_when_idle(const void *proc) { return add_cb(idle_cb, proc); }

void sched_tick(uint32_t ms)
{
    timeslice_tick(ms);
    thread_tick();
}

/* Walk for the debuggers and Get_Next_VM_Handle. */
struct vm *sched_first(void) { return rr_head; }
