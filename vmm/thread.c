/* Threads (rules in vmm/thread.h): thread control blocks, loading a
 * thread's context into its VM, creation and ending with the DDK's control
 * messages, and which of a VM's threads runs. */
#include "vmm/thread.h"
#include "vmm/sched.h"
#include "vmm/events.h"
#include "vmm/critsect.h"
#include "vmm/mem.h"
#include "vmm/console.h"
#include "vmm/panic.h"
#include "vxd/control.h"
#include "vxd/regs.h"
#include "v86/vflags.h"
#include "v86/reflect.h"
#include "boot/tss.h"
#include "vmm/lib/string.h"
#include "vmm/lib/x86.h"

static struct thread threads[MAX_THREADS];
static uint32_t next_slot;              /* slots are reused round-robin: a stale handle stays stale long */
static uint16_t next_id = 1;
struct thread *thread_zombies;

#define MAX_SWITCHED_CALLBACKS 16
static const void *switched_cb[MAX_SWITCHED_CALLBACKS];
int thread_switched_callbacks;

/* vmm/events.c defines the real one once it keeps thread events. */
__attribute__((weak)) void events_thread_gone(struct thread *t) { (void)t; }

struct thread *thread_sys(void) { return sys_vm ? sys_vm->threads : 0; }
struct thread *thread_first(const struct vm *vm) { return vm->threads; }

struct thread *thread_of_vm_initial(const struct vm *vm)
{
    return vm_validate(vm) ? vm->threads : 0;
}

/* O(1) whatever the handle: only an address of a slot of the table is read. */
struct thread *thread_validate(const void *handle)
{
    uint32_t a = (uint32_t)handle, base = (uint32_t)threads;
    if (a < base || a >= base + sizeof threads || (a - base) % sizeof threads[0])
        return 0;
    struct thread *t = (struct thread *)handle;
    if (t->tcb.TCB_Signature != SCHED_OBJ_ID_THREAD ||
        (t->state != THREAD_LIVE && t->state != THREAD_CREATING) || t->vm->dead)
        return 0;
    return t;
}

unsigned thread_count(const struct vm *vm)
{
    unsigned n = 0;
    for (struct thread *t = vm->threads; t; t = t->vm_next)
        n += t->state == THREAD_LIVE || t->state == THREAD_CREATING;
    return n;
}

static bool single_thread(const struct vm *vm)
{
    return !vm->threads->vm_next;
}

static struct thread *slot_alloc(struct vm *vm)
{
    for (uint32_t i = 0; i < MAX_THREADS; i++) {
        uint32_t s = (next_slot + i) % MAX_THREADS;
        struct thread *t = &threads[s];
        if (t->state != THREAD_FREE)
            continue;
        next_slot = s + 1;
        memset(t, 0, sizeof *t);
        t->tcb.TCB_Signature = SCHED_OBJ_ID_THREAD;
        t->tcb.TCB_VMHandle = (VMHANDLE)vm;
        if (!next_id)
            next_id = 1;
        t->tcb.TCB_ThreadId = next_id++;
        t->vm = vm;
        t->quantum_left = THREAD_QUANTUM_MS;
        return t;
    }
    return 0;
}

static void slot_free(struct thread *t)
{
    t->tcb.TCB_Signature = 0;
    t->state = THREAD_FREE;
}

bool thread_vm_created(struct vm *vm)
{
    struct thread *t = slot_alloc(vm);
    if (!t)
        return false;
    t->initial = true;
    t->kstack = vm->kstack;
    t->state = THREAD_LIVE;
    t->tcb.TCB_ClientPtr = vm->CB_Client_Pointer;
    vm->threads = t;
    vm->cur_thread = t;
    return true;
}

