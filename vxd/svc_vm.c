/* VMM services about VMs, devices and the system: register level. */
#include "vxd/regs.h"
#include "vxd/svc_check.h"
#include "vxd/svc_names.h"
#include "vxd/devices.h"
#include "vxd/control.h"
#include "vmm/vm.h"
#include "vmm/console.h"
#include "vmm/panic.h"
#include "v86/vflags.h"
#include "vmm/events.h"
#include "include/vmm.h"

void svc_Get_VMM_Version(struct vxd_regs *r)
{
    r->eax = (VMM386_VERSION_MAJOR << 8) | VMM386_VERSION_MINOR;
    r->ecx = 0;                         /* debug revision */
    regs_set_cf(r, false);
}

void svc_Get_Cur_VM_Handle(struct vxd_regs *r) { r->ebx = (uint32_t)cur_vm; }
void svc_Get_Sys_VM_Handle(struct vxd_regs *r) { r->ebx = (uint32_t)sys_vm; }
void svc_Test_Cur_VM_Handle(struct vxd_regs *r) { regs_set_zf(r, r->ebx == (uint32_t)cur_vm); }
void svc_Test_Sys_VM_Handle(struct vxd_regs *r) { regs_set_zf(r, r->ebx == (uint32_t)sys_vm); }
void svc_Validate_VM_Handle(struct vxd_regs *r) { regs_set_cf(r, !vm_validate((struct vm *)r->ebx)); }

/* ZF set when the VM's (virtual) interrupts are disabled; an invalid VM
 * also gets ZF set, and carry. */
void svc_Test_VM_Ints_Enabled(struct vxd_regs *r)
{
    struct vm *vm = svc_vm(r, VMM_Test_VM_Ints_Enabled);
    regs_set_zf(r, !vm || !v86_vif(vm, vm_crs(vm)));
    if (vm)
        regs_set_cf(r, false);
}

/* The current VM's: the DDK's services take no handle.  A virtual
 * interrupt that is pending is delivered on the way back to the VM;
 * Call_When_VM_Ints_Enabled callbacks run then too (vmm/events.c). */
void svc_Enable_VM_Ints(struct vxd_regs *r)
{
    (void)r;
    v86_set_vif(cur_vm, vm_crs(cur_vm), true);
}

void svc_Disable_VM_Ints(struct vxd_regs *r)
{
    (void)r;
    v86_set_vif(cur_vm, vm_crs(cur_vm), false);
}

/* ECX = hardware interrupts being dispatched around the caller (a time-out
 * callback runs inside the timer interrupt: 1).  Non-zero: use only the
 * asynchronous services. */
void svc_Get_VMM_Reenter_Count(struct vxd_regs *r) { r->ecx = events_reenter_count(); }

void svc_VMM_GetSystemInitState(struct vxd_regs *r) { r->eax = system_init_state; }

void svc_System_Control(struct vxd_regs *r)
{
    struct vm *vm = svc_vm(r, VMM_System_Control);
    if (vm)
        regs_set_cf(r, !system_control(r->eax, vm, r->esi, r->edi, r->edx));
}

static bool ddb_registered(const struct VxD_Desc_Block *ddb)
{
    for (struct VxD_Desc_Block *d = ddb_list; d; d = d->DDB_Next)
        if (d == ddb)
            return true;
    return false;
}

void svc_Directed_Sys_Control(struct vxd_regs *r)
{
    struct VxD_Desc_Block *ddb = (struct VxD_Desc_Block *)r->ecx;
    struct vm *vm = svc_vm(r, VMM_Directed_Sys_Control);
    if (!vm)
        return;
    if (!ddb_registered(ddb)) {
        svc_refuse(r, VMM_Directed_Sys_Control, "ECX is not a loaded device's DDB");
        regs_set_cf(r, true);
        return;
    }
    regs_set_cf(r, !control_call(ddb, r->eax, vm, r->esi, r->edi, r->edx));
}

void svc_Get_DDB(struct vxd_regs *r)
{
    r->ecx = (uint32_t)ddb_find(r->eax & 0xFFFF, (const char *)r->edi);
}

void svc_VMM386_Log(struct vxd_regs *r)
{
    kprintf("%s\n", (const char *)r->esi);
}

/* Only a hand-made call through the table gets here (the dynalink refuses
 * to link an unimplemented service). */
void svc_unimplemented(struct vxd_regs *r)
{
    char cb[48];
    panic("call to an unimplemented VMM service from %s", vxd_caller(svc_call_site(r), cb, sizeof cb));
}
