/* VM and global events: Schedule_VM_Event, Schedule_Global_Event,
 * Call_VM_Event, Call_Global_Event, Cancel_VM_Event, Cancel_Global_Event
 * (DDK registers: EBX = VM, ESI = callback, EDX = RefData -> ESI = handle,
 * 0 when called at once), and VMM386_Event_Ex, which takes the same
 * registers plus ECX flags (VMM386_CB_C, the VMM386_EV_* kind) for the C
 * forms of include/vmm.h.  Carry set: the event was refused (an invalid VM,
 * or the pool is exhausted) -- a vmm386 addition, the DDK services cannot
 * fail.  A VM handle that is not a valid VM (0 included: a zero handle is
 * never "global") is refused the same way, with a log line naming the
 * service and the caller.  The rules are in vmm/events.h. */
#include "vxd/regs.h"
#include "vmm/events.h"
#include "vxd/svc_check.h"
#include "include/vmm.h"
#include "vmm/thread.h"
#include "vmm/lib/printf.h"

static struct vxd_callback event_cb(const struct vxd_regs *r, uint32_t flags)
{
    return (struct vxd_callback){ (const void *)r->esi, flags & VMM386_CB_C, r->edx };
}

static void schedule(struct vxd_regs *r, struct vm *vm, uint32_t flags)
{
    struct vxd_callback cb = event_cb(r, flags);
    r->esi = event_schedule(vm, &cb);
    regs_set_cf(r, !r->esi);
}

static void call(struct vxd_regs *r, struct vm *vm, uint32_t flags)
{
    struct vxd_callback cb = event_cb(r, flags);
    bool refused;
    r->esi = event_call(vm, &cb, &refused);
    regs_set_cf(r, refused);
}

/* The VM of a VM event: NULL (and r refused) when EBX is not a valid VM. */
static struct vm *vm_of(struct vxd_regs *r, uint16_t svc)
{
    struct vm *vm = svc_vm(r, svc);
    if (!vm)
        r->esi = 0;
    return vm;
}

void svc_Schedule_VM_Event(struct vxd_regs *r)
{
    struct vm *vm = vm_of(r, VMM_Schedule_VM_Event);
    if (vm)
        schedule(r, vm, 0);
}

void svc_Call_VM_Event(struct vxd_regs *r)
{
    struct vm *vm = vm_of(r, VMM_Call_VM_Event);
    if (vm)
        call(r, vm, 0);
}

void svc_Cancel_VM_Event(struct vxd_regs *r)
{
    struct vm *vm = svc_vm(r, VMM_Cancel_VM_Event);
    if (vm) {
        event_cancel(vm, r->esi);
        regs_set_cf(r, false);
    }
}

void svc_Schedule_Global_Event(struct vxd_regs *r) { schedule(r, 0, 0); }
void svc_Call_Global_Event(struct vxd_regs *r) { call(r, 0, 0); }
void svc_Cancel_Global_Event(struct vxd_regs *r) { event_cancel(0, r->esi); }

void svc_VMM386_Event_Ex(struct vxd_regs *r)
{
    uint32_t flags = r->ecx;
    struct vm *vm;
    switch (flags & VMM386_EV_KIND) {
    case VMM386_EV_SCHEDULE_VM:
        if ((vm = vm_of(r, VMM_Schedule_VM_Event)))
            schedule(r, vm, flags);
        break;
    case VMM386_EV_SCHEDULE_GLOBAL: schedule(r, 0, flags); break;
    case VMM386_EV_CALL_VM:
        if ((vm = vm_of(r, VMM_Call_VM_Event)))
            call(r, vm, flags);
        break;
    case VMM386_EV_CALL_GLOBAL:     call(r, 0, flags); break;
    }
}

/* Call_When_VM_Ints_Enabled (EDX = RefData, ESI = callback), for the
 * current VM: called at once when its interrupts are enabled, else when
 * the VM enables them (EBX = VM, EDX = RefData, EBP = client registers).
 * Carry: refused (no callback, or 16 requests already waiting). */
static void when_ints_enabled(struct vxd_regs *r, uint32_t flags)
{
    struct vxd_callback cb = event_cb(r, flags);
    regs_set_cf(r, !cur_vm || !event_when_ints_enabled(cur_vm, &cb));
}

void svc_Call_When_VM_Ints_Enabled(struct vxd_regs *r) { when_ints_enabled(r, 0); }
void svc_VMM386_Call_When_VM_Ints_Enabled_Ex(struct vxd_regs *r) { when_ints_enabled(r, r->ecx); }

/* Call_Priority_VM_Event: EAX = boost, EBX = VM, ECX = PEF_* flags, EDX =
 * RefData, ESI = callback, EDI = time-out (ms, with PEF_Time_Out) -> ESI =
 * the event's handle, 0 when it ran at once.  Flags that need threads or
 * protected-mode clients, which vmm386 does not have yet, are refused with
 * carry and a log line rather than ignored. */
