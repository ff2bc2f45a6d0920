/* SVCTEST -- the C test VxD (device 7E05h) of issue 7's services
 * (tests/boot/test_vxd_services.py, guests tests/guest/v_svc.asm and
 * v_fatal.asm).  Written against include/vmm.h only.  Every line it logs
 * starts with "SVCTEST: ".
 *
 * V86 API (INT 2Fh AX=1684h BX=7E05h, far call), function in AH:
 *  AH=00h every service that takes a VM handle, called with EBX = EDX.
 *         One line per service: "SVCTEST: <service> hVM=<EDX>: refused"
 *         (or "...: ACCEPTED" when it was not).  Before that a global event
 *         is scheduled: Cancel_VM_Event(EDX, its handle) must not cancel it
 *         (it logs "SVCTEST: global event ran" on the way back).
 *         AX = number of services that accepted the handle.
 *  AH=01h I/O handlers, AL: 00 install the C handler on 2FFh and the
 *         register-level one on 2FEh; 01/02 Disable/Enable_Local_Trapping
 *         (this VM) of both; 03/04 Disable/Enable_Global_Trapping of both;
 *         05 remove both; 06 the refusals (port 20h, a port taken twice,
 *         removing a port without handler, Disable_Local_Trapping of a port
 *         without handler) -> AX = those that were not refused.
 *         Handlers log "SVCTEST: io <C|R> <in|out> port=XXXX type=XX data=XX";
 *         input returns 5Ah (C) or A5h (register level).  CF = refused.
 *  AH=02h Call_When_VM_Ints_Enabled(RefData EDX): the callback logs
 *         "SVCTEST: ints enabled ref=XXXXXXXX CS:IP=ssss:oooo IF=1"
 *  AH=03h AX = Call_When_VM_Ints_Enabled callbacks run so far
 *  AH=04h AL=00 Disable_VM_Ints, 01 Enable_VM_Ints; AX = Test_VM_Ints_Enabled
 *         (1 = enabled) after it
 *  AH=05h AL=00: AX = Get_VMM_Reenter_Count now; AL=01 arm a 2 ms time-out
 *         that records Get_VMM_Reenter_Count in its callback; AL=02: AX =
 *         that count (FFFFh: not fired yet)
 *  AH=06h the heap: _HeapAllocate, _HeapReAllocate (grow: contents kept,
 *         HEAPZEROINIT tail zero; a bad pointer: 0), _HeapGetSize, _HeapFree
 *         -> AX = bit mask of failed checks
 *  AH=07h the profile (tests/vxd/svctest.ini) -> AX = bit mask of failed
 *         checks; logs each value read
 *  AH=08h Out_Debug_String, Out_Debug_Chr and Trace_Out lines, and "#reg"
 *         substitution (EAX=12345678h, EBX=CAFEh, EDX=A5h)
 *  AH=09h Directed_Sys_Control(our DDB, 70001234h, ESI=1, EDI=2, EDX=3),
 *         and VMM_GetSystemInitState -> EAX
 *  AH=0Ah Fatal_Error_Handler("SVCTEST: fatal test")
 *  AH=0Bh AX = VMM386_DOS_Ready messages received so far
 *  AH=0Ch Hook_V86_Int_Chain(7Fh) and Hook_V86_Fault(0) twice each with
 *         the same procedure (the VMM warns), then unhook them all
 *  AH=0Dh a breakpoint at ES:DI whose callback never moves CS:IP (it only
 *         counts): the VMM ends the VM after 10,000 hits in a row
 *
 * Control messages: VMM386_DOS_Ready logs "SVCTEST: VMM386_DOS_Ready
 * EBX=<hVM> CS:IP=<client CS:IP> AH=4B"; the private message of AH=09h logs
 * "SVCTEST: private message 70001234 EBX=<hVM> ESI=1 EDI=2 EDX=3".
 */
#include "vmm.h"
#define TESTLOG_PREFIX "SVCTEST: "
#include "testlog.h"

