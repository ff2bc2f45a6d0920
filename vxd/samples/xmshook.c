/* XMSHOOK -- the seed's V86MMGR example (seed 001: "the XMS driver in the
 * virtual V86MMGR device inserts a breakpoint in the real-mode XMS driver"),
 * in C against include/vmm.h only.
 *
 *   Device_Init   hook V86 INT 2Fh.
 *   INT 2Fh AX=4310h (get XMS driver entry): pass it on down the chain so
 *                 the real-mode driver answers, but ask Call_When_VM_Returns
 *                 to call us back when the VM returns from the interrupt.
 *   VM returns    ES:BX is the driver's entry: read its first byte (through
 *                 CB_High_Linear, before patching it) and install a V86
 *                 breakpoint there; log "XMSHOOK: XMS entry at SSSS:OOOO".
 *                 Same address again: nothing to do; a new one: the
 *                 breakpoint moves.  ES:BX unchanged by the call: nobody
 *                 answered ("XMSHOOK: INT 2Fh AX=4310h: no XMS driver
 *                 answered"), nothing is installed.
 *   breakpoint    every XMS call: count it and simulate the patched
 *                 instruction.  Built with -DXMSHOOK_LOG_CALLS (make
 *                 VXDS=vxd/samples/xmshook.c VXDFLAGS=-DXMSHOOK_LOG_CALLS)
 *                 it also logs "XMSHOOK: XMS call AH=xx" (with DX for the
 *                 functions that take a handle, a size or a segment in it):
 *                 debug output on a hot path, so never by default.  An
 *                 XMS entry starts with a short jump (EB xx, then three
 *                 NOPs that hookers may patch); a far jump (EA), a near
 *                 jump (E9) and a NOP (90) are simulated too.  Any other
 *                 opcode: log it, remove the breakpoint (the VM then runs
 *                 the original byte itself) and leave that entry alone.
 *   System_Exit   remove the breakpoint and unhook INT 2Fh (seed 001); log
 *                 "XMSHOOK: System_Exit: breakpoint at SSSS:OOOO removed"
 *                 when there was one (nothing otherwise), and without the
 *                 per-call log "XMSHOOK: NNNNNNNN XMS calls" (hex) first.
 *
 * Device ID: V86MMGR's is 6, but this is not V86MMGR, so it registers
 * with UNDEFINED_DEVICE_ID and the name XMSHOOK. */
#include "vmm.h"

#define NO_ADDR 0xFFFFFFFFu

static DWORD bp_addr = NO_ADDR;         /* seg:off of our breakpoint, NO_ADDR: none */
static VMHANDLE bp_vm;                  /* the VM it is in */
static BYTE bp_orig;                    /* the byte the breakpoint replaced */
static DWORD given_up = NO_ADDR;        /* an entry we could not simulate */
static DWORD ncalls;                    /* XMS calls seen at the breakpoint */

/* ------------------------------------------------------ log formatting */
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

static void addr(struct line *l, DWORD segoff)
{
    hex(l, segoff >> 16, 4);
    put(l, ":");
    hex(l, segoff & 0xFFFF, 4);
}

/* ---------------------------------------------------- guest memory */
static BYTE *vm_byte(VMHANDLE hVM, DWORD segoff, WORD plus)
{
    DWORD lin = ((segoff >> 16) << 4) + (WORD)((segoff & 0xFFFF) + plus);
    return (BYTE *)(hVM->CB_High_Linear + lin);
}

/* ------------------------------------------------------- breakpoint */
/* TRUE when the breakpoint was taken out of the VM's memory (the VM must
 * still exist and be the current one: the services work on the current VM). */
static BOOL remove_bp(void)
{
    BOOL removed = FALSE;
    if (bp_addr != NO_ADDR && Validate_VM_Handle(bp_vm) && Test_Cur_VM_Handle(bp_vm))
        removed = Remove_V86_Break_Point(bp_addr);
    bp_addr = NO_ADDR;
    return removed;
}

/* XMS functions whose DX is worth logging: handle, size or segment. */
static BOOL dx_useful(BYTE ah)
{
    switch (ah) {
    case 0x09:          /* allocate EMB: DX = KB */
    case 0x0A:          /* free EMB: DX = handle */
    case 0x0C:          /* lock EMB */
    case 0x0D:          /* unlock EMB */
    case 0x0E:          /* get EMB handle information */
    case 0x0F:          /* reallocate EMB (BX = KB) */
    case 0x10:          /* request UMB: DX = paragraphs */
    case 0x11:          /* release UMB: DX = segment */
    case 0x12:          /* reallocate UMB */
        return TRUE;
    }
    return FALSE;
}

