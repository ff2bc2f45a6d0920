/* VM and global events: Schedule_VM_Event, Schedule_Global_Event,
 * Call_VM_Event, Call_Global_Event, Cancel_VM_Event, Cancel_Global_Event
 * (DDK registers: EBX = VM, ESI = callback, EDX = RefData -> ESI = handle,
 * 0 when called at once), and VMM386_Event_Ex, which takes the same
 * registers plus ECX flags (VMM386_CB_C, the VMM386_EV_* kind) for the C
 * forms of include/vmm.h.  Carry set: the event was refused (an invalid VM,
 * or the pool is exhausted) -- a vmm386 addition, the DDK services cannot
 * fail.  The rules are in vmm/events.h. */
#include "vxd/regs.h"
#include "vmm/events.h"
#include "include/vmm.h"

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

static struct vm *vm_of(const struct vxd_regs *r) { return (struct vm *)r->ebx; }

void svc_Schedule_VM_Event(struct vxd_regs *r) { schedule(r, vm_of(r), 0); }
void svc_Schedule_Global_Event(struct vxd_regs *r) { schedule(r, 0, 0); }
void svc_Call_VM_Event(struct vxd_regs *r) { call(r, vm_of(r), 0); }
void svc_Call_Global_Event(struct vxd_regs *r) { call(r, 0, 0); }
void svc_Cancel_VM_Event(struct vxd_regs *r) { event_cancel(vm_of(r), r->esi); }
void svc_Cancel_Global_Event(struct vxd_regs *r) { event_cancel(0, r->esi); }

void svc_VMM386_Event_Ex(struct vxd_regs *r)
{
    uint32_t flags = r->ecx;
    switch (flags & VMM386_EV_KIND) {
    case VMM386_EV_SCHEDULE_VM:     schedule(r, vm_of(r), flags); break;
    case VMM386_EV_SCHEDULE_GLOBAL: schedule(r, 0, flags); break;
    case VMM386_EV_CALL_VM:         call(r, vm_of(r), flags); break;
    case VMM386_EV_CALL_GLOBAL:     call(r, 0, flags); break;
    }
}