#define SVCTEST_ID          0x7E05
#define SVCTEST_INIT_ORDER  0x7E050000u
#define CF_FLAG             0x0001u
#define ZF_FLAG             0x0040u
#define IF_FLAG             0x0200u
#define PRIVATE_MSG         0x70001234u
#define C_PORT              0x2FF
#define R_PORT              0x2FE


/* ---------------------------------------------- register-level calls */
struct regs { DWORD eax, ebx, ecx, edx, esi, edi, flags; };

/* One register-level call of VMM service `name` with *r, flags back in r. */
#define RAW(name, r)                                                                    \
    __asm__ volatile(VMM386_CALL() "pushfl\n\tpopl %6"                                  \
                     : "+a"((r)->eax), "+b"((r)->ebx), "+c"((r)->ecx), "+d"((r)->edx),  \
                       "+S"((r)->esi), "+D"((r)->edi), "=m"((r)->flags)                 \
                     : VMM386_SVC(name) : "cc", "memory")

/* ------------------------------------------------------- VM handles */
static volatile int global_event_runs;

static void global_event(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData)
{
    (void)hVM, (void)pcrs, (void)RefData;
    global_event_runs++;
    log_s("global event ran");
}

static void never_called(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData)
{
    (void)hVM, (void)pcrs, (void)RefData;
    log_s("WRONG: a callback for an invalid VM ran");
}

static void never_timeout(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData, DWORD Extra)
{
    (void)hVM, (void)pcrs, (void)RefData, (void)Extra;
    log_s("WRONG: a time-out for an invalid VM fired");
}

static struct VxD_Desc_Block SVCTEST_DDB;

static int verdict(const char *svc, DWORD h, BOOL refused)
{
    struct line l;
    start(&l, svc);
    put(&l, " hVM=");
    hex(&l, h, 8);
    put(&l, refused ? ": refused" : ": ACCEPTED");
    VMM386_Log(l.s);
    return !refused;
}

static int bad_handles(DWORD h)
{
    struct regs r;
    int accepted = 0;
    DWORD global = Schedule_Global_Event(0, global_event);

    r = (struct regs){ .ebx = h, .esi = (DWORD)never_called, .edx = 1 };
    RAW(Schedule_VM_Event, &r);
    accepted += verdict("Schedule_VM_Event", h, (r.flags & CF_FLAG) && !r.esi);
    r = (struct regs){ .ebx = h, .esi = (DWORD)never_called, .edx = 2 };
    RAW(Call_VM_Event, &r);
    accepted += verdict("Call_VM_Event", h, (r.flags & CF_FLAG) && !r.esi);
    accepted += verdict("Schedule_VM_Event (C form)", h,
                        !Schedule_VM_Event((VMHANDLE)h, 3, never_called));
    accepted += verdict("Call_VM_Event (C form)", h, !Call_VM_Event((VMHANDLE)h, 4, never_called));
    r = (struct regs){ .ebx = h, .esi = global };
    RAW(Cancel_VM_Event, &r);
    accepted += verdict("Cancel_VM_Event", h, r.flags & CF_FLAG);
    r = (struct regs){ .ebx = h, .eax = 5, .esi = (DWORD)never_called };
    RAW(Set_VM_Time_Out, &r);
    accepted += verdict("Set_VM_Time_Out", h, (r.flags & CF_FLAG) && !r.esi);
    accepted += verdict("Set_VM_Time_Out (C form)", h, !Set_VM_Time_Out((VMHANDLE)h, 5, 0, never_timeout));
    r = (struct regs){ .ebx = h };
    RAW(Test_VM_Ints_Enabled, &r);
    accepted += verdict("Test_VM_Ints_Enabled", h, (r.flags & CF_FLAG) && (r.flags & ZF_FLAG));
    r = (struct regs){ .ebx = h };
    RAW(Validate_VM_Handle, &r);
    accepted += verdict("Validate_VM_Handle", h, r.flags & CF_FLAG);
    r = (struct regs){ .ebx = h };
    RAW(Test_Cur_VM_Handle, &r);
    accepted += verdict("Test_Cur_VM_Handle", h, !(r.flags & ZF_FLAG));
    r = (struct regs){ .ebx = h };
    RAW(Test_Sys_VM_Handle, &r);
    accepted += verdict("Test_Sys_VM_Handle", h, !(r.flags & ZF_FLAG));
    r = (struct regs){ .eax = PRIVATE_MSG, .ebx = h };
    RAW(System_Control, &r);
    accepted += verdict("System_Control", h, r.flags & CF_FLAG);
    r = (struct regs){ .eax = PRIVATE_MSG, .ebx = h, .ecx = (DWORD)&SVCTEST_DDB };
    RAW(Directed_Sys_Control, &r);
    accepted += verdict("Directed_Sys_Control", h, r.flags & CF_FLAG);
    r = (struct regs){ .ebx = h, .edx = C_PORT };
    RAW(Enable_Local_Trapping, &r);
    accepted += verdict("Enable_Local_Trapping", h, r.flags & CF_FLAG);
    r = (struct regs){ .ebx = h, .edx = C_PORT };
    RAW(Disable_Local_Trapping, &r);
    accepted += verdict("Disable_Local_Trapping", h, r.flags & CF_FLAG);
    return accepted;
}

