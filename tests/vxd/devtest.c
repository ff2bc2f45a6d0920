/* DEVTEST -- the test VxD (device 7E08h) of the device VxDs under the VMs'
 * interrupts (tests/boot/test_vxd_devices.py): VPICD, VTD and V86MMGR are
 * VxDs with DDBs and service tables, a third-party VxD reaches them only
 * through the public API (vmm.h, vpicd.h, vtd.h, v86mmgr.h), and the VMM's
 * hooks they are built on take one owner each.  Written against the public
 * headers only.  At Sys_VM_Init (in VM 1, before its first instruction) it
 * logs "DEVTEST: ok <check>" or "DEVTEST: FAIL <check> <value>" per check,
 * then "DEVTEST: done".
 */
#include "vmm.h"
#include "vpicd.h"
#include "vtd.h"
#include "v86mmgr.h"
#define TESTLOG_PREFIX "DEVTEST: "
#include "testlog.h"

#define DEVTEST_ID          0x7E08
#define DEVTEST_INIT_ORDER  0x7E080000u
#define TEST_IRQ            5           /* nothing on it under QEMU */

static void check(const char *what, BOOL ok, DWORD value)
{
    struct line l;
    start(&l, ok ? "ok " : "FAIL ");
    put(&l, what);
    if (!ok) {
        put(&l, " ");
        hex(&l, value, 8);
    }
    VMM386_Log(l.s);
}

/* The device is there with its DDB, its name and a service table. */
static void device(WORD id, const char *name, DWORD min_services)
{
    struct VxD_Desc_Block *d = Get_DDB(id, 0);
    struct line l;
    start(&l, name);
    put(&l, "_ddb");
    BOOL ok = d && d->DDB_Req_Device_Number == id && d->DDB_Service_Table_Size >= min_services;
    for (int i = 0; ok && name[i]; i++)
        ok = d->DDB_Name[i] == name[i];
    check(l.s + sizeof TESTLOG_PREFIX - 1, ok, d ? d->DDB_Service_Table_Size : 0);
}

static BOOL dummy_hw(DWORD irq, VMHANDLE vm) { (void)irq, (void)vm; return FALSE; }
static LONG dummy_intc(VMHANDLE vm, DWORD op) { (void)vm, (void)op; return -1; }
static void dummy_tick(DWORD clocks) { (void)clocks; }
static DWORD dummy_io(VMHANDLE vm, DWORD type, DWORD port, CLIENT_STRUCT *c, DWORD v)
{
    (void)vm, (void)type, (void)port, (void)c, (void)v;
    return 0;
}
static void test_hw_int(HIRQ h, VMHANDLE vm, DWORD ref) { (void)vm, (void)ref; VPICD_Phys_EOI(h); }

