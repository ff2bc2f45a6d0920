/* The services the device VxDs under the VMs' interrupts build on (VPICD,
 * VTD: include/vmm.h, "the devices under the VMs' interrupts"):
 * VMM386_Install_Int_Controller, VMM386_Set_Int_Requested,
 * VMM386_Hook_Hw_Int, VMM386_Hook_Timer_Tick, and the A20 wrap under
 * V86MMGR's switches, VMM386_Set_V86_A20, and the VM's extended memory
 * under its INT 15h, VMM386_Get_V86_Ext_Page.  One of each hook: the
 * device that owns the hardware; a second is refused (carry). */
#include "vxd/regs.h"
#include "vxd/svc_check.h"
#include "vmm/intc.h"
#include "vmm/irq.h"
#include "vmm/timer.h"
#include "vmm/sched.h"
#include "vmm/console.h"
#include "vmm/hw/pit.h"
#include "vmm/mem.h"

static bool take(const void **slot, struct vxd_regs *r, const char *what)
{
    if (*slot || !r->esi) {
        kprintf("vmm386: %s refused: %s\n", what, r->esi ? "installed already" : "no procedure");
        regs_set_cf(r, true);
        return false;
    }
    *slot = (const void *)r->esi;
    regs_set_cf(r, false);
    return true;
}

void svc_VMM386_Install_Int_Controller(struct vxd_regs *r)
{
    if (take((const void **)&intc_proc, r, "VMM386_Install_Int_Controller"))
        r->eax = offsetof(struct vm, int_requested);
}

void svc_VMM386_Set_Int_Requested(struct vxd_regs *r)
{
    struct vm *vm = svc_vm(r, VMM_VMM386_Set_Int_Requested);
    if (!vm)
        return;
    vm->int_requested = r->eax != 0;
    if (vm->int_requested)
        sched_kick(vm);                 /* an idle VM may have work now */
    regs_set_cf(r, false);
}

void svc_VMM386_Hook_Hw_Int(struct vxd_regs *r)
{
    if (take((const void **)&irq_hook, r, "VMM386_Hook_Hw_Int"))
        r->eax = bios_pic_imr[0] | (bios_pic_imr[1] << 8);
}

void svc_VMM386_Set_V86_A20(struct vxd_regs *r)
{
    struct vm *vm = svc_vm(r, VMM_VMM386_Set_V86_A20);
    if (!vm)
        return;
    uint32_t was = vm->a20;
    if (r->eax <= 1 && r->eax != was)  /* a change remaps the 16 HMA pages */
        vm_set_a20(vm, r->eax);
    r->eax = was;
    regs_set_cf(r, false);
}

void svc_VMM386_Get_V86_Ext_Page(struct vxd_regs *r)
{
    struct vm *vm = svc_vm(r, VMM_VMM386_Get_V86_Ext_Page);
    if (!vm)
        return;
    r->edx = vm->ext_pages;
    bool ok = r->ecx < vm->ext_pages;
    r->eax = ok ? (uint32_t)P2V(vm->ext_frames[r->ecx]) : 0;
    regs_set_cf(r, !ok);
}

void svc_VMM386_Hook_Timer_Tick(struct vxd_regs *r)
{
    if (take((const void **)&tick_hook, r, "VMM386_Hook_Timer_Tick"))
        r->eax = PIT_TICK_DIVISOR;
}