/* ------------------------------------------------------------- I/O */
static DWORD c_io(VMHANDLE hVM, DWORD IOType, DWORD Port, CLIENT_STRUCT *pcrs, DWORD OutData)
{
    (void)hVM, (void)pcrs;
    struct line l;
    start(&l, IOType & Output ? "io C out port=" : "io C in port=");
    hex(&l, Port, 4);
    put(&l, " type=");
    hex(&l, IOType, 2);
    if (IOType & Output) {
        put(&l, " data=");
        hex(&l, OutData, 2);
    }
    VMM386_Log(l.s);
    return 0x5A;
}

/* The register-level handler logs through this C helper. */
static void __attribute__((used, regparm(3))) r_io_log(DWORD eax, DWORD ecx, DWORD edx)
{
    struct line l;
    start(&l, ecx & Output ? "io R out port=" : "io R in port=");
    hex(&l, edx, 4);
    put(&l, " type=");
    hex(&l, ecx, 2);
    if (ecx & Output) {
        put(&l, " data=");
        hex(&l, eax, 2);
    }
    VMM386_Log(l.s);
}

/* EAX = data out, EBX = VM, ECX = type, EDX = port, EBP = client -> AL in.
 * regparm(3): EAX, EDX, ECX are the three arguments. */
void svctest_r_io(void);
__asm__(".text\n"
        "svctest_r_io:\n\t"
        "pushl %ebx\n\t"
        "pushl %esi\n\t"
        "pushl %edi\n\t"
        "pushl %ecx\n\t"
        "pushl %edx\n\t"
        "xchgl %ecx, %edx\n\t"          /* regparm: (eax, edx=ecx, ecx=edx) */
        "call r_io_log\n\t"
        "popl %edx\n\t"
        "popl %ecx\n\t"
        "popl %edi\n\t"
        "popl %esi\n\t"
        "popl %ebx\n\t"
        "movl $0xA5, %eax\n\t"
        "ret\n");

static BOOL reg_install(DWORD port)
{
    struct regs r = { .edx = port, .esi = (DWORD)svctest_r_io };
    RAW(Install_IO_Handler, &r);
    return !(r.flags & CF_FLAG);
}

