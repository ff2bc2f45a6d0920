/* V86MMGR (device 6), the part vmm386 has, a VxD on the public API (vmm.h,
 * v86mmgr.h): each VM's A20 gate and the switches a DOS extender or HIMEM
 * flips.  Port 92h (fast A20; its fast reset bit crashes the VM) is
 * trapped here with Install_IO_Handler, its byte kept in the VM's
 * Allocate_Device_CB_Area block; the keyboard controller's A20 commands are
 * VKD's, which calls V86MMGR_SetLocalA20.  The mapping under the gate (the
 * HMA pages wrap to 0 with A20 off) is the VMM's: VMM386_Set_V86_A20.
 * INT 15h's extended memory services are still the core's (v86/int15.c). */
#include "vmm.h"
#include "v86mmgr.h"
#include "vxd/regs.h"                   /* register-level entry points */

#define PORT92          0x92
#define P92_RESET       0x01
#define P92_A20         0x02

struct v86mmgr_vm {                     /* in every VM's control block (a fork's: its parent's) */
    BYTE port92;
};
static DWORD cb_off;

static struct v86mmgr_vm *st(VMHANDLE vm)
{
    return (struct v86mmgr_vm *)((char *)vm + cb_off);
}

static DWORD port92_io(VMHANDLE hVM, DWORD IOType, DWORD Port, CLIENT_STRUCT *pcrs, DWORD OutData)
{
    (void)Port, (void)pcrs;
    struct v86mmgr_vm *m = st(hVM);
    if (!(IOType & Output))
        return (m->port92 & ~(P92_A20 | P92_RESET)) | (VMM386_Set_V86_A20(hVM, VMM386_A20_QUERY) ? P92_A20 : 0);
    if (OutData & P92_RESET) {
        static const char hex[] = "0123456789abcdef";
        char line[] = "V86MMGR: fast reset through port 92h (..)";
        line[38] = hex[(OutData >> 4) & 15];
        line[39] = hex[OutData & 15];
        VMM386_Log(line);
        Crash_Cur_VM();
    }
    m->port92 = (BYTE)OutData;
    VMM386_Set_V86_A20(hVM, (OutData & P92_A20) != 0);
    return 0;
}

void svc_V86MMGR_Get_Version(struct vxd_regs *r)
{
    r->eax = 0x0400;
    regs_set_cf(r, false);
}

void svc_V86MMGR_SetLocalA20(struct vxd_regs *r)
{
    VMHANDLE vm = (VMHANDLE)r->ebx;
    if (!Validate_VM_Handle(vm)) {
        VMM386_Log("V86MMGR: V86MMGR_SetLocalA20 with an invalid VM handle, ignored");
        regs_set_cf(r, true);
        return;
    }
    r->eax = VMM386_Set_V86_A20(vm, r->eax <= 1 ? r->eax : VMM386_A20_QUERY);
    regs_set_cf(r, false);
}

static BOOL V86MMGR_Control(DWORD Msg, VMHANDLE hVM, DWORD Esi, DWORD Edi, DWORD Edx)
{
    (void)hVM, (void)Esi, (void)Edi, (void)Edx;
    if (Msg == Sys_Critical_Init) {
        cb_off = _Allocate_Device_CB_Area(sizeof(struct v86mmgr_vm), 0);
        return cb_off && Install_IO_Handler(PORT92, port92_io);
    }
    return TRUE;
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
    .DDB_Control_Proc = (void *)V86MMGR_Control,
    .DDB_Service_Table_Ptr = v86mmgr_services,
    .DDB_Service_Table_Size = V86MMGR_SERVICE_COUNT,
    .DDB_Size = sizeof(struct VxD_Desc_Block),
};
VXD_REGISTER(V86MMGR_DDB);
