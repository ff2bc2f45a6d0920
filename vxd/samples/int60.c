/* INT60 -- the seed's "Callback" sample, the vmm386 way: a VxD that hooks
 * V86 INT 60h.  A DOS program passes a '$'- or NUL-terminated string in
 * DS:DX (AH=01h); the VxD reads it through Map_Flat, keeps a copy, logs it
 * and answers in the client registers: AX = length, carry clear.  AH=02h
 * returns the number of strings received in AX.  Other AH values are passed
 * on down the chain (to the IVT).  Written against include/vmm.h only. */
#include "vmm.h"

#define INT60_MAX 80

static char last[INT60_MAX + 1];
static DWORD received;

static BOOL Int_60h_Hook(DWORD Intno, VMHANDLE hVM, CLIENT_STRUCT *pcrs)
{
    (void)Intno, (void)hVM;
    char line[INT60_MAX + 16] = "INT60: got '";
    switch (pcrs->CBRS.Client_AH) {
    case 0x01: {
        const char *s = (const char *)Map_Flat(CLIENT_DS, CLIENT_DX);
        WORD n = 0;
        if ((DWORD)s == 0xFFFFFFFFu) {
            pcrs->CRS.Client_EFlags |= 1;               /* carry: bad pointer */
            return TRUE;
        }
        while (n < INT60_MAX && s[n] && s[n] != '$') {
            last[n] = s[n];
            n++;
        }
        last[n] = 0;
        received++;
        int k = 12;
        for (WORD i = 0; i < n; i++)
            line[k++] = last[i];
        line[k++] = '\'';
        line[k] = 0;
        VMM386_Log(line);
        pcrs->CWRS.Client_AX = n;
        pcrs->CRS.Client_EFlags &= ~1u;
        return TRUE;
    }
    case 0x02:
        pcrs->CWRS.Client_AX = (WORD)received;
        pcrs->CRS.Client_EFlags &= ~1u;
        return TRUE;
    }
    return FALSE;
}

static BOOL INT60_Control(DWORD Msg, VMHANDLE hVM, DWORD Esi, DWORD Edi, DWORD Edx)
{
    (void)hVM, (void)Esi, (void)Edi, (void)Edx;
    if (Msg == Device_Init)
        return Hook_V86_Int_Chain(0x60, Int_60h_Hook);
    if (Msg == System_Exit)
        Unhook_V86_Int_Chain(0x60, Int_60h_Hook);
    return TRUE;
}

static struct VxD_Desc_Block INT60_DDB = {
    .DDB_SDK_Version = DDK_VERSION,
    .DDB_Req_Device_Number = UNDEFINED_DEVICE_ID,
    .DDB_Dev_Major_Version = 1,
    .DDB_Flags = DDB_VMM386_C_PROCS,
    .DDB_Name = { 'I', 'N', 'T', '6', '0', ' ', ' ', ' ' },
    .DDB_Init_Order = UNDEFINED_INIT_ORDER,
    .DDB_Control_Proc = (void *)INT60_Control,
    .DDB_Size = sizeof(struct VxD_Desc_Block),
};
VXD_REGISTER(INT60_DDB);