/* ---------------------------------------------------- the loaded thread */
static void ctx_save(struct vm *vm, struct thread_ctx *x)
{
    x->client = vm->CB_Client_Pointer;
    x->tf0 = vm->tf0;
    x->status = vm->CB_VM_Status & THREAD_STATUS_BITS;
    x->wait_on = vm->wait_on;
    x->block_flags = vm->block_flags;
    x->vflags = vm->vflags;
    x->sti_shadow = vm->sti_shadow;
    x->shadow_tf = vm->shadow_tf;
    x->shadow_csip = vm->shadow_csip;
    x->rom_step_page = vm->rom_step_page;
    x->rom_step_tf = vm->rom_step_tf;
    x->last_fault_csip = vm->last_fault_csip;
    x->fault_repeat = vm->fault_repeat;
    x->bp_stuck_csip = vm->bp_stuck_csip;
    x->bp_stuck_hits = vm->bp_stuck_hits;
    x->nest = vm->nest;
    x->resume_depth = vm->resume_depth;
    memcpy(x->nest_saved, vm->nest_saved, sizeof(x->nest_saved[0]) * (uint32_t)vm->nest);
    memcpy(x->exec_esp, vm->exec_esp, sizeof x->exec_esp);
    memcpy(x->resume_outer, vm->resume_outer, sizeof x->resume_outer);
    memcpy(x->e9buf, vm->e9buf, (uint32_t)vm->e9len);
    x->e9len = vm->e9len;
}

static void ctx_load(struct vm *vm, const struct thread_ctx *x)
{
    vm->CB_Client_Pointer = x->client;
    vm->tf0 = x->tf0;
    vm->CB_VM_Status = (vm->CB_VM_Status & ~THREAD_STATUS_BITS) | x->status;
    vm->wait_on = x->wait_on;
    vm->block_flags = x->block_flags;
    vm->vflags = x->vflags;
    vm->sti_shadow = x->sti_shadow;
    vm->shadow_tf = x->shadow_tf;
    vm->shadow_csip = x->shadow_csip;
    vm->rom_step_page = x->rom_step_page;
    vm->rom_step_tf = x->rom_step_tf;
    vm->last_fault_csip = x->last_fault_csip;
    vm->fault_repeat = x->fault_repeat;
    vm->bp_stuck_csip = x->bp_stuck_csip;
    vm->bp_stuck_hits = x->bp_stuck_hits;
    vm->nest = x->nest;
    vm->resume_depth = x->resume_depth;
    memcpy(vm->nest_saved, x->nest_saved, sizeof(x->nest_saved[0]) * (uint32_t)x->nest);
    memcpy(vm->exec_esp, x->exec_esp, sizeof x->exec_esp);
    memcpy(vm->resume_outer, x->resume_outer, sizeof x->resume_outer);
    memcpy(vm->e9buf, x->e9buf, (uint32_t)x->e9len);
    vm->e9len = x->e9len;
}

void thread_load(struct vm *vm, struct thread *t)
{
    struct thread *old = vm->cur_thread;
    if (old == t)
        return;
    ctx_save(vm, &old->ctx);
    old->tcb.TCB_ClientPtr = vm->CB_Client_Pointer;
    ctx_load(vm, &t->ctx);
    t->tcb.TCB_ClientPtr = vm->CB_Client_Pointer;
    vm->cur_thread = t;
}

/* ------------------------------------------------------------ scheduling */
static uint32_t status_of(const struct thread *t)
{
    return t == t->vm->cur_thread ? t->vm->CB_VM_Status : t->ctx.status;
}

uint32_t thread_status(const struct thread *t) { return status_of(t) & THREAD_STATUS_BITS; }

struct Client_Reg_Struc *thread_crs(const struct thread *t)
{
    return t == t->vm->cur_thread ? t->vm->CB_Client_Pointer : t->ctx.client;
}

bool thread_runnable(const struct thread *t)
{
    struct vm *vm = t->vm;
    if (t->state != THREAD_LIVE || vm->dead || vm->suspend_count)
        return false;
    uint32_t st = status_of(t);
    if (st & VMStat_Blocked)
        return false;
    if (st & VMStat_Idle)
        return vm_int_pending(vm) || events_pending_for(vm) || t->kicked;
    return true;
}

void thread_kick(struct thread *t)
{
    if (!single_thread(t->vm))          /* alone, it is its VM: events_pending_for says */
        t->kicked = true;
    sched_kick(t->vm);
}

/* A thread of the VM halted (HLT) while an interrupt waits for the VM: it
 * takes the interrupt, as a halted CPU would, rather than the busy one. */
