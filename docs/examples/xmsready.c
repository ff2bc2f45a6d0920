/* xmsready.c -- XMSHOOK's idea (the DDK's Install_V86_Break_Point page:
 * V86MMGR puts a V86 breakpoint in the real-mode XMS driver) done at the
 * right moment for vmm386: when DOS is up.  vmm386 boots DOS inside the VM, so at Device_Init there is no DOS and
 * no HIMEM.SYS yet; VMM386_DOS_Ready comes at the VM's first INT 21h AH=4Bh
 * (EXEC), after CONFIG.SYS and its drivers.  Then this VxD asks the VM's own
 * INT 2Fh handler for the XMS entry (AX=4310h, nested execution) and puts a
 * breakpoint on it; every XMS call is logged and runs on.
 *     make VXDS=docs/examples/xmsready.c            (docs/writing-a-vxd.md)
 * Lines: "XMSREADY: DOS is up: XMS entry at SSSS:OOOO",
 *        "XMSREADY: XMS call AH=xx". */
#include "vmm.h"

struct line { char s[80]; int n; };

static void put(struct line *l, const char *s)
{
    while (*s && l->n < (int)sizeof l->s - 1)
        l->s[l->n++] = *s++;
    l->s[l->n] = 0;
}

static void hex(struct line *l, DWORD v, int digits)
{
    char d[9];
    for (int i = digits - 1; i >= 0; i--, v >>= 4)
        d[i] = "0123456789ABCDEF"[v & 0xF];
    d[digits] = 0;
    put(l, d);
}

/* An XMS entry starts with a short jump (EB xx) over three NOPs: the
 * breakpoint replaced the EB, the displacement is still there. */
static void XMS_Break(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData, DWORD BreakAddr,
                      DWORD BreakLinAddr)
{
    (void)RefData, (void)BreakAddr;
    struct line l = { .n = 0 };
    put(&l, "XMSREADY: XMS call AH=");
    hex(&l, pcrs->CBRS.Client_AH, 2);
    VMM386_Log(l.s);
    signed char rel = *(signed char *)(hVM->CB_High_Linear + BreakLinAddr + 1);
    pcrs->CWRS.Client_IP = (WORD)(pcrs->CWRS.Client_IP + 2 + rel);
}

/* INT 2Fh AX=4310h in the VM, through its own handler (Build_Int_Stack_Frame
 * calls the IVT's handler directly, past the VxDs' INT 2Fh hooks), with the
 * VM's registers saved around it: we are inside its INT 21h. */
static DWORD xms_entry(VMHANDLE hVM)
{
    CLIENT_STRUCT saved, *pcrs;
    WORD seg;
    DWORD off, entry = 0;
    Save_Client_State(&saved);
    Begin_Nest_V86_Exec();
    pcrs = (CLIENT_STRUCT *)hVM->CB_Client_Pointer;
    pcrs->CWRS.Client_AX = 0x4300;                  /* XMS driver installed? */
    Get_V86_Int_Vector(0x2F, &seg, &off);
    Build_Int_Stack_Frame(seg, off);
    Resume_Exec();
    if (pcrs->CBRS.Client_AL == 0x80) {
        pcrs->CWRS.Client_AX = 0x4310;              /* -> ES:BX = its entry */
        Build_Int_Stack_Frame(seg, off);
        Resume_Exec();
        entry = ((DWORD)pcrs->CRS.Client_ES << 16) | pcrs->CWRS.Client_BX;
    }
    End_Nest_Exec();
    Restore_Client_State(&saved);
    return entry;
}

static BOOL XMSREADY_Control(DWORD Msg, VMHANDLE hVM, DWORD Esi, DWORD Edi, DWORD Edx)
{
    (void)Esi, (void)Edi, (void)Edx;
    if (Msg != VMM386_DOS_Ready)
        return TRUE;
    struct line l = { .n = 0 };
    DWORD entry = xms_entry(hVM);
    if (!entry) {
        VMM386_Log("XMSREADY: DOS is up: no XMS driver");
        return TRUE;
    }
    put(&l, "XMSREADY: DOS is up: XMS entry at ");
    hex(&l, entry >> 16, 4);
    put(&l, ":");
    hex(&l, entry & 0xFFFF, 4);
    if (*(BYTE *)(hVM->CB_High_Linear + (entry >> 16) * 16 + (entry & 0xFFFF)) != 0xEB)
        put(&l, ", not a short jump: left alone");
    else if (!Install_V86_Break_Point(entry, 0, XMS_Break))
        put(&l, ", no breakpoint possible");
    VMM386_Log(l.s);
    return TRUE;
}

static struct VxD_Desc_Block XMSREADY_DDB = {
    .DDB_SDK_Version = DDK_VERSION,
    .DDB_Req_Device_Number = UNDEFINED_DEVICE_ID,
    .DDB_Dev_Major_Version = 1,
    .DDB_Flags = DDB_VMM386_C_PROCS,
    .DDB_Name = { 'X', 'M', 'S', 'R', 'E', 'A', 'D', 'Y' },
    .DDB_Init_Order = UNDEFINED_INIT_ORDER,
    .DDB_Control_Proc = (void *)XMSREADY_Control,
    .DDB_Size = sizeof(struct VxD_Desc_Block),
};
VXD_REGISTER(XMSREADY_DDB);
