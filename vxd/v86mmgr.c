/* V86MMGR (device 6), the part vmm386 has: each VM's A20 gate, for the
 * devices that emulate the switches a DOS extender or HIMEM flips (the
 * keyboard controller in VKD, port 92h in the core, INT 15h AX=240xh).
 * The mapping itself is the core's (vm_set_a20: the HMA pages wrap). */
#include "include/v86mmgr.h"
#include "vxd/regs.h"
#include "vxd/svc_check.h"
#include "vxd/devices.h"
#include "vmm/vm.h"

void svc_V86MMGR_Get_Version(struct vxd_regs *r)
{
    r->eax = 0x0400;
    regs_set_cf(r, false);
}

void svc_V86MMGR_SetLocalA20(struct vxd_regs *r)
{
    struct vm *vm = svc_vm(r, V86MMGR_SetLocalA20_Svc);
    if (!vm)
        return;
    uint32_t was = vm->a20;
    if (r->eax <= 1)
        vm_set_a20(vm, r->eax);
    r->eax = was;
    regs_set_cf(r, false);
}

extern char V86MMGR_Get_Version_entry[], V86MMGR_SetLocalA20_entry[];
static void *const v86mmgr_services[V86MMGR_SERVICE_COUNT] = {
    [V86MMGR_Get_Version_Svc] = V86MMGR_Get_Version_entry,
    [V86MMGR_SetLocalA20_Svc] = V86MMGR_SetLocalA20_entry,
};

static struct VxD_Desc_Block V86MMGR_DDB = {
    .DDB_SDK_Version = DDK_VERSION,
    .DDB_Req_Device_Number = V86MMGR_DEVICE_ID,
    .DDB_Dev_Major_Version = 4,
    .DDB_Flags = DDB_VMM386_C_PROCS,
    .DDB_Name = { 'V', '8', '6', 'M', 'M', 'G', 'R', ' ' },
    .DDB_Init_Order = V86MMGR_INIT_ORDER,
    .DDB_Service_Table_Ptr = v86mmgr_services,
    .DDB_Service_Table_Size = V86MMGR_SERVICE_COUNT,
    .DDB_Size = sizeof(struct VxD_Desc_Block),
};
VXD_REGISTER(V86MMGR_DDB);