static struct thread *halted_with_interrupt(struct vm *vm)
{
    if (!vm_int_pending(vm))
        return 0;
    for (struct thread *t = vm->threads; t; t = t->vm_next)
        if (t->state == THREAD_LIVE && (status_of(t) & (VMStat_Idle | VMStat_Blocked)) == VMStat_Idle)
            return t;
    return 0;
}

bool thread_takes_interrupt(const struct thread *t)
{
    if (single_thread(t->vm))
        return true;
    struct thread *h = halted_with_interrupt(t->vm);
    return !h || h == t;
}

bool thread_any_runnable(const struct vm *vm)
{
    for (const struct thread *t = vm->threads; t; t = t->vm_next)
        if (thread_runnable(t))
            return true;
    return false;
}

struct thread *thread_pick(struct vm *vm)
{
    struct thread *cur = vm->cur_thread;
    if (single_thread(vm))
        return cur;                     /* pick() chose the VM: its one thread can run */
    bool cur_ok = thread_runnable(cur);
    for (struct thread *t = vm->threads; t; t = t->vm_next)
        if (t->kicked && thread_runnable(t)) {
            t->kicked = false;
            t->quantum_left = THREAD_QUANTUM_MS;
            return t;
        }
    struct thread *h = halted_with_interrupt(vm);
    if (h && h != cur && thread_runnable(h)) {
        h->quantum_left = THREAD_QUANTUM_MS;
        return h;
    }
    if (cur_ok && cur->quantum_left)
        return cur;
    /* Its quantum is over (or it cannot run): the next runnable one. */
    for (struct thread *t = cur->vm_next ? cur->vm_next : vm->threads; t != cur;
         t = t->vm_next ? t->vm_next : vm->threads)
        if (thread_runnable(t)) {
            t->quantum_left = THREAD_QUANTUM_MS;
            return t;
        }
    cur->quantum_left = THREAD_QUANTUM_MS;
    return cur_ok ? cur : 0;
}

void thread_tick(void)
{
    struct thread *t = thread_current();
    if (!t || single_thread(t->vm))
        return;
    struct thread *h = halted_with_interrupt(t->vm);
    if ((h && h != t) || (t->quantum_left && !--t->quantum_left))
        sched_set_resched();            /* another thread of the VM may run */
}

bool thread_wake_others(struct vm *vm, const void *on, bool all)
{
    bool woke = false;
    for (struct thread *t = vm->threads; t; t = t->vm_next)
        if (t != vm->cur_thread && (t->ctx.status & VMStat_Blocked) && t->ctx.wait_on == on) {
            t->ctx.status &= ~VMStat_Blocked;
            t->ctx.wait_on = 0;
            woke = true;
            if (!all)
                break;
        }
    return woke;
}

void thread_wake_up(struct vm *vm)
{
    for (struct thread *t = vm->threads; t; t = t->vm_next)
        if (t != vm->cur_thread)
            t->ctx.status &= ~VMStat_Idle;
}

bool thread_call_when_switched(const void *proc)
{
    for (int i = 0; i < MAX_SWITCHED_CALLBACKS; i++)
        if (!switched_cb[i]) {
            switched_cb[i] = proc;
            thread_switched_callbacks++;
            return true;
        }
    return false;
}

void thread_switched(struct thread *from, struct thread *to)
{
    for (int i = 0; thread_switched_callbacks && i < MAX_SWITCHED_CALLBACKS; i++)
        if (switched_cb[i]) {
            struct vxd_regs r = { .eax = (uint32_t)from, .edi = (uint32_t)to, .eflags = 2 };
            vxd_call_regs(&r, switched_cb[i]);
        }
}

/* ------------------------------------------------------- birth and death */
static void free_stack(struct thread *t)
{
    if (!t->initial && t->kstack)
        for (uint32_t i = 0; i < THREAD_KSTACK_PAGES; i++)
            page_free(V2P(t->kstack) + i * 4096);
    t->kstack = 0;
}

