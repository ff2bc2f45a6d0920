#include "vxd/control.h"
#include "vxd/devices.h"
#include "vxd/regs.h"

uint32_t system_init_state;

bool control_call(struct VxD_Desc_Block *ddb, uint32_t msg, struct vm *vm,
                  uint32_t esi, uint32_t edi, uint32_t edx)
{
    if (!ddb->DDB_Control_Proc)
        return true;
    /* The thread messages go only to devices built for 4.0 (the DDK). */
    if (msg >= Create_Thread && msg <= Destroy_Thread && ddb->DDB_SDK_Version < 0x400)
        return true;
    if (ddb->DDB_Flags & DDB_VMM386_C_PROCS)
        return ((VxD_C_Control_Proc)ddb->DDB_Control_Proc)(msg, (VMHANDLE)vm, esi, edi, edx);
    struct vxd_regs r = { .eax = msg, .ebx = (uint32_t)vm, .esi = esi, .edi = edi, .edx = edx,
                          .eflags = 0x2 };
    vxd_call_regs(&r, ddb->DDB_Control_Proc);
    return !regs_cf(&r);
}

static bool reverse_order(uint32_t msg)
{
    return msg == System_Exit || msg == Sys_Critical_Exit || msg == Sys_VM_Terminate ||
           (msg >= Terminate_Thread && msg <= Destroy_Thread) ||
           (msg >= Sys_VM_Terminate2 && msg <= 0x2F);
}

static bool call_all(struct VxD_Desc_Block *d, uint32_t msg, struct vm *vm,
                     uint32_t esi, uint32_t edi, uint32_t edx, bool reverse)
{
    if (!d)
        return true;
    if (reverse && !call_all(d->DDB_Next, msg, vm, esi, edi, edx, reverse))
        return false;
    if (!control_call(d, msg, vm, esi, edi, edx))
        return false;
    return reverse || call_all(d->DDB_Next, msg, vm, esi, edi, edx, reverse);
}

bool system_control(uint32_t msg, struct vm *vm, uint32_t esi, uint32_t edi, uint32_t edx)
{
    return call_all(ddb_list, msg, vm, esi, edi, edx, reverse_order(msg));
}