static void run(VMHANDLE vm)
{
    device(VPICD_DEVICE_ID, "VPICD", VPICD_SERVICE_COUNT);
    device(VTD_DEVICE_ID, "VTD", VTD_SERVICE_COUNT);
    device(V86MMGR_DEVICE_ID, "V86MMGR", V86MMGR_SERVICE_COUNT);

    /* the VMM's hooks have their owners: VPICD and VTD */
    check("intc_taken", !VMM386_Install_Int_Controller(dummy_intc, 0), 0);
    check("hw_int_taken", !VMM386_Hook_Hw_Int(dummy_hw, 0), 0);
    check("tick_taken", VMM386_Hook_Timer_Tick(dummy_tick) == 0, 0);

    /* the virtual PIC's ports are VPICD's, the PIT's VTD's, 92h V86MMGR's */
    check("port20_taken", !Install_IO_Handler(0x20, dummy_io), 0);
    check("port40_taken", !Install_IO_Handler(0x40, dummy_io), 0);
    check("port92_taken", !Install_IO_Handler(0x92, dummy_io), 0);

    /* VPICD's services */
    VID vid = { .VID_IRQ_Number = 0, .VID_Options = VPICD_OPT_VMM386_C, .VID_Hw_Int_Proc = (DWORD)test_hw_int };
    check("irq0_is_vtds", VPICD_Virtualize_IRQ(&vid) == 0, 0);
    vid.VID_IRQ_Number = 2;
    check("cascade_refused", VPICD_Virtualize_IRQ(&vid) == 0, 0);
    vid.VID_IRQ_Number = TEST_IRQ;
    HIRQ h = VPICD_Virtualize_IRQ(&vid);
    check("virtualize", h != 0, h);
    check("virtualize_twice_refused", VPICD_Virtualize_IRQ(&vid) == 0, 0);
    if (h) {
        DWORD before = VPICD_Get_Status(h, vm);
        VPICD_Set_Int_Request(h, vm);
        DWORD during = VPICD_Get_Status(h, vm);
        VPICD_Clear_Int_Request(h, vm);
        DWORD after = VPICD_Get_Status(h, vm);
        check("status_before", !(before & VPICD_Stat_Virt_Req), before);
        check("set_int_request", (during & VPICD_Stat_Virt_Req) != 0, during);
        check("clear_int_request", !(after & VPICD_Stat_Virt_Req), after);
    }

    /* VTD's */
    check("vtd_version", VTD_Get_Version() == 0x0400, VTD_Get_Version());
    check("vtd_period_1ms", VTD_Get_Interrupt_Period() == 1, VTD_Get_Interrupt_Period());
    check("vtd_begin_min", VTD_Begin_Min_Int_Period(10), 0);
    check("vtd_begin_zero_refused", !VTD_Begin_Min_Int_Period(0), 0);
    check("vtd_end_min", VTD_End_Min_Int_Period(10), 0);
    check("vtd_end_unpaired_refused", !VTD_End_Min_Int_Period(10), 0);
    check("vtd_disable_trapping_refused", !VTD_Disable_Trapping(vm), 0);
    check("pic_trapping_stays", !Disable_Local_Trapping(vm, 0x21) && !Disable_Global_Trapping(0x20), 0);
    check("pit_trapping_stays", !Disable_Local_Trapping(vm, 0x40) && !Disable_Global_Trapping(0x43), 0);
    /* PIT clocks since boot: the VMM's milliseconds and the part of one */
    DWORD ms = Get_System_Time();
    unsigned long long t = VTD_Get_Real_Time();
    check("vtd_real_time", t >= (unsigned long long)ms * 1193 && t < (unsigned long long)(ms + 3) * 1193,
          (DWORD)(t - (unsigned long long)ms * 1193));

    /* V86MMGR's and the VMM's A20: the same gate */
    DWORD was = V86MMGR_SetLocalA20(vm, 0);
    check("a20_off", VMM386_Set_V86_A20(vm, VMM386_A20_QUERY) == 0, 1);
    check("a20_was", was == 1, was);
    V86MMGR_SetLocalA20(vm, 1);
    check("a20_on", VMM386_Set_V86_A20(vm, VMM386_A20_QUERY) == 1, 0);

    /* the VM's extended memory (ext=, 4 MB by default) under V86MMGR's INT 15h */
    DWORD pages = 0;
    BYTE *first = VMM386_Get_V86_Ext_Page(vm, 0, &pages);
    check("ext_pages", pages >= 256, pages);
    check("ext_page_0", first != 0 && VMM386_Get_V86_Ext_Page(vm, pages - 1, 0) != 0, (DWORD)first);
    check("ext_page_past_end", VMM386_Get_V86_Ext_Page(vm, pages, 0) == 0, pages);
    check("ext_bad_vm", VMM386_Get_V86_Ext_Page((VMHANDLE)0xDEADBEEF, 0, 0) == 0, 0);
    log_s("done");
}

static BOOL DEVTEST_Control(DWORD Msg, VMHANDLE hVM, DWORD Esi, DWORD Edi, DWORD Edx)
{
    (void)Esi, (void)Edi, (void)Edx;
    if (Msg == Sys_VM_Init)
        run(hVM);
    return TRUE;
}

static struct VxD_Desc_Block DEVTEST_DDB = {
    .DDB_SDK_Version = DDK_VERSION,
    .DDB_Req_Device_Number = DEVTEST_ID,
    .DDB_Dev_Major_Version = 1,
    .DDB_Flags = DDB_VMM386_C_PROCS,
    .DDB_Name = { 'D', 'E', 'V', 'T', 'E', 'S', 'T', ' ' },
    .DDB_Init_Order = DEVTEST_INIT_ORDER,
    .DDB_Control_Proc = (void *)DEVTEST_Control,
    .DDB_Size = sizeof(struct VxD_Desc_Block),
};
VXD_REGISTER(DEVTEST_DDB);
