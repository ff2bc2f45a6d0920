/* VMM services about VMs, devices and the system: register level. */
#include "vxd/regs.h"
#include "vxd/devices.h"
#include "vxd/control.h"
#include "vmm/vm.h"
#include "vmm/console.h"
#include "vmm/panic.h"
#include "v86/vflags.h"
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

/* ZF set when the VM's (virtual) interrupts are disabled. */
void svc_Test_VM_Ints_Enabled(struct vxd_regs *r)
{
    struct vm *vm = (struct vm *)r->ebx;
    regs_set_zf(r, !vm_validate(vm) || !v86_vif(vm, vm_crs(vm)));
}

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

void svc_VMM_GetSystemInitState(struct vxd_regs *r) { r->eax = system_init_state; }

void svc_System_Control(struct vxd_regs *r)
{
    regs_set_cf(r, !system_control(r->eax, (struct vm *)r->ebx, r->esi, r->edi, r->edx));
}

void svc_Directed_Sys_Control(struct vxd_regs *r)
{
    struct VxD_Desc_Block *ddb = (struct VxD_Desc_Block *)r->ecx;
    regs_set_cf(r, !ddb || !control_call(ddb, r->eax, (struct vm *)r->ebx, r->esi, r->edi, r->edx));
}

void svc_Get_DDB(struct vxd_regs *r)
{
    r->ecx = (uint32_t)ddb_find(r->eax & 0xFFFF, (const char *)r->edi);
}

void svc_VMM386_Log(struct vxd_regs *r)
{
    kprintf("%s\n", (const char *)r->esi);
}

void svc_unimplemented(struct vxd_regs *r)
{
    panic("call to an unimplemented VMM service (returning to %08x)", *(uint32_t *)(r + 1));
}
