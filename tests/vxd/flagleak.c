/* FLAGLEAK -- a test VxD (device 7E07h) that plants the EFLAGS bits a
 * careless CPU or emulator can leave behind (QEMU 7.2's CMPXCHG8B writes an
 * operand into EFLAGS) in the client's saved EFLAGS: the monitor must never
 * resume V86 mode with them (v86_safe_eflags, v86/vflags.h).
 *
 * V86 API (INT 2Fh AX=1684h BX=7E07h -> ES:DI; far call it):
 *   AH=00h  Client_EFlags |= IOPL=3, NT, RF, bits 3, 5, 15 and 22-31;
 *           Client_EFlags &= ~IF (the real IF: the VM would run with
 *           hardware interrupts masked).  Logs "FLAGLEAK: planted".
 * The guest (tests/guest/v_flagleak.asm) then checks that its PUSHF image
 * shows its own IOPL, IF and NT, that CLI/STI still reach the monitor, and
 * that the timer still interrupts it. */
#include "vmm.h"

#define FLAGLEAK_ID 0x7E07
#define CF_FLAG     0x0001u
#define IF_FLAG     0x0200u
#define PLANT_SET   (0x3000u | 0x4000u | 0x10000u | 0x8u | 0x20u | 0x8000u | 0xFFC00000u)

static void FLAGLEAK_V86_API(VMHANDLE hVM, CLIENT_STRUCT *pcrs)
{
    (void)hVM;
    if (pcrs->CBRS.Client_AH != 0) {
        pcrs->CRS.Client_EFlags |= CF_FLAG;
        return;
    }
    pcrs->CRS.Client_EFlags = (pcrs->CRS.Client_EFlags | PLANT_SET) & ~IF_FLAG;
    VMM386_Log("FLAGLEAK: planted");
}

static BOOL FLAGLEAK_Control(DWORD Msg, VMHANDLE hVM, DWORD Esi, DWORD Edi, DWORD Edx)
{
    (void)Msg, (void)hVM, (void)Esi, (void)Edi, (void)Edx;
    return TRUE;
}

static struct VxD_Desc_Block FLAGLEAK_DDB = {
    .DDB_SDK_Version = DDK_VERSION,
    .DDB_Req_Device_Number = FLAGLEAK_ID,
    .DDB_Dev_Major_Version = 1,
    .DDB_Flags = DDB_VMM386_C_PROCS,
    .DDB_Name = { 'F', 'L', 'A', 'G', 'L', 'E', 'A', 'K' },
    .DDB_Init_Order = UNDEFINED_INIT_ORDER,
    .DDB_Control_Proc = (void *)FLAGLEAK_Control,
    .DDB_V86_API_Proc = (void *)FLAGLEAK_V86_API,
    .DDB_Size = sizeof(struct VxD_Desc_Block),
};
VXD_REGISTER(FLAGLEAK_DDB);
