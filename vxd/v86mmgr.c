/* V86MMGR (device 6), the part vmm386 has, a VxD on the public API (vmm.h,
 * v86mmgr.h): each VM's A20 gate and the switches a DOS extender or HIMEM
 * flips, and INT 15h's extended memory services.
 *
 * Port 92h (fast A20; its fast reset bit crashes the VM) is trapped here
 * with Install_IO_Handler, its byte kept in the VM's
 * Allocate_Device_CB_Area block; the keyboard controller's A20 commands are
 * VKD's, which calls V86MMGR_SetLocalA20.  The mapping under the gate (the
 * HMA pages wrap to 0 with A20 off) is the VMM's: VMM386_Set_V86_A20.
 *
 * INT 15h: the BIOS versions of these switch to protected mode or describe
 * memory a V86 VM cannot see.  AH=87h block move, AH=88h and AX=E801h the
 * size, AX=E820h the map, AH=89h (enter protected mode) refused.  They are
 * answered where the BIOS would answer them: at the BIOS's INT 15h entry,
 * the VM's vector 15h when it is created, through a V86 breakpoint there
 * (VMM386_BP_ROM: on the VM's own read-only copy of the ROM page).  So a
 * DOS driver that hooks INT 15h in the VM (XMS.SYS's AH=88h = 0 KB, as
 * HIMEM's) comes first, and a call it chains on reaches us.  Other
 * functions go on into the BIOS: the breakpoint simulates the entry's
 * first instruction (bios_step).  The VM's extended memory beyond the HMA
 * is the VMM's, private pages reached only through AH=87h
 * (VMM386_Get_V86_Ext_Page); the first megabyte and the HMA through the
 * VM's CB_High_Linear. */
#include "vmm.h"
#include "v86mmgr.h"
#include "vxd/regs.h"                   /* register-level entry points */

#define PORT92          0x92
#define HMA_BASE        0x100000u
#define EXT_BASE        0x110000u       /* the VM's linear space ends here */
#define PAGE            4096u
#define SMAP            0x534D4150u
#define BDA_MEM_KB      0x413           /* conventional memory in KB */
#define BIOS_ROM        0xF0000u
#define EFL_CF          0x0001u
#define EFL_ZF          0x0040u
#define MAX_MOVE_WORDS  0x8000u
#define P92_RESET       0x01
#define P92_A20         0x02

/* How the breakpoint at the BIOS's INT 15h entry carries on into the
 * BIOS: the entry's first instruction, simulated (bios_step). */
enum entry_op { ENTRY_NONE, ENTRY_CMP_AH, ENTRY_JMP_SHORT, ENTRY_JMP_NEAR, ENTRY_JMP_FAR, ENTRY_NOP };

struct v86mmgr_vm {                     /* in every VM's control block (a fork's: its parent's) */
    BYTE port92;
    BYTE entry_op;                      /* enum entry_op; ENTRY_NONE: no breakpoint */
    BYTE via_chain;                     /* no breakpoint: the hook chain answers (int15_hook) */
    DWORD bios15;                       /* seg:off of the BIOS's INT 15h entry */
    DWORD entry_arg;                    /* the first instruction's operand (far: seg:off) */
};
static BOOL chain_hooked;
static DWORD cb_off;

static struct v86mmgr_vm *st(VMHANDLE vm)
{
    return (struct v86mmgr_vm *)((char *)vm + cb_off);
}

static DWORD port92_io(VMHANDLE hVM, DWORD IOType, DWORD Port, CLIENT_STRUCT *pcrs, DWORD OutData)
{
    (void)Port, (void)pcrs;
    struct v86mmgr_vm *m = st(hVM);
    if (!(IOType & Output))
        return (m->port92 & ~(P92_A20 | P92_RESET)) | (VMM386_Set_V86_A20(hVM, VMM386_A20_QUERY) ? P92_A20 : 0);
    if (OutData & P92_RESET) {
        static const char hex[] = "0123456789abcdef";
        char line[] = "V86MMGR: fast reset through port 92h (..)";
        line[38] = hex[(OutData >> 4) & 15];
        line[39] = hex[OutData & 15];
        VMM386_Log(line);
        Crash_Cur_VM();
    }
    m->port92 = (BYTE)OutData;
    VMM386_Set_V86_A20(hVM, (OutData & P92_A20) != 0);
    return 0;
}

