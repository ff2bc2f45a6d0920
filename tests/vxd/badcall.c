/* BADCALL (device 7E04h): makes the VxDcalls the dynalink must refuse, on
 * request from the V86 guests v_badcall{1,2,3}.asm through its V86 API:
 *   AH=01h  a service of a device that does not exist (7EEEh, service 5)
 *   AH=02h  a VMM service inside the table that vmm386 does not implement (1FFh)
 *   AH=03h  a VMM service beyond the end of the table (7000h)
 *   AH=04h  a DDK service vmm386 does not implement (Hook_NMI_Event)
 * Each must halt the machine with a message naming the service (by its DDK
 * name when it has one) and the caller, BADCALL+offset. */
#include "vmm.h"

static void BadCall_API(VMHANDLE hVM, CLIENT_STRUCT *pcrs)
{
    (void)hVM;
    switch (pcrs->CBRS.Client_AH) {
    case 0x01:
        __asm__ volatile(VxDcall(0x7EEE, 0x0005) ::: "cc", "memory");
        break;
    case 0x02:
        __asm__ volatile(VxDcall(VMM_DEVICE_ID, 0x01FF) ::: "cc", "memory");
        break;
    case 0x03:
        __asm__ volatile(VxDcall(VMM_DEVICE_ID, 0x7000) ::: "cc", "memory");
        break;
    case 0x04:
        __asm__ volatile(VxDcall(VMM_DEVICE_ID, 0x0018) ::: "cc", "memory");   /* Hook_NMI_Event */
        break;
    }
    VMM386_Log("BADCALL: the bad VxDcall returned");
}

static struct VxD_Desc_Block BADCALL_DDB = {
    .DDB_SDK_Version = DDK_VERSION,
    .DDB_Req_Device_Number = 0x7E04,
    .DDB_Dev_Major_Version = 1,
    .DDB_Flags = DDB_VMM386_C_PROCS,
    .DDB_Name = { 'B', 'A', 'D', 'C', 'A', 'L', 'L', ' ' },
    .DDB_Init_Order = UNDEFINED_INIT_ORDER,
    .DDB_V86_API_Proc = (void *)BadCall_API,
    .DDB_Size = sizeof(struct VxD_Desc_Block),
};
VXD_REGISTER(BADCALL_DDB);