static void unlink_thread(struct thread *t)
{
    for (struct thread **pp = &t->vm->threads; *pp; pp = &(*pp)->vm_next)
        if (*pp == t) {
            *pp = t->vm_next;
            return;
        }
}

/* Off its stack: the last two messages, then everything back. */
static void destroy(struct thread *t)
{
    struct vm *vm = t->vm;
    if (vm->cur_thread == t)
        thread_load(vm, vm->threads);   /* never t: the initial thread is never destroyed here */
    events_thread_gone(t);
    system_control(Thread_Not_Executeable, vm, 0, (uint32_t)t, t->vne_flags);
    system_control(Destroy_Thread, vm, 0, (uint32_t)t, 0);
    uint32_t before = phys_pages.nfree;
    unlink_thread(t);
    if (t != thread_current())          /* the last VM's end runs on it: the machine stops */
        free_stack(t);
    kprintf("vmm386: VM %u thread %u destroyed, %u pages freed\n", vm->CB_VMID,
            t->tcb.TCB_ThreadId, phys_pages.nfree - before);
    slot_free(t);
}

static void zombie_unlink(struct thread *t)
{
    for (struct thread **pp = &thread_zombies; *pp; pp = &(*pp)->zombie_next)
        if (*pp == t) {
            *pp = t->zombie_next;
            return;
        }
}

void thread_reap(void)
{
    struct thread **pp = &thread_zombies;
    while (*pp) {
        struct thread *z = *pp;
        if (z == thread_current() || z->vm->dead) {
            pp = &z->zombie_next;       /* a dead VM's threads go with it */
            continue;
        }
        *pp = z->zombie_next;
        destroy(z);
    }
}

/* On the new thread's own stack (sched_start_thread): Thread_Init and the
 * creator's InitCallback in its context, then its first instruction. */
static void __attribute__((noreturn)) thread_first_run(struct thread *t)
{
    struct vm *vm = t->vm;
    system_control(Thread_Init, vm, 0, (uint32_t)t, 0);
    t->tcb.TCB_Flags &= ~THFLAG_THREAD_CREATION;
    if (t->init_callback) {
        struct vxd_regs r = { .ebx = (uint32_t)vm, .edi = (uint32_t)t, .edx = t->init_refdata,
                              .ebp = (uint32_t)vm_crs(vm), .eflags = 2 };
        vxd_call_regs(&r, t->init_callback);
    }
    struct Client_Reg_Struc *c = vm_crs(vm);
    kprintf("vmm386: VM %u thread %u runs at %04x:%04x\n", vm->CB_VMID, t->tcb.TCB_ThreadId,
            c->Client_CS, c->Client_EIP & 0xFFFF);
    v86_deliver_pending(vm, c);
    c->Client_EFlags = v86_safe_eflags(vm, c->Client_EFlags);
    trapret_to(vm->tf0);
}

