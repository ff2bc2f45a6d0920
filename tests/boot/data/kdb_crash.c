/* kdb_crash.c -- a VxD that crashes the VMM on purpose (tests/boot/test_kdb.py).
 *
 * Linked into a test kernel only:
 *     make B=build/kdbtest VXDS=tests/boot/data/kdb_crash.c build/kdbtest/vmm386.elf
 * At Init_Complete it executes UD2 in ring 0: an invalid-opcode fault in the
 * VMM, which panics; under debug=kdb the debugger's prompt comes up after the
 * panic message, and `g` lets the machine end. */
#include "vmm.h"

static BOOL KDBCRASH_Control(DWORD Msg, VMHANDLE hVM, DWORD Esi, DWORD Edi, DWORD Edx)
{
    (void)hVM, (void)Esi, (void)Edi, (void)Edx;
    if (Msg == Init_Complete) {
        VMM386_Log("KDBCRASH: UD2 in ring 0 now");
        __asm__ volatile("ud2");
    }
    return TRUE;
}

static struct VxD_Desc_Block KDBCRASH_DDB = {
    .DDB_SDK_Version = DDK_VERSION,
    .DDB_Req_Device_Number = UNDEFINED_DEVICE_ID,
    .DDB_Dev_Major_Version = 1,
    .DDB_Dev_Minor_Version = 0,
    .DDB_Flags = DDB_VMM386_C_PROCS,
    .DDB_Name = { 'K', 'D', 'B', 'C', 'R', 'A', 'S', 'H' },
    .DDB_Init_Order = UNDEFINED_INIT_ORDER,
    .DDB_Control_Proc = (void *)KDBCRASH_Control,
    .DDB_Size = sizeof(struct VxD_Desc_Block),
};
VXD_REGISTER(KDBCRASH_DDB);
