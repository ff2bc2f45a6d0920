#include "vxd/v86api.h"
#include "vxd/devices.h"
#include "vxd/regs.h"
#include "callbacks/v86callback.h"
#include "v86/intchain.h"
#include "v86/guestmem.h"
#include "vmm/lib/x86.h"

static void api_entry(VMHANDLE hvm, CLIENT_STRUCT *pcrs, DWORD refdata)
{
    struct VxD_Desc_Block *ddb = (struct VxD_Desc_Block *)refdata;
    if (ddb->DDB_Flags & DDB_VMM386_C_PROCS) {
        ((VxD_C_API_Proc)ddb->DDB_V86_API_Proc)(hvm, pcrs);
        return;
    }
    struct vxd_regs r = { .ebx = (uint32_t)hvm, .ebp = (uint32_t)pcrs, .eflags = 0x2 };
    vxd_call_regs(&r, ddb->DDB_V86_API_Proc);
}

static uint32_t entry_point(struct VxD_Desc_Block *ddb)
{
    if (!ddb->DDB_V86_API_Proc)
        return 0;
    if (!ddb->DDB_V86_API_CSIP) {
        struct vxd_callback cb = { (const void *)api_entry, VMM386_CB_C, (uint32_t)ddb };
        ddb->DDB_V86_API_CSIP = v86cb_allocate(&cb);
    }
    return ddb->DDB_V86_API_CSIP;
}

static bool int2f_hook(struct vm *vm, struct Client_Reg_Struc *c, unsigned vec, void *ref)
{
    (void)vec, (void)ref;
    uint16_t ax = c->Client_EAX & 0xFFFF;
    if (ax == 0x1600) {
        c->Client_EAX = (c->Client_EAX & ~0xFFFFu) | (VMM386_VERSION_MINOR << 8) | VMM386_VERSION_MAJOR;
        return true;
    }
    if (ax != 0x1684)
        return false;
    /* BX = device ID, or BX = 0 and ES:DI -> the 8-character device name. */
    uint16_t id = c->Client_EBX & 0xFFFF;
    char name[8];
    if (!id && !vm_read_seg(vm, c->Client_ES, (uint16_t)c->Client_EDI, name, sizeof name))
        return false;
    struct VxD_Desc_Block *ddb = ddb_find(id, name);
    uint32_t a = ddb ? entry_point(ddb) : 0;
    c->Client_ES = a >> 16;
    c->Client_EDI = (c->Client_EDI & ~0xFFFFu) | (a & 0xFFFF);
    return true;
}

void v86api_init(void)
{
    /* Entry points in init order, so that they do not depend on who asks
     * first; the VMM's own (VMSTART.COM's) only when a program asks. */
    for (struct VxD_Desc_Block *d = ddb_list; d; d = d->DDB_Next)
        if (d->DDB_Req_Device_Number != VMM_DEVICE_ID)
            entry_point(d);
    v86_hook_int(0x2F, int2f_hook, 0);
}