/* ---------------------------------------------------------------- INT 15h */
static void set_carry(CLIENT_STRUCT *c, BOOL cf)
{
    if (cf) c->CRS.Client_EFlags |= EFL_CF;
    else c->CRS.Client_EFlags &= ~EFL_CF;
}

static void set_ah(CLIENT_STRUCT *c, BYTE ah)
{
    c->CRS.Client_EAX = (c->CRS.Client_EAX & ~0xFF00u) | ((DWORD)ah << 8);
}

/* A byte of the VM's first megabyte (and HMA) at seg:off, the offset
 * wrapping at 64 KB as the CPU's does. */
static BYTE *seg_byte(VMHANDLE vm, WORD seg, WORD off)
{
    return (BYTE *)vm->CB_High_Linear + ((DWORD)seg << 4) + off;
}

/* Ring-0 pointer to `lin` as the block move sees memory (A20 on, which
 * the move turns on for its time), and how many bytes from there are
 * contiguous: the VM's first megabyte and HMA are, at CB_High_Linear, up to
 * 110000h; an extended page to its end.  NULL past the VM's memory. */
static BYTE *block_ptr(VMHANDLE vm, DWORD lin, DWORD *room)
{
    BYTE *p;
    if (lin < EXT_BASE) {
        *room = EXT_BASE - lin;
        return (BYTE *)vm->CB_High_Linear + lin;
    }
    *room = PAGE - (lin & (PAGE - 1));
    p = VMM386_Get_V86_Ext_Page(vm, (lin - EXT_BASE) / PAGE, 0);
    return p ? p + (lin & (PAGE - 1)) : 0;
}

/* memmove: the source and destination may overlap.  Forward by dwords
 * (a block move is usually whole pages), backward by bytes (rare). */
static void move_bytes(BYTE *d, const BYTE *s, DWORD n)
{
    if (d <= s || d >= s + n) {
        DWORD dwords = n >> 2, rest = n & 3;
        __asm__ volatile("cld; rep movsl" : "+D"(d), "+S"(s), "+c"(dwords) :: "memory", "cc");
        __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(rest) :: "memory", "cc");
    } else {
        d += n - 1, s += n - 1;
        __asm__ volatile("std; rep movsb; cld" : "+D"(d), "+S"(s), "+c"(n) :: "memory", "cc");
    }
}

/* In pieces each side has contiguous: a pointer for a side is looked up
 * only when it leaves the last (one VMM386_Get_V86_Ext_Page per extended
 * page). */
static BOOL block_move(VMHANDLE vm, DWORD src, DWORD dst, DWORD n)
{
    DWORD sroom = 0, droom = 0;
    BYTE *s = 0, *d = 0;
    while (n) {
        if (!sroom && !(s = block_ptr(vm, src, &sroom)))
            return FALSE;
        if (!droom && !(d = block_ptr(vm, dst, &droom)))
            return FALSE;
        DWORD k = n < sroom ? n : sroom;
        if (k > droom)
            k = droom;
        move_bytes(d, s, k);
        src += k, dst += k, n -= k;
        s += k, d += k, sroom -= k, droom -= k;
    }
    return TRUE;
}

/* A descriptor's base: bytes 2-4 and 7. */
static DWORD desc_base(const BYTE *d)
{
    return (*(const DWORD *)(d + 2) & 0xFFFFFFu) | ((DWORD)d[7] << 24);
}

/* Does [lin, lin + n) reach the HMA, 100000h-10FFFFh, whose pages the A20
 * gate switches? */
static BOOL in_hma(DWORD lin, DWORD n)
{
    return lin < EXT_BASE && lin + n > HMA_BASE;
}

/* AH=87h: ES:SI is a GDT whose entries 2 and 3 describe source and
 * destination; CX words.  The move sees memory with A20 on: only a move
 * that reaches the HMA turns the VM's gate on for its time. */