static BOOL io_op(BYTE op, int *not_refused)
{
    VMHANDLE me = Get_Cur_VM_Handle();
    switch (op) {
    case 0: return Install_IO_Handler(C_PORT, c_io) && reg_install(R_PORT);
    case 1: return Disable_Local_Trapping(me, C_PORT) && Disable_Local_Trapping(me, R_PORT);
    case 2: return Enable_Local_Trapping(me, C_PORT) && Enable_Local_Trapping(me, R_PORT);
    case 3: return Disable_Global_Trapping(C_PORT) && Disable_Global_Trapping(R_PORT);
    case 4: return Enable_Global_Trapping(C_PORT) && Enable_Global_Trapping(R_PORT);
    case 5: return Remove_IO_Handler(C_PORT) && Remove_IO_Handler(R_PORT);
    case 6:
        *not_refused = Install_IO_Handler(0x20, c_io);         /* the VMM's PIC */
        *not_refused += Install_IO_Handler(0x3F8, c_io);       /* the VMM's COM1 */
        if (!Install_IO_Handler(0x2E0, c_io))                   /* free: taken here */
            (*not_refused)++;
        *not_refused += Install_IO_Handler(0x2E0, c_io);       /* a second time */
        Remove_IO_Handler(0x2E0);
        *not_refused += Remove_IO_Handler(0x2E0);              /* gone already */
        *not_refused += Disable_Local_Trapping(me, 0x2E1);     /* no handler */
        *not_refused += Disable_Global_Trapping(0x21);         /* the VMM's PIC */
        return TRUE;
    }
    return FALSE;
}

/* ------------------------------------------- interrupts enabled */
static volatile int ints_enabled_runs;

static void ints_enabled(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData)
{
    struct line l;
    ints_enabled_runs++;
    start(&l, "ints enabled ref=");
    hex(&l, RefData, 8);
    put_csip(&l, pcrs);
    put(&l, Test_VM_Ints_Enabled(hVM) ? " IF=1" : " IF=0");
    VMM386_Log(l.s);
}

/* ---------------------------------------------------- reenter count */
static volatile DWORD reenter_in_timeout = 0xFFFF;

static void reenter_timeout(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData, DWORD Extra)
{
    (void)hVM, (void)pcrs, (void)RefData, (void)Extra;
    reenter_in_timeout = Get_VMM_Reenter_Count();
}

/* ------------------------------------------------------------- heap */
static WORD heap_checks(void)
{
    WORD bad = 0;
    BYTE *p = _HeapAllocate(16, HEAPZEROINIT);
    if (!p)
        return 0xFFFF;
    for (int i = 0; i < 16; i++)
        p[i] = (BYTE)(i + 1);
    if (_HeapGetSize(p, 0) < 16)
        bad |= 1;
    BYTE *q = _HeapReAllocate(p, 4096, HEAPZEROINIT);
    if (!q)
        return bad | 2;
    for (int i = 0; i < 16; i++)
        if (q[i] != (BYTE)(i + 1))
            bad |= 4;
    for (int i = 16; i < 4096; i++)
        if (q[i])
            bad |= 8;
    if (_HeapGetSize(q, 0) < 4096)
        bad |= 0x10;
    BYTE *same = _HeapReAllocate(q, 8, 0);      /* shrinking keeps the block */
    if (same != q || same[7] != 8)
        bad |= 0x20;
    static DWORD not_heap[4];
    if (_HeapReAllocate(&not_heap[2], 64, 0) || _HeapGetSize(&not_heap[2], 0))
        bad |= 0x40;
    if (!_HeapFree(q, 0) || _HeapFree(q, 0))
        bad |= 0x80;
    if (!bad)
        log_s("heap: allocate, reallocate, get size, free as documented");
    return bad;
}

/* ---------------------------------------------------------- profile */
static BOOL streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static void log_value(const char *what, const char *v)
{
    struct line l;
    start(&l, what);
    put(&l, "=");
    put(&l, v);
    VMM386_Log(l.s);
}

