/* FAILINIT -- a test VxD (device 7E03h) that fails Device_Init.
 * The VMM must unload it ("vmm386: VxD FAILINIT failed Device_Init and is
 * unloaded") and go on with the other devices; after that it must get no
 * further control message, Get_DDB must not find it, and INT 2Fh AX=1684h
 * BX=7E03h must answer ES:DI=0:0 although it has a V86 API procedure.
 * Logs "FAILINIT: <message>" for every control message it gets. */
#include "vmm.h"

#define FAILINIT_ID         0x7E03
#define FAILINIT_INIT_ORDER 0x7E020000u

static void log_msg(DWORD msg)
{
    char line[] = "FAILINIT: control message ??";
    const char *name = 0;
    switch (msg) {
    case Sys_Critical_Init: name = "FAILINIT: Sys_Critical_Init"; break;
    case Device_Init: name = "FAILINIT: Device_Init (failing it)"; break;
    }
    if (!name) {
        line[sizeof line - 3] = "0123456789ABCDEF"[(msg >> 4) & 0xF];
        line[sizeof line - 2] = "0123456789ABCDEF"[msg & 0xF];
        name = line;
    }
    VMM386_Log(name);
}

static BOOL FAILINIT_Control(DWORD Msg, VMHANDLE hVM, DWORD Esi, DWORD Edi, DWORD Edx)
{
    (void)hVM, (void)Esi, (void)Edi, (void)Edx;
    log_msg(Msg);
    return Msg != Device_Init;
}

static void FAILINIT_V86_API(VMHANDLE hVM, CLIENT_STRUCT *pcrs)
{
    (void)hVM;
    VMM386_Log("FAILINIT: V86 API called (must not happen)");
    pcrs->CRS.Client_EFlags |= 1;
}

static struct VxD_Desc_Block FAILINIT_DDB = {
    .DDB_SDK_Version = DDK_VERSION,
    .DDB_Req_Device_Number = FAILINIT_ID,
    .DDB_Dev_Major_Version = 1,
    .DDB_Flags = DDB_VMM386_C_PROCS,
    .DDB_Name = { 'F', 'A', 'I', 'L', 'I', 'N', 'I', 'T' },
    .DDB_Init_Order = FAILINIT_INIT_ORDER,
    .DDB_Control_Proc = (void *)FAILINIT_Control,
    .DDB_V86_API_Proc = (void *)FAILINIT_V86_API,
    .DDB_Size = sizeof(struct VxD_Desc_Block),
};
VXD_REGISTER(FAILINIT_DDB);