static void XMS_Break(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData, DWORD BreakAddr,
                      DWORD BreakLinAddr)
{
    (void)RefData, (void)BreakLinAddr;
    struct line l = { .n = 0 };
    ncalls++;
#ifdef XMSHOOK_LOG_CALLS
    BYTE ah = pcrs->CBRS.Client_AH;
    put(&l, "XMSHOOK: XMS call AH=");
    hex(&l, ah, 2);
    if (dx_useful(ah)) {
        put(&l, " DX=");
        hex(&l, pcrs->CWRS.Client_DX, 4);
    }
    VMM386_Log(l.s);
    l.n = 0;
#else
    (void)dx_useful;
#endif

    /* Client_CS:IP is the breakpoint: do what the patched byte would have. */
    WORD ip = pcrs->CWRS.Client_IP;
    switch (bp_orig) {
    case 0xEB:          /* JMP short rel8 */
        pcrs->CWRS.Client_IP = (WORD)(ip + 2 + (signed char)*vm_byte(hVM, BreakAddr, 1));
        return;
    case 0xE9: {        /* JMP near rel16 */
        WORD rel = *vm_byte(hVM, BreakAddr, 1) | (WORD)(*vm_byte(hVM, BreakAddr, 2) << 8);
        pcrs->CWRS.Client_IP = (WORD)(ip + 3 + rel);
        return;
    }
    case 0xEA: {        /* JMP far ptr16:16 */
        WORD off = *vm_byte(hVM, BreakAddr, 1) | (WORD)(*vm_byte(hVM, BreakAddr, 2) << 8);
        WORD seg = *vm_byte(hVM, BreakAddr, 3) | (WORD)(*vm_byte(hVM, BreakAddr, 4) << 8);
        Simulate_Far_Jmp(seg, off);
        return;
    }
    case 0x90:          /* NOP */
        pcrs->CWRS.Client_IP = (WORD)(ip + 1);
        return;
    }
    /* Unknown: put the byte back and let the VM execute it (IP unchanged). */
    put(&l, "XMSHOOK: unknown opcode ");
    hex(&l, bp_orig, 2);
    put(&l, " at ");
    addr(&l, BreakAddr);
    put(&l, ", breakpoint removed");
    VMM386_Log(l.s);
    given_up = BreakAddr;
    remove_bp();
}

/* ------------------------------------------ INT 2Fh AX=4310h returns */
static void XMS_Entry_Returned(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData, BOOL TimedOut)
{
    struct line l = { .n = 0 };
    DWORD entry = ((DWORD)pcrs->CRS.Client_ES << 16) | pcrs->CWRS.Client_BX;
    if (TimedOut)
        return;
    if (entry == given_up || (entry == bp_addr && hVM == bp_vm))
        return;                         /* already hooked (or not hookable) */
    if (entry == RefData) {             /* ES:BX untouched: nobody answered */
        VMM386_Log("XMSHOOK: INT 2Fh AX=4310h: no XMS driver answered");
        return;
    }
    remove_bp();                        /* the entry moved: so does the breakpoint */
    bp_orig = *vm_byte(hVM, entry, 0);  /* before the breakpoint replaces it */
    if (!Install_V86_Break_Point(entry, 0, XMS_Break)) {
        put(&l, "XMSHOOK: cannot install a breakpoint at ");
        addr(&l, entry);
        VMM386_Log(l.s);
        given_up = entry;
        return;
    }
    bp_addr = entry;
    bp_vm = hVM;
    put(&l, "XMSHOOK: XMS entry at ");
    addr(&l, entry);
    VMM386_Log(l.s);
}

static BOOL XMS_Int2F_Hook(DWORD Intno, VMHANDLE hVM, CLIENT_STRUCT *pcrs)
{
    (void)Intno, (void)hVM;
    if (pcrs->CWRS.Client_AX == 0x4310) {
        /* RefData: ES:BX before the call, to see whether anybody answered. */
        DWORD before = ((DWORD)pcrs->CRS.Client_ES << 16) | pcrs->CWRS.Client_BX;
        if (!Call_When_VM_Returns(0, before, XMS_Entry_Returned))
            VMM386_Log("XMSHOOK: Call_When_VM_Returns failed");
    }
    return FALSE;                       /* the real-mode driver answers */
}

/* ----------------------------------------------------------- control */
static BOOL XMSHOOK_Control(DWORD Msg, VMHANDLE hVM, DWORD Esi, DWORD Edi, DWORD Edx)
{
    (void)hVM, (void)Esi, (void)Edi, (void)Edx;
    if (Msg == Device_Init)
        return Hook_V86_Int_Chain(0x2F, XMS_Int2F_Hook);
    if (Msg == System_Exit) {
        /* Seed 001: remove breakpoints in global V86 code at System_Exit.
         * Silent unless there was one (other tests own the last log lines). */
        struct line l = { .n = 0 };
        DWORD was = bp_addr;
#ifndef XMSHOOK_LOG_CALLS
        if (ncalls) {
            put(&l, "XMSHOOK: ");
            hex(&l, ncalls, 8);
            put(&l, " XMS calls");
            VMM386_Log(l.s);
            l.n = 0;
        }
#endif
        if (remove_bp()) {
            put(&l, "XMSHOOK: System_Exit: breakpoint at ");
            addr(&l, was);
            put(&l, " removed");
            VMM386_Log(l.s);
        }
        Unhook_V86_Int_Chain(0x2F, XMS_Int2F_Hook);
    }
    return TRUE;
}

static struct VxD_Desc_Block XMSHOOK_DDB = {
    .DDB_SDK_Version = DDK_VERSION,
    .DDB_Req_Device_Number = UNDEFINED_DEVICE_ID,      /* not V86MMGR's 6 */
    .DDB_Dev_Major_Version = 1,
    .DDB_Flags = DDB_VMM386_C_PROCS,
    .DDB_Name = { 'X', 'M', 'S', 'H', 'O', 'O', 'K', ' ' },
    .DDB_Init_Order = UNDEFINED_INIT_ORDER,
    .DDB_Control_Proc = (void *)XMSHOOK_Control,
    .DDB_Size = sizeof(struct VxD_Desc_Block),
};
VXD_REGISTER(XMSHOOK_DDB);