static WORD profile_checks(void)
{
    WORD bad = 0;
    struct regs r;
    const char *s = Get_Profile_String("SVCTEST", "Greeting", "none");
    log_value("profile [SVCTEST] Greeting", s);
    if (!streq(s, "hello from the profile"))
        bad |= 1;
    if (!streq(Get_Profile_String("svctest", "GREETING", "none"), s))   /* no case */
        bad |= 2;
    if (!streq(Get_Profile_String("SVCTEST", "Missing", "dflt"), "dflt"))
        bad |= 4;
    if (!streq(Get_Profile_String(0, "SvcTestKey", "none"), "in 386Enh"))  /* [386Enh] */
        bad |= 8;
    if (Get_Profile_Decimal_Int("SVCTEST", "Count", 7) != -42)
        bad |= 0x10;
    if (Get_Profile_Decimal_Int("SVCTEST", "Missing", 7) != 7)
        bad |= 0x20;
    if (!Get_Profile_Boolean("SVCTEST", "Enabled", FALSE) || Get_Profile_Boolean("SVCTEST", "Quiet", TRUE))
        bad |= 0x40;
    if (!Get_Profile_Boolean("SVCTEST", "Missing", TRUE))
        bad |= 0x80;
    /* register level: carry = not found, zero = found but no usable value */
    r = (struct regs){ .eax = 9, .esi = (DWORD)"SVCTEST", .edi = (DWORD)"Missing" };
    RAW(Get_Profile_Decimal_Int, &r);
    if (!(r.flags & CF_FLAG) || r.eax != 9)
        bad |= 0x100;
    r = (struct regs){ .eax = 9, .esi = (DWORD)"SVCTEST", .edi = (DWORD)"NotANumber" };
    RAW(Get_Profile_Decimal_Int, &r);
    if ((r.flags & CF_FLAG) || !(r.flags & ZF_FLAG) || r.eax != 9)
        bad |= 0x200;
    r = (struct regs){ .eax = 0, .esi = (DWORD)"SVCTEST", .edi = (DWORD)"Enabled" };
    RAW(Get_Profile_Boolean, &r);
    if ((r.flags & (CF_FLAG | ZF_FLAG)) || r.eax != 0xFFFFFFFFu)
        bad |= 0x400;
    r = (struct regs){ .edx = (DWORD)"dflt", .esi = (DWORD)"NoSuchSection", .edi = (DWORD)"Greeting" };
    RAW(Get_Profile_String, &r);
    if (!(r.flags & CF_FLAG) || !streq((const char *)r.edx, "dflt"))
        bad |= 0x800;
    if (!bad)
        log_s("profile: strings, integers, booleans as documented");
    return bad;
}

/* ----------------------------------------------------- control, API */
static volatile int dos_ready_count;

static BOOL SVCTEST_Control(DWORD Msg, VMHANDLE hVM, DWORD Esi, DWORD Edi, DWORD Edx)
{
    struct line l;
    if (Msg == VMM386_DOS_Ready) {
        const CLIENT_STRUCT *pcrs = (const CLIENT_STRUCT *)hVM->CB_Client_Pointer;
        dos_ready_count++;
        start(&l, "VMM386_DOS_Ready EBX=");
        hex(&l, (DWORD)hVM, 8);
        put_csip(&l, pcrs);
        put(&l, " AH=");
        hex(&l, pcrs->CBRS.Client_AH, 2);
        VMM386_Log(l.s);
    } else if (Msg == PRIVATE_MSG) {
        start(&l, "private message ");
        hex(&l, Msg, 8);
        put(&l, " EBX=");
        hex(&l, (DWORD)hVM, 8);
        put(&l, " ESI=");
        hex(&l, Esi, 1);
        put(&l, " EDI=");
        hex(&l, Edi, 1);
        put(&l, " EDX=");
        hex(&l, Edx, 1);
        VMM386_Log(l.s);
    }
    return TRUE;
}

static BOOL hook_7f(DWORD Intno, VMHANDLE hVM, CLIENT_STRUCT *pcrs)
{
    (void)Intno, (void)hVM, (void)pcrs;
    return FALSE;
}

static volatile DWORD stuck_hits;

static void stuck_bp(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData, DWORD BreakAddr, DWORD BreakLinAddr)
{
    (void)hVM, (void)pcrs, (void)RefData, (void)BreakAddr, (void)BreakLinAddr;
    stuck_hits++;
}

static BOOL fault_0(DWORD Fault, VMHANDLE hVM, CLIENT_STRUCT *pcrs)
{
    (void)Fault, (void)hVM, (void)pcrs;
    return FALSE;
}