#define PEF_NOT_YET PEF_Wait_In_PM
/* Call_Priority_VM_Event's target is a VM: the thread flags are Call_Restricted_Event's. */
#define PEF_NOT_VM_EVENT (PEF_Thread_Event | PEF_Ring0_Event)

/* Off the hot path: one test of the flags there, the reasons here. */
static void __attribute__((noinline, cold)) refuse_priority_flags(struct vxd_regs *r, uint16_t svc)
{
    svc_refuse(r, svc, r->ecx & PEF_NOT_VM_EVENT
                           ? "PEF_Thread_Event or PEF_Ring0_Event (Call_Restricted_Event's)"
                           : "PEF_Wait_In_PM (no protected-mode clients in vmm386 yet)");
    r->esi = 0;
    regs_set_cf(r, true);
}

static void call_priority(struct vxd_regs *r, uint32_t cb_flags, uint16_t svc)
{
    struct vm *vm = vm_of(r, svc);
    if (!vm)
        return;
    if (__builtin_expect(r->ecx & (PEF_NOT_VM_EVENT | PEF_NOT_YET), 0)) {
        refuse_priority_flags(r, svc);
        return;
    }
    struct vxd_callback cb = { (const void *)r->esi, cb_flags, r->edx };
    bool refused;
    r->esi = event_call_priority(vm, (int32_t)r->eax, r->ecx, r->edi, &cb, &refused);
    regs_set_cf(r, refused);
}

void svc_Call_Priority_VM_Event(struct vxd_regs *r)
{
    call_priority(r, 0, VMM_Call_Priority_VM_Event);
}

/* The same with a cdecl C callback (PriorityEvent_HANDLER). */
void svc_VMM386_Call_Priority_VM_Event_Ex(struct vxd_regs *r)
{
    call_priority(r, VMM386_CB_C, VMM_Call_Priority_VM_Event);
}

/* Cancel_Priority_VM_Event: ESI = handle; a stale, foreign or zero handle
 * is harmless.  The boost goes with the event. */
void svc_Cancel_Priority_VM_Event(struct vxd_regs *r)
{
    event_cancel_priority(r->esi);
}

/* ---------------------------------------- restricted and thread events */

/* The thread a thread event names (NULL, and r refused with a log line,
 * when it is not a live thread). */
static struct thread *thread_of(struct vxd_regs *r, uint32_t handle, uint16_t svc)
{
    struct thread *t = thread_validate((const void *)handle);
    if (!t) {
        char why[40];
        snprintf(why, sizeof why, "invalid thread handle %08x", handle);
        svc_refuse(r, svc, why);
        r->esi = 0;
        regs_set_cf(r, true);
    }
    return t;
}

/* Call_Restricted_Event / Call_Priority_Thread_Event (force_thread) and
 * Schedule_Thread_Event's register form. */
static void restricted(struct vxd_regs *r, uint32_t target, uint32_t flags, uint16_t svc)
{
    uint32_t pef = flags & ~PEF_VMM386_C;
    struct vm *vm;
    struct thread *t = 0;
    if (pef & PEF_Thread_Event) {
        if (!(t = thread_of(r, target, svc)))
            return;
        vm = thread_vm(t);
    } else {
        uint32_t ebx = r->ebx;
        r->ebx = target;
        vm = vm_of(r, svc);
        r->ebx = ebx;
        if (!vm)
            return;
    }
    if (pef & PEF_NOT_YET) {
        svc_refuse(r, svc, "PEF_Wait_In_PM (no protected-mode clients in vmm386 yet)");
        r->esi = 0;
        regs_set_cf(r, true);
        return;
    }
    struct vxd_callback cb = { (const void *)r->esi, flags & PEF_VMM386_C ? VMM386_CB_C : 0, r->edx };
    bool refused;
    r->esi = event_call_restricted(vm, t, (int32_t)r->eax, pef, r->edi, &cb, true, &refused);
    regs_set_cf(r, refused);
}

void svc_Call_Restricted_Event(struct vxd_regs *r)
{
    restricted(r, r->ebx, r->ecx, VMM_Call_Restricted_Event);
}

void svc_Call_Priority_Thread_Event(struct vxd_regs *r)
{
    restricted(r, r->ebx, r->ecx | PEF_Thread_Event, VMM_Call_Priority_Thread_Event);
}

/* Schedule_Thread_Event: EDI = thread, EDX = RefData, ESI = callback -> ESI
 * = handle; never at once (ring 0 is never that thread's own time). */
void svc_Schedule_Thread_Event(struct vxd_regs *r)
{
    r->eax = 0;
    restricted(r, r->edi, PEF_Thread_Event | PEF_Always_Sched, VMM_Schedule_Thread_Event);
}

/* Cancel_Restricted_Event: ESI = handle; Cancel_Thread_Event: EDI = thread,
 * ESI = handle (only that thread's).  Stale, foreign, zero: harmless. */
void svc_Cancel_Restricted_Event(struct vxd_regs *r) { event_cancel_priority(r->esi); }
void svc_Cancel_Thread_Event(struct vxd_regs *r)
{
    event_cancel_thread(thread_validate((const void *)r->edi), r->esi);
}