struct thread *thread_create(struct vm *vm, uint16_t ss, uint32_t esp, uint16_t cs, uint32_t eip,
                             uint16_t ds, uint16_t es, uint32_t type, void *init_cb,
                             uint32_t refdata)
{
    if (!vm_validate(vm) || (vm->CB_VM_Status & VMStat_Creating)) {
        kprintf("vmm386: no thread for a VM that is not running\n");
        return 0;
    }
    /* One VM cannot take every slot: initial threads of VMs to come keep
     * theirs (MAX_VMS), and a VM has MAX_VM_THREADS at most. */
    unsigned free_slots = 0;
    for (uint32_t i = 0; i < MAX_THREADS; i++)
        free_slots += threads[i].state == THREAD_FREE;
    if (thread_count(vm) >= MAX_VM_THREADS || free_slots <= MAX_VMS) {
        if (thread_count(vm) >= MAX_VM_THREADS)
            kprintf("vmm386: VM %u has %u threads already: thread refused\n", vm->CB_VMID,
                    MAX_VM_THREADS);
        else
            kprintf("vmm386: VM %u: no thread slot left: thread refused\n", vm->CB_VMID);
        return 0;
    }
    struct thread *t = slot_alloc(vm);
    t->kstack = kpages_alloc(THREAD_KSTACK_PAGES);
    if (!t->kstack) {
        kprintf("vmm386: VM %u: out of memory for a thread stack: thread refused\n", vm->CB_VMID);
        slot_free(t);
        return 0;
    }
    t->state = THREAD_CREATING;
    t->tcb.TCB_Flags = THFLAG_THREAD_CREATION;
    t->tcb.TCB_ThreadType = type;
    t->init_callback = init_cb;
    t->init_refdata = refdata;

    /* Its client frame at the top of its own ring-0 stack, as a VM's. */
    struct trapframe *tf0 = (struct trapframe *)(t->kstack + THREAD_KSTACK_PAGES * 4096) - 1;
    memset(tf0, 0, sizeof *tf0);
    struct Client_Reg_Struc *c = &tf0->crs;
    c->Client_SS = ss;
    c->Client_ESP = esp;
    c->Client_CS = cs;
    c->Client_EIP = eip;
    c->Client_DS = ds;
    c->Client_ES = es;
    c->Client_EFlags = V86_FORCED_FLAGS | (vme_enabled ? EFL_VIF : 0);    /* its IF on */
    t->ctx.client = c;
    t->ctx.tf0 = tf0;
    t->ctx.vflags = EFL_IF;
    t->tcb.TCB_ClientPtr = c;

    struct thread **pp = &vm->threads;
    while (*pp)
        pp = &(*pp)->vm_next;
    *pp = t;

    if (!system_control(Create_Thread, vm, 0, (uint32_t)t, 0)) {
        /* The devices that accepted it free what they allocated. */
        kprintf("vmm386: VM %u thread %u: a VxD failed Create_Thread\n", vm->CB_VMID,
                t->tcb.TCB_ThreadId);
        t->state = THREAD_DEAD;
        t->vne_flags = VNE_CreateFail;
        t->tcb.TCB_Flags |= THFLAG_NOT_EXECUTEABLE;
        destroy(t);
        return 0;
    }
    t->state = THREAD_LIVE;
    sched_start_thread(t, thread_first_run);
    kprintf("vmm386: VM %u thread %u created at %04x:%04x, stack %04x:%04x\n", vm->CB_VMID,
            t->tcb.TCB_ThreadId, cs, eip & 0xFFFF, ss, esp & 0xFFFF);
    return t;
}

void thread_end(struct thread *t, uint32_t vne_flags, const char *why)
{
    cli();
    if (t->state != THREAD_LIVE || t->initial)
        return;
    struct vm *vm = t->vm;
    bool self = t == thread_current();
    if (vne_flags)
        kprintf("VM %u thread %u terminated: %s\n", vm->CB_VMID, t->tcb.TCB_ThreadId, why);
    else
        kprintf("VM %u thread %u ended: %s\n", vm->CB_VMID, t->tcb.TCB_ThreadId, why);
    if (!vne_flags)
        system_control(Terminate_Thread, vm, 0, (uint32_t)t, 0);
    t->state = THREAD_DEAD;
    t->vne_flags = vne_flags;
    t->tcb.TCB_Flags |= THFLAG_NOT_EXECUTEABLE;
    crit_thread_gone(t);
    sched_set_resched();
    if (!self) {
        destroy(t);
        return;
    }
    t->zombie_next = thread_zombies;
    thread_zombies = t;
    for (;;)
        sched_idle_wait();              /* runs another thread; nothing picks a dead one */
}

void thread_vm_ended(struct vm *vm)
{
    for (struct thread *t = vm->threads; t; t = t->vm_next) {
        if (t->initial || t->state == THREAD_DEAD)
            continue;
        t->state = THREAD_DEAD;
        t->vne_flags = vm->vne_flags;
        t->tcb.TCB_Flags |= THFLAG_NOT_EXECUTEABLE;
    }
}

void thread_vm_free(struct vm *vm)
{
    if (vm->threads && vm->threads->vm == vm)
        slot_free(vm->threads);
    vm->threads = vm->cur_thread = 0;
}

void thread_vm_destroy(struct vm *vm)
{
    thread_load(vm, vm->threads);
    struct thread *t;
    while ((t = vm->threads->vm_next)) {
        zombie_unlink(t);
        destroy(t);
    }
}
