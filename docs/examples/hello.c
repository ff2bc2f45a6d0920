/* hello.c -- a first VxD for vmm386, in C (docs/writing-a-vxd.md).
 *
 * Build it into the kernel from anywhere:
 *     make VXDS=docs/examples/hello.c               -> build/vmm386.elf
 *     make B=build/hello VXDS=~/myvxd/hello.c build/hello/vmm386.elf
 *
 * What it does:
 *   - logs every init/exit control message it receives ("HELLO: Device_Init");
 *   - offers a V86 API: a DOS program gets the entry point with INT 2Fh
 *     AX=1684h BX=HELLO_DEVICE_ID (ES:DI) and calls it far with
 *       AH=00h  get version:  AX = 0100h, carry clear
 *       AH=01h  say:          DS:DX = '$'-terminated string, logged as
 *                             "HELLO: DOS says '<string>'"; AX = its length
 *       other:  carry set
 *     (docs/examples/hellodos.asm is such a program).
 * It is written against include/vmm.h only, as every VxD must be. */
#include "vmm.h"

#define HELLO_DEVICE_ID 0x7A01          /* the V86 API is found by device ID */

/* Log "HELLO: <a><b>" (no printf in a VxD: build the line by hand). */
static void say(const char *a, const char *b)
{
    char line[100] = "HELLO: ";
    int n = 7;
    while (*a && n < 98)
        line[n++] = *a++;
    while (b && *b && n < 98)
        line[n++] = *b++;
    line[n] = 0;
    VMM386_Log(line);
}

/* ---- the control procedure: cdecl C because DDB_Flags has DDB_VMM386_C_PROCS.
 * Return TRUE for success (the DDK's carry clear); FALSE from an init
 * message unloads the VxD. */
static BOOL HELLO_Control(DWORD Msg, VMHANDLE hVM, DWORD Esi, DWORD Edi, DWORD Edx)
{
    (void)Esi, (void)Edi, (void)Edx;
    switch (Msg) {
    case Sys_Critical_Init:
        say("Sys_Critical_Init", 0);
        break;
    case Device_Init:
        say("Device_Init", 0);
        break;
    case Init_Complete:
        say("Init_Complete", 0);
        break;
    case Sys_VM_Init: {
        /* The same service called both ways: the C form, and the DDK's
         * register-level call (INT 20h + dd service) from inline assembly,
         * with the registers the DDK documents (Get_Sys_VM_Handle: EBX). */
        VMHANDLE c_form = Get_Sys_VM_Handle();
        VMHANDLE reg_level;
        __asm__ volatile(VMM386_CALL() : "=b"(reg_level) : VMM386_SVC(Get_Sys_VM_Handle) : "cc", "memory");
        say("Sys_VM_Init", c_form == hVM && reg_level == hVM ? ", the system VM" : ", another VM?");
        break;
    }
    case System_Exit:
        say("System_Exit", 0);
        break;
    case Sys_Critical_Exit:
        say("Sys_Critical_Exit", 0);
        break;
    }
    return TRUE;
}

/* ---- the V86 API procedure: the VM called our entry point far; the VMM
 * already simulated the far return, so we only edit the client registers. */
static void HELLO_V86_API(VMHANDLE hVM, CLIENT_STRUCT *pcrs)
{
    (void)hVM;
    pcrs->CRS.Client_EFlags &= ~1u;                     /* carry clear: success */
    switch (pcrs->CBRS.Client_AH) {
    case 0x00:
        pcrs->CWRS.Client_AX = 0x0100;
        say("version request", 0);
        return;
    case 0x01: {
        /* DS:DX -> a ring-0 pointer into the VM's memory */
        const char *s = (const char *)Map_Flat(CLIENT_DS, CLIENT_DX);
        char text[64];
        WORD n = 0;
        if ((DWORD)s == 0xFFFFFFFFu)
            break;
        while (n < sizeof text - 2 && s[n] != '$')
            text[n] = s[n], n++;
        text[n] = '\'';
        text[n + 1] = 0;
        say("DOS says '", text);
        pcrs->CWRS.Client_AX = n;
        return;
    }
    }
    pcrs->CRS.Client_EFlags |= 1;                       /* carry set: error */
}

static struct VxD_Desc_Block HELLO_DDB = {
    .DDB_SDK_Version = DDK_VERSION,
    .DDB_Req_Device_Number = HELLO_DEVICE_ID,
    .DDB_Dev_Major_Version = 1,
    .DDB_Dev_Minor_Version = 0,
    .DDB_Flags = DDB_VMM386_C_PROCS,                    /* C control and API procedures */
    .DDB_Name = { 'H', 'E', 'L', 'L', 'O', ' ', ' ', ' ' },
    .DDB_Init_Order = UNDEFINED_INIT_ORDER,
    .DDB_Control_Proc = (void *)HELLO_Control,
    .DDB_V86_API_Proc = (void *)HELLO_V86_API,
    .DDB_Size = sizeof(struct VxD_Desc_Block),
};
VXD_REGISTER(HELLO_DDB);
