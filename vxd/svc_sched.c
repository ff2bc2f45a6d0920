/* VMM services about several VMs and who runs: register level (DDK
 * registers; carry = failure).  Every service that takes a VM handle in EBX
 * refuses one that is not a live VM: carry set, a log line naming the
 * service and the caller (svc_vm). */
#include "vxd/regs.h"
#include "vxd/svc_check.h"
#include "vmm/vm.h"
#include "vmm/sched.h"
#include "vmm/thread.h"
#include "vmm/timeslice.h"
#include "vmm/critsect.h"
#include "vmm/semaphore.h"
#include "vmm/vmlife.h"
#include "vmm/focus.h"
#include "vmm/console.h"
#include "include/vmm.h"


void svc_Adjust_Exec_Priority(struct vxd_regs *r)
{
    struct vm *vm = svc_vm(r, VMM_Adjust_Exec_Priority);
    if (vm) {
        sched_adjust_priority(vm, (int32_t)r->eax);
        regs_set_cf(r, false);
    }
}

void svc_Begin_Critical_Section(struct vxd_regs *r) { crit_claim(1, r->ecx); }
void svc_End_Critical_Section(struct vxd_regs *r) { regs_set_cf(r, !crit_release(1)); }
void svc_Claim_Critical_Section(struct vxd_regs *r) { crit_claim(r->eax, r->ecx); }
void svc_Release_Critical_Section(struct vxd_regs *r) { regs_set_cf(r, !crit_release(r->ecx)); }

/* Release every claim, then suspend: carry when the VM could not be
 * suspended (the claims are released all the same). */
void svc_End_Crit_And_Suspend(struct vxd_regs *r)
{
    struct vm *vm = cur_vm;
    if (crit_owner == vm)
        crit_release(crit_claims);
    regs_set_cf(r, !sched_suspend(vm));
}

/* EBX = owner (the current VM when nobody owns it), ECX = claims. */
void svc_Get_Crit_Section_Status(struct vxd_regs *r)
{
    r->ebx = (uint32_t)(crit_owner ? crit_owner : cur_vm);
    r->ecx = crit_claims;
    regs_set_cf(r, false);
}

void svc_Call_When_Not_Critical(struct vxd_regs *r)
{
    regs_set_cf(r, !r->esi || !crit_call_when_not_critical((const void *)r->esi, r->edx));
}

void svc_Create_Semaphore(struct vxd_regs *r)
{
    r->eax = semaphore_create((int32_t)r->ecx);
    regs_set_cf(r, !r->eax);
}

void svc_Destroy_Semaphore(struct vxd_regs *r) { regs_set_cf(r, !semaphore_destroy(r->eax)); }
void svc_Wait_Semaphore(struct vxd_regs *r) { regs_set_cf(r, !semaphore_wait(r->eax, r->ecx)); }
void svc_Signal_Semaphore(struct vxd_regs *r) { regs_set_cf(r, !semaphore_signal(r->eax)); }

void svc_Call_When_Task_Switched(struct vxd_regs *r)
{
    regs_set_cf(r, !r->esi || !sched_call_when_task_switched((const void *)r->esi));
}

void svc_Call_When_Idle(struct vxd_regs *r)
{
    regs_set_cf(r, !r->esi || !sched_call_when_idle((const void *)r->esi));
}

void svc_Suspend_VM(struct vxd_regs *r)
{
    struct vm *vm = svc_vm(r, VMM_Suspend_VM);
    if (vm)
        regs_set_cf(r, crit_owner == vm || !sched_suspend(vm));
}

void svc_Resume_VM(struct vxd_regs *r)
{
    struct vm *vm = svc_vm(r, VMM_Resume_VM);
    if (vm)
        regs_set_cf(r, !sched_resume(vm, false));
}

void svc_No_Fail_Resume_VM(struct vxd_regs *r)
{
    struct vm *vm = svc_vm(r, VMM_No_Fail_Resume_VM);
    if (vm)
        sched_resume(vm, true);
}

void svc_Nuke_VM(struct vxd_regs *r)
{
    struct vm *vm = svc_vm(r, VMM_Nuke_VM);
    if (vm)
        vm_end(vm, VNE_Nuked, "Nuke_VM");
}

void svc_Crash_Cur_VM(struct vxd_regs *r)
{
    (void)r;
    vm_end(cur_vm, VNE_Crashed, "Crash_Cur_VM");
}

void svc_Get_Execution_Focus(struct vxd_regs *r) { r->ebx = (uint32_t)focus_vm; }

void svc_Set_Execution_Focus(struct vxd_regs *r)
{
    struct vm *vm = svc_vm(r, VMM_Set_Execution_Focus);
    if (vm)
        regs_set_cf(r, !focus_set(vm));
}

/* EAX = status flags, ECX = foreground, EDX = background priority,
 * ESI = percent of the CPU it gets now. */