static void int15_87(VMHANDLE vm, CLIENT_STRUCT *c)
{
    BYTE wrapped[16];
    const BYTE *desc;                   /* entries 2 and 3 */
    DWORD words = c->CRS.Client_ECX & 0xFFFF, n = words * 2;
    WORD si = (WORD)(c->CRS.Client_ESI + 0x10);
    if (si <= 0x10000 - sizeof wrapped) {
        desc = seg_byte(vm, c->CRS.Client_ES, si);
    } else {                            /* wraps at the end of ES */
        for (WORD i = 0; i < sizeof wrapped; i++)
            wrapped[i] = *seg_byte(vm, c->CRS.Client_ES, (WORD)(si + i));
        desc = wrapped;
    }
    DWORD src = desc_base(desc), dst = desc_base(desc + 8);
    BOOL ok = words <= MAX_MOVE_WORDS;
    if (ok && (in_hma(src, n) || in_hma(dst, n))) {
        DWORD a20 = VMM386_Set_V86_A20(vm, VMM386_A20_QUERY);
        if (!a20)
            VMM386_Set_V86_A20(vm, 1);
        ok = block_move(vm, src, dst, n);
        if (!a20)
            VMM386_Set_V86_A20(vm, 0);
    } else if (ok) {
        ok = block_move(vm, src, dst, n);
    }
    set_ah(c, ok ? 0x00 : 0x02);        /* 02h: exception during the move */
    set_carry(c, !ok);
    if (ok)
        c->CRS.Client_EFlags |= EFL_ZF;
}

static void int15_e820(VMHANDLE vm, CLIENT_STRUCT *c, DWORD ext_pages)
{
    WORD conv_kb = *(WORD *)((BYTE *)vm->CB_High_Linear + BDA_MEM_KB);
    struct { DWORD base_lo, base_hi, len_lo, len_hi, type; } __attribute__((packed)) map[3] = {
        { 0, 0, (DWORD)conv_kb << 10, 0, 1 },
        { BIOS_ROM, 0, 0x10000, 0, 2 },
        { HMA_BASE, 0, 0x10000 + ext_pages * PAGE, 0, 1 },
    };
    DWORD i = c->CRS.Client_EBX;
    if (c->CRS.Client_EDX != SMAP || i >= 3 || (c->CRS.Client_ECX & 0xFFFF) < sizeof map[0]) {
        set_carry(c, TRUE);
        set_ah(c, 0x86);
        return;
    }
    const BYTE *e = (const BYTE *)&map[i];
    for (WORD k = 0; k < sizeof map[0]; k++)
        *seg_byte(vm, c->CRS.Client_ES, (WORD)(c->CRS.Client_EDI + k)) = e[k];
    c->CRS.Client_EAX = SMAP;
    c->CRS.Client_ECX = sizeof map[0];
    c->CRS.Client_EBX = i + 1 < 3 ? i + 1 : 0;
    set_carry(c, FALSE);
}

/* The VM's extended memory in KB, the HMA counted; *pages: beyond it. */
static DWORD ext_kb(VMHANDLE vm, DWORD *pages)
{
    VMM386_Get_V86_Ext_Page(vm, 0, pages);
    return 64 + *pages * 4;
}

/* Ours: only these functions.  The rest of INT 15h (AH=4Fh from the
 * keyboard interrupt, 90h/91h from the disk BIOS, 240xh...) is the BIOS's. */
static BOOL int15_ours(const CLIENT_STRUCT *c)
{
    WORD ax = c->CRS.Client_EAX & 0xFFFF;
    BYTE ah = ax >> 8;
    return ah == 0x87 || ah == 0x88 || ah == 0x89 || ax == 0xE801 || ax == 0xE820;
}

static void int15_service(VMHANDLE vm, CLIENT_STRUCT *c)
{
    WORD ax = c->CRS.Client_EAX & 0xFFFF;
    DWORD pages, kb;
    switch (ax >> 8) {
    case 0x87:
        int15_87(vm, c);
        return;
    case 0x88:
        kb = ext_kb(vm, &pages);
        c->CRS.Client_EAX = (c->CRS.Client_EAX & ~0xFFFFu) | (kb > 0xFFFF ? 0xFFFF : kb);
        set_carry(c, FALSE);
        return;
    case 0x89:                          /* enter protected mode: not from V86 */
        set_ah(c, 0x86);
        set_carry(c, TRUE);
        return;
    }
    if (ax == 0xE801) {
        kb = ext_kb(vm, &pages);
        DWORD below16 = kb < 15360 ? kb : 15360;
        DWORD above16 = kb > 15360 ? (kb - 15360) / 64 : 0;
        c->CRS.Client_EAX = c->CRS.Client_ECX = below16;
        c->CRS.Client_EBX = c->CRS.Client_EDX = above16;
        set_carry(c, FALSE);
    } else {                            /* E820h */
        ext_kb(vm, &pages);
        int15_e820(vm, c, pages);
    }
}

