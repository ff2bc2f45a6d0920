#include "vxd/vxd.h"
#include "vxd/devices.h"
#include "vxd/control.h"
#include "vxd/v86api.h"
#include "vxd/profile.h"
#include "vxd/dosready.h"
#include "vmm/console.h"
#include "vmm/lib/x86.h"

extern struct VxD_Desc_Block *__vxd_ddbs_start[], *__vxd_ddbs_end[];
void vmm_table_init(void);
static bool initialized, exited;

void vxd_init(void)
{
    char nb[9];
    vmm_table_init();
    profile_init();
    ddb_add(&VMM_DDB);
    for (struct VxD_Desc_Block **p = __vxd_ddbs_start; p < __vxd_ddbs_end; p++) {
        if (ddb_add(*p))
            kprintf("vmm386: VxD %s (device %04x, init order %08x)\n", ddb_name(*p, nb),
                    (*p)->DDB_Req_Device_Number, (*p)->DDB_Init_Order);
    }
}

static const char *msg_name(uint32_t msg)
{
    switch (msg) {
    case Sys_Critical_Init: return "Sys_Critical_Init";
    case Device_Init: return "Device_Init";
    case Init_Complete: return "Init_Complete";
    default: return "?";
    }
}

/* One init message to every device; failures are unloaded. */
static void init_phase(uint32_t msg, struct vm *vm, uint16_t done_flag)
{
    char nb[9];
    for (struct VxD_Desc_Block *d = ddb_list, *next; d; d = next) {
        next = d->DDB_Next;
        if (msg == Sys_Critical_Init)
            cli();                      /* Sys_Critical_Init runs with interrupts off */
        bool ok = control_call(d, msg, vm, 0, 0, 0);
        cli();
        if (!ok) {
            kprintf("vmm386: VxD %s failed %s and is unloaded\n", ddb_name(d, nb), msg_name(msg));
            ddb_remove(d);
            continue;
        }
        d->DDB_Flags |= done_flag;
    }
}

void vxd_sys_vm_init(struct vm *vm)
{
    char nb[9];
    system_init_state = SYSSTATE_PRESYSCRITINIT;
    init_phase(Sys_Critical_Init, vm, DDB_SYS_CRIT_INIT_DONE);
    system_init_state = SYSSTATE_PREDEVICEINIT;
    init_phase(Device_Init, vm, DDB_DEVICE_INIT_DONE);
    system_init_state = SYSSTATE_PREINITCOMPLETE;
    init_phase(Init_Complete, vm, 0);
    system_init_state = SYSSTATE_VXDINITCOMPLETED;
    v86api_init();
    dos_ready_init();
    initialized = true;
    for (struct VxD_Desc_Block *d = ddb_list; d; d = d->DDB_Next)
        if (!control_call(d, Sys_VM_Init, vm, 0, 0, 0))
            vm_terminate(vm, "VxD %s failed Sys_VM_Init", ddb_name(d, nb));
}

void vxd_system_exit(void)
{
    if (!initialized || exited)
        return;
    exited = true;
    system_control(System_Exit, sys_vm, 0, 0, 0);
    system_control(Sys_Critical_Exit, sys_vm, 0, 0, 0);
    system_init_state = SYSSTATE_POSTSYSCRITEXIT2;
}