static void SVCTEST_V86_API(VMHANDLE hVM, CLIENT_STRUCT *pcrs)
{
    BYTE al = pcrs->CBRS.Client_AL;
    int n = 0;
    set_cf(pcrs, FALSE);
    switch (pcrs->CBRS.Client_AH) {
    case 0x00:
        pcrs->CWRS.Client_AX = (WORD)bad_handles(pcrs->CRS.Client_EDX);
        return;
    case 0x01:
        set_cf(pcrs, !io_op(al, &n));
        pcrs->CWRS.Client_AX = (WORD)n;
        return;
    case 0x02:
        set_cf(pcrs, !Call_When_VM_Ints_Enabled(pcrs->CRS.Client_EDX, ints_enabled));
        return;
    case 0x03:
        pcrs->CWRS.Client_AX = (WORD)ints_enabled_runs;
        return;
    case 0x04:
        if (al)
            Enable_VM_Ints();
        else
            Disable_VM_Ints();
        pcrs->CWRS.Client_AX = (WORD)Test_VM_Ints_Enabled(hVM);
        return;
    case 0x05:
        if (al == 0)
            pcrs->CWRS.Client_AX = (WORD)Get_VMM_Reenter_Count();
        else if (al == 1)
            set_cf(pcrs, !Set_Global_Time_Out(2, 0, reenter_timeout));
        else
            pcrs->CWRS.Client_AX = (WORD)reenter_in_timeout;
        return;
    case 0x06:
        pcrs->CWRS.Client_AX = heap_checks();
        return;
    case 0x07:
        pcrs->CWRS.Client_AX = profile_checks();
        return;
    case 0x08:
        Out_Debug_String("SVCTEST: Out_Debug_String, ");
        Out_Debug_Chr('O');
        Out_Debug_Chr('K');
        Out_Debug_Chr('\n');
        Trace_Out("SVCTEST: Trace_Out line");
        {
            struct regs r = { .eax = 0x12345678, .ebx = 0xCAFE, .edx = 0xA5,
                              .esi = (DWORD)"SVCTEST: #EAX #AX #AH #al #BX ##DX #DL #XY\n" };
            RAW(Out_Debug_String, &r);
        }
        Debug_Out("SVCTEST: Debug_Out line");
        return;
    case 0x09:
        set_cf(pcrs, !Directed_Sys_Control(&SVCTEST_DDB, PRIVATE_MSG, hVM, 1, 2, 3));
        pcrs->CRS.Client_EAX = VMM_GetSystemInitState();
        return;
    case 0x0A:
        Fatal_Error_Handler("SVCTEST: fatal test", 0);
    case 0x0B:
        pcrs->CWRS.Client_AX = (WORD)dos_ready_count;
        return;
    case 0x0C:
        set_cf(pcrs, !Hook_V86_Int_Chain(0x7F, hook_7f) || !Hook_V86_Int_Chain(0x7F, hook_7f) ||
                     !Unhook_V86_Int_Chain(0x7F, hook_7f) || !Unhook_V86_Int_Chain(0x7F, hook_7f) ||
                     !Hook_V86_Fault(0, fault_0) || !Hook_V86_Fault(0, fault_0) ||
                     !Unhook_V86_Fault(0, fault_0) || !Unhook_V86_Fault(0, fault_0));
        return;
    case 0x0D:
        set_cf(pcrs, !Install_V86_Break_Point(((DWORD)pcrs->CRS.Client_ES << 16) | pcrs->CWRS.Client_DI,
                                              0, stuck_bp));
        return;
    }
    set_cf(pcrs, TRUE);
}

static struct VxD_Desc_Block SVCTEST_DDB = {
    .DDB_SDK_Version = DDK_VERSION,
    .DDB_Req_Device_Number = SVCTEST_ID,
    .DDB_Dev_Major_Version = 1,
    .DDB_Flags = DDB_VMM386_C_PROCS,
    .DDB_Name = { 'S', 'V', 'C', 'T', 'E', 'S', 'T', ' ' },
    .DDB_Init_Order = SVCTEST_INIT_ORDER,
    .DDB_Control_Proc = (void *)SVCTEST_Control,
    .DDB_V86_API_Proc = (void *)SVCTEST_V86_API,
    .DDB_Size = sizeof(struct VxD_Desc_Block),
};
VXD_REGISTER(SVCTEST_DDB);