/* The BIOS's first instruction at its INT 15h entry, done here, so the
 * call goes on into the BIOS past our breakpoint.  BIOSes start it with a
 * compare of AH (SeaBIOS, Bochs') or a jump. */
#define EFL_ARITH 0x08D5u               /* CF PF AF ZF SF OF */
static void bios_step(const struct v86mmgr_vm *m, CLIENT_STRUCT *c)
{
    WORD ip = (WORD)c->CRS.Client_EIP;
    DWORD fl;
    switch (m->entry_op) {
    case ENTRY_CMP_AH:
        __asm__("cmpb %b2, %b1; pushfl; popl %0" : "=r"(fl)
                : "q"(c->CRS.Client_EAX >> 8), "q"(m->entry_arg) : "cc");
        c->CRS.Client_EFlags = (c->CRS.Client_EFlags & ~EFL_ARITH) | (fl & EFL_ARITH);
        ip += 3;
        break;
    case ENTRY_JMP_SHORT:
        ip += 2 + (signed char)m->entry_arg;
        break;
    case ENTRY_JMP_NEAR:
        ip += 3 + (WORD)m->entry_arg;
        break;
    case ENTRY_JMP_FAR:
        c->CRS.Client_CS = (WORD)(m->entry_arg >> 16);
        ip = (WORD)m->entry_arg;
        break;
    default:                            /* NOP */
        ip += 1;
        break;
    }
    c->CRS.Client_EIP = ip;
}

/* The breakpoint at the BIOS's INT 15h entry: reached by an INT 15h that
 * nobody in the VM hooked, or chained on by a hook (JMP FAR, PUSHF + CALL
 * FAR).  Ours: return to the caller as the BIOS does, with the flags of
 * its INT (IRET) and our CF/ZF/AH; the rest: on into the BIOS. */
static void int15_bios(VMHANDLE vm, CLIENT_STRUCT *c, DWORD RefData, DWORD BreakAddr, DWORD BreakLinAddr)
{
    (void)RefData, (void)BreakAddr, (void)BreakLinAddr;
    if (!int15_ours(c)) {
        bios_step(st(vm), c);
        return;
    }
    Simulate_Iret();
    int15_service(vm, c);
}

/* A VM whose entry we could not break at (not a first instruction
 * bios_step knows, or no memory): the hook chain, ahead of its IVT, as
 * before the breakpoint. */
static BOOL int15_hook(DWORD Intno, VMHANDLE vm, CLIENT_STRUCT *c)
{
    (void)Intno;
    if (!st(vm)->via_chain || !int15_ours(c))
        return FALSE;
    int15_service(vm, c);
    return TRUE;
}

static void log_entry(VMHANDLE vm, DWORD entry, const char *what)
{
    static const char hex[] = "0123456789ABCDEF";
    char line[120] = "V86MMGR: VM ";
    int n = 12;
    DWORD id = vm->CB_VMID, d = 1;
    while (d * 10 <= id)
        d *= 10;
    for (; d; d /= 10)
        line[n++] = (char)('0' + id / d % 10);
    const char *s = ": the BIOS's INT 15h entry ";
    while (*s)
        line[n++] = *s++;
    for (int i = 28; i >= 0; i -= 4) {
        line[n++] = hex[(entry >> i) & 15];
        if (i == 16)
            line[n++] = ':';
    }
    while (*what && n < (int)sizeof line - 1)
        line[n++] = *what++;
    line[n] = 0;
    VMM386_Log(line);
}

/* The VM's vector 15h as the VMM made it (before any of its DOS runs):
 * the BIOS's entry.  A fork has its parent's entry and breakpoint. */