void svc_Get_Time_Slice_Priority(struct vxd_regs *r)
{
    struct vm *vm = svc_vm(r, VMM_Get_Time_Slice_Priority);
    if (!vm)
        return;
    r->eax = vm->CB_VM_Status & (VMStat_Exclusive | VMStat_Background | VMStat_High_Pri_Back);
    r->ecx = vm->ts_fg;
    r->edx = vm->ts_bg;
    r->esi = timeslice_share(vm);
    regs_set_cf(r, false);
}

void svc_Set_Time_Slice_Priority(struct vxd_regs *r)
{
    struct vm *vm = svc_vm(r, VMM_Set_Time_Slice_Priority);
    if (!vm)
        return;
    if (!r->ecx || !r->edx || r->ecx > TS_MAX_PRIORITY || r->edx > TS_MAX_PRIORITY) {
        regs_set_cf(r, true);
        return;
    }
    uint32_t mask = VMStat_Exclusive | VMStat_Background | VMStat_High_Pri_Back;
    vm->CB_VM_Status = (vm->CB_VM_Status & ~mask) | (r->eax & mask);
    vm->ts_fg = r->ecx;
    vm->ts_bg = r->edx;
    sched_set_resched();
    regs_set_cf(r, false);
}

void svc_Get_Time_Slice_Granularity(struct vxd_regs *r) { r->eax = ts_granularity_ms; }

void svc_Set_Time_Slice_Granularity(struct vxd_regs *r)
{
    if (r->eax)
        ts_granularity_ms = r->eax;
}

/* EAX = VMs time-sliced, EBX = the VM whose slice it is, ECX = idle VMs. */
void svc_Get_Time_Slice_Info(struct vxd_regs *r)
{
    uint32_t sliced = 0, idle = 0;
    for (struct vm *v = sched_first(); v; v = v->sched_next) {
        if (v->dead)
            continue;
        sliced += timeslice_eligible(v);
        idle += !vm_runnable(v);
    }
    r->eax = sliced;
    r->ebx = (uint32_t)(slice_owner ? slice_owner : cur_vm);
    r->ecx = idle;
}

void svc_Release_Time_Slice(struct vxd_regs *r)
{
    (void)r;
    timeslice_release();
}

void svc_Wake_Up_VM(struct vxd_regs *r)
{
    struct vm *vm = svc_vm(r, VMM_Wake_Up_VM);
    if (!vm)
        return;
    vm->CB_VM_Status &= ~VMStat_Idle;   /* its HLT ends, and its other threads' */
    thread_wake_up(vm);
    sched_kick(vm);
    regs_set_cf(r, false);
}

/* The next VM in the VMM's list, wrapping around: never fails. */
void svc_Get_Next_VM_Handle(struct vxd_regs *r)
{
    struct vm *vm = (struct vm *)r->ebx, *n = 0;
    for (struct vm *v = sched_first(); v; v = v->sched_next)
        if (v == vm) {
            n = v->sched_next;
            break;
        }
    while (n && n->dead)
        n = n->sched_next;
    if (!n)
        for (n = sched_first(); n && n->dead; n = n->sched_next)
            ;
    r->ebx = (uint32_t)n;
}

void svc_Get_VM_Exec_Time(struct vxd_regs *r)
{
    struct vm *vm = svc_vm(r, VMM_Get_VM_Exec_Time);
    if (vm) {
        r->eax = vm->exec_time_ms;
        regs_set_cf(r, false);
    }
}

/* VMM386_Create_VM: EAX = 0 boot multiboot module ECX; EAX = 1 fork the VM
 * in EBX (0: the current one) to start at CX:DX... the seg:off in EDX.
 * Returns EBX = the new VM, carry when it could not be made. */
void svc_VMM386_Create_VM(struct vxd_regs *r)
{
    struct vm *vm = 0;
    if (r->eax == VMM386_CREATE_BOOT) {
        vm = vmm386_create_vm(VM_BOOT, 0, r->ecx, 0, 0);
    } else if (r->eax == VMM386_CREATE_FORK) {
        struct vm *parent = r->ebx ? (struct vm *)r->ebx : cur_vm;
        if (vm_validate(parent))
            vm = vmm386_create_vm(VM_FORK, parent, 0, r->edx >> 16, r->edx & 0xFFFF);
    }
    r->ebx = (uint32_t)vm;
    regs_set_cf(r, !vm);
}

/* _Allocate_Device_CB_Area(nBytes, Flags): cdecl, the offset in every VM
 * control block (0 when the space is used up). */
uint32_t svc__Allocate_Device_CB_Area(uint32_t bytes, uint32_t flags)
{
    static uint32_t used;
    (void)flags;
    bytes = (bytes + 3) & ~3u;
    if (!bytes || used + bytes > VM_CB_AREA_SIZE)
        return 0;
    uint32_t off = __builtin_offsetof(struct vm, cb_area) + used;
    used += bytes;
    return off;
}