static BOOL vm_entry_init(VMHANDLE vm)
{
    struct v86mmgr_vm *m = st(vm);
    if (m->bios15)
        return TRUE;
    const BYTE *ivt = (const BYTE *)vm->CB_High_Linear;
    DWORD entry = *(const DWORD *)(ivt + 0x15 * 4);
    const BYTE *op = seg_byte(vm, entry >> 16, (WORD)entry);
    m->bios15 = entry;
    m->entry_op = ENTRY_NONE;
    if ((WORD)entry <= 0xFFFA) {        /* the whole first instruction in the segment */
        if (op[0] == 0x80 && op[1] == 0xFC)
            m->entry_op = ENTRY_CMP_AH, m->entry_arg = op[2];
        else if (op[0] == 0xEB)
            m->entry_op = ENTRY_JMP_SHORT, m->entry_arg = op[1];
        else if (op[0] == 0xE9)
            m->entry_op = ENTRY_JMP_NEAR, m->entry_arg = *(const WORD *)(op + 1);
        else if (op[0] == 0xEA)
            m->entry_op = ENTRY_JMP_FAR, m->entry_arg = (DWORD)*(const WORD *)(op + 3) << 16 | *(const WORD *)(op + 1);
        else if (op[0] == 0x90)
            m->entry_op = ENTRY_NOP;
    }
    /* Install_V86_Break_Point acts on the current VM: the VM itself here */
    if (m->entry_op != ENTRY_NONE && Get_Cur_VM_Handle() == vm && Install_V86_Break_Point_Ex(entry, 0, int15_bios, VMM386_BP_ROM)) {
        if (vm->CB_VMID == 1)
            log_entry(vm, entry, ": INT 15h AH=87h/88h/E801h/E820h answered there");
        return TRUE;
    }
    m->entry_op = ENTRY_NONE;
    m->via_chain = 1;
    log_entry(vm, entry, " takes no breakpoint: INT 15h answered ahead of the VM's IVT");
    if (!chain_hooked)
        chain_hooked = Hook_V86_Int_Chain(0x15, int15_hook);
    return chain_hooked;
}

/* ------------------------------------------------------------- services */
void svc_V86MMGR_Get_Version(struct vxd_regs *r)
{
    r->eax = 0x0400;
    regs_set_cf(r, false);
}

void svc_V86MMGR_SetLocalA20(struct vxd_regs *r)
{
    VMHANDLE vm = (VMHANDLE)r->ebx;
    if (!Validate_VM_Handle(vm)) {
        VMM386_Log("V86MMGR: V86MMGR_SetLocalA20 with an invalid VM handle, ignored");
        regs_set_cf(r, true);
        return;
    }
    r->eax = VMM386_Set_V86_A20(vm, r->eax <= 1 ? r->eax : VMM386_A20_QUERY);
    regs_set_cf(r, false);
}

static BOOL V86MMGR_Control(DWORD Msg, VMHANDLE hVM, DWORD Esi, DWORD Edi, DWORD Edx)
{
    (void)Esi, (void)Edi, (void)Edx;
    switch (Msg) {
    case Sys_Critical_Init:
        cb_off = _Allocate_Device_CB_Area(sizeof(struct v86mmgr_vm), 0);
        return cb_off && Install_IO_Handler(PORT92, port92_io);
    case Sys_VM_Init:                   /* on the VM itself, before it runs */
    case VM_Init:
        return vm_entry_init(hVM);
    }
    return TRUE;
}

extern char V86MMGR_Get_Version_entry[], V86MMGR_SetLocalA20_entry[];
static void *const v86mmgr_services[V86MMGR_SERVICE_COUNT] = {
    [V86MMGR_Get_Version_Svc] = V86MMGR_Get_Version_entry,
    [V86MMGR_SetLocalA20_Svc] = V86MMGR_SetLocalA20_entry,
};

static struct VxD_Desc_Block V86MMGR_DDB = {
    .DDB_SDK_Version = DDK_VERSION,
    .DDB_Req_Device_Number = V86MMGR_DEVICE_ID,
    .DDB_Dev_Major_Version = 4,
    .DDB_Flags = DDB_VMM386_C_PROCS,
    .DDB_Name = { 'V', '8', '6', 'M', 'M', 'G', 'R', ' ' },
    .DDB_Init_Order = V86MMGR_INIT_ORDER,
    .DDB_Control_Proc = (void *)V86MMGR_Control,
    .DDB_Service_Table_Ptr = v86mmgr_services,
    .DDB_Service_Table_Size = V86MMGR_SERVICE_COUNT,
    .DDB_Size = sizeof(struct VxD_Desc_Block),
};
VXD_REGISTER(V86MMGR_DDB);
