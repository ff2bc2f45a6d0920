/* VXDTEST -- the C test VxD (device 7E01h) of the VxD-services tests
 * (tests/boot/test_vxd_*.py, guests tests/guest/v_*.asm).  Written against
 * include/vmm.h only, with the C-callable service forms and cdecl C
 * callbacks.  Every line it logs starts with "VXDTEST: ".
 *
 * Control messages: each one is logged by name ("VXDTEST: Device_Init"),
 * Sys_VM_Init with the VM handle ("VXDTEST: Sys_VM_Init hVM=xxxxxxxx"),
 * Sys_Critical_Init with the interrupt flag it ran with.  Device_Init hooks
 * V86 INT 66h (Call_When_VM_Returns tests) and checks the dynalink patch of
 * one of its own call sites.  System_Exit unhooks INT 66h and removes the
 * breakpoints still installed (seed 001).
 *
 * V86 API (INT 2Fh AX=1684h BX=7E01h -> ES:DI; far call it).  Function in
 * AH; results in the client registers; CF=1 means the service failed.
 *
 *  AH=00h identify: AX=7E01h, EBX=Get_Cur_VM_Handle, ECX=Get_Sys_VM_Handle
 *  AH=01h install a breakpoint at ES:DI (Install_V86_Break_Point_Ex),
 *         RefData=EDX.  AL bit 0: INT3 (CCh) instead of ARPL (63h).
 *         AL bit 1: re-hit: the callback leaves CS:IP at the breakpoint
 *         (it is hit again at once) until the CX-th hit, then moves on.
 *         The patched instruction must be INC BX (43h): the callback
 *         simulates it (BX+1, IP+1).  AL bit 2: the breakpoint is the first
 *         byte of an interrupt handler: the callback sets AX=B1B1h and
 *         returns from the interrupt with Simulate_Iret instead.  Every hit logs
 *         "VXDTEST: bp EAX=<BreakAddr> EBX=<hVM> EDX=<RefData> ESI=<BreakLinAddr> CS:IP=<Client_CS:IP>"
 *  AH=02h remove the breakpoint at ES:DI (Remove_V86_Break_Point)
 *  AH=03h AX = hits our callback counted at ES:DI, ECX = the VMM's count
 *         (VMM386_Get_Break_Point_Info, -1 when none)
 *  AH=04h allocate a V86 callback, RefData=EDX -> ES:DI.  A call to it logs
 *         "VXDTEST: cb EBX=<hVM> EDX=<RefData> CS:IP=<return address>" and
 *         returns ECX=RefData, AX=number of callback calls so far.
 *  AH=05h arm Call_When_VM_Returns for the next INT 66h: ECX=time-out (ms,
 *         signed), EDX=RefData, AL bit 0: our INT 66h hook consumes the
 *         interrupt (else it passes it on to the IVT).  The callback logs
 *         "VXDTEST: returns ref=<RefData> timedout=<0|1>" (+ " CS:IP=..."
 *         when not timed out).
 *  AH=06h AX = return callbacks so far, CX = of which timed out
 *  AH=07h hook V86 INT AL with hook BL ('A', 'B' or 'C')
 *  AH=08h unhook it.  Hook X logs "VXDTEST: hook X int NN CL=cc"; it
 *         consumes the interrupt (DX='X', carry clear) when the client's
 *         CL is 'X', else passes it on (carry set).
 *  AH=09h Hook_V86_Fault AL.  The handler logs "VXDTEST: fault NN CS:IP=...";
 *         when the client's CH is 'H' it handles the fault: IP += CL,
 *         AX=FA17h; otherwise it passes it on.
 *  AH=0Ah Unhook_V86_Fault AL
 *  AH=0Bh Simulate_* on the client, AL: 00 Push BX, Push CX; 01 BX=Pop,
 *         CX=Pop; 02 Far_Call ES:DI; 03 Far_Jmp ES:DI; 04 Far_Ret;
 *         05 Far_Ret_N CX; 06 Simulate_Int BL; 07 Simulate_Iret;
 *         08 Build_Int_Stack_Frame ES:DI
 *  AH=0Ch Get_V86_Int_Vector AL -> CX:DX
 *  AH=0Dh Set_V86_Int_Vector AL <- CX:DX
 *  AH=0Eh Save/Restore_Client_State: AL=00 save, scribble over the client
 *         registers, restore (the caller sees its registers unchanged; logs
 *         "VXDTEST: client state restored" when all fields match);
 *         AL=01 save only (returns AX=0001h); AL=02 restore what AL=01
 *         saved (the VM resumes after that earlier call)
 *  AH=0Fh nested execution: Begin_Nest_V86_Exec, client AH=0Eh AL=<AL>
 *         BX=0007h, Exec_Int(10h), End_Nest_Exec (teletype output of one
 *         character by the VM's BIOS); returns CX = the client AX the
 *         nested INT 10h left
 *  AH=10h time-outs: AL=00 Set_Global_Time_Out(ECX ms, RefData EDX) ->
 *         EAX=handle; AL=01 Cancel_Time_Out(EDX); AL=02 AX=fired count,
 *         ECX=ms from set to when the last one was due (fire time less its lateness), EDX=its RefData;
 *         AL=03 EAX=Get_System_Time.  Fires log "VXDTEST: timeout ref=<RefData>".
 *  AH=11h Get_DDB: AL=00 by device ID BX -> EAX=DDB (0: none), the 8-byte
 *         name copied to ES:DI; AL=01 by the 8-byte name at DS:SI ->
 *         EAX=DDB, BX=its device ID
 *  AH=12h Get_VMM_Version -> EAX, ECX (CF as the service left it)
 *  AH=13h about the handle EDX: AL=Validate_VM_Handle, AH=Test_Sys_VM_Handle,
 *         BL=Test_Cur_VM_Handle (1 = yes)
 *  AH=14h AX=1 when the Device_Init dynalink check passed
 *  AH=16h nested Exec_Int(AL) with the caller's registers (Begin_Nest_V86_Exec,
 *         Exec_Int, End_Nest_Exec); returns DX = the DX the interrupt left,
 *         whether a hook consumed it in ring 0 or the VM's handler ran
 *  AH=15h exhaustion: AL=00 install up to CX breakpoints at ES:DI, ES:DI+1..
 *         -> AX=installed, CF=the last attempt failed; AL=01 remove CX
 *         breakpoints at ES:DI.. -> AX=removed; AL=02 allocate V86
 *         callbacks until one fails (at most CX) -> AX=allocated, ES:DI=the
 *         first, EDX=the last (RefData = 0, 1, ...; calls log as AH=04h)
 *  AH=17h events (C forms, one C callback).  ECX returns how many event
 *         callbacks ran during the call (except AL=08h); CF = refused.
 *         AL=00h Call_VM_Event(EBX, RefData EDX) -> EAX = handle (0: called)
 *         AL=01h Schedule_VM_Event(EBX, EDX) -> EAX
 *         AL=02h Call_Global_Event(EDX) -> EAX
 *         AL=03h Schedule_Global_Event(EDX) -> EAX
 *         AL=04h Cancel_VM_Event(EBX, ESI); AL=05h Cancel_Global_Event(ESI)
 *         AL=06h a batch in one call: CX (<= 32) entries of 3 dwords at DS:SI
 *                { op, param, result }; op = 00h-05h as above with param as
 *                EDX (RefData) or ESI (handle), EBX the VM; op 14h / 15h
 *                cancel the handle of entry number param.  result = the
 *                handle; AX = number of refused entries
 *         AL=07h arm a time-out of ECX ms whose callback (in the timer
 *                interrupt) calls Call_VM_Event(current VM, RefData EDX), or
 *                Call_Global_Event when BL=1, and logs
 *                "VXDTEST: timeout Call_VM_Event -> scheduled|called CS:IP=..."
 *                -> EAX = time-out handle
 *         AL=08h EAX = event callbacks run so far, ECX = the handle the last
 *                time-out got, EDX = silent events run out of FIFO order
 *         AL=09h the flag byte of action 01h is at ES:DI
 *         AL=0Ah exhaustion: Schedule_VM_Event silent events (RefData
 *                05000000h + n) until one is refused, at most ECX ->
 *                EAX = scheduled, CF = one was refused; with the pool full,
 *                EBX = Call_VM_Event(RefData EDX) (it runs at once: 0),
 *                EDX = Schedule_Global_Event (refused: 0)
 *         AL=0Bh at System_Exit, log "VXDTEST: System_Exit: N events can
 *                be scheduled" (global ones, cancelled again: the free pool)
 *         The event callback does what the top byte of RefData says:
 *           00h log "VXDTEST: event EBX=<hVM> EDX=<RefData>
 *               EBP=Client_Reg_Struc CS:IP=<client CS:IP>" (EBP=<pcrs> when
 *               pcrs is not hVM's CB_Client_Pointer); 01h log, write the low
 *           byte of RefData to the flag byte; 02h log, Schedule_VM_Event
 *           RefData+1 (action 00h); 03h log, Simulate_Int(low byte);
 *           04h log, Build_Int_Stack_Frame to the IVT entry of the low byte;
 *           05h silent: count, check FIFO order (low 24 bits = 0, 1, ...);
 *           06h log, Call_VM_Event RefData+1 (action 00h) from inside the
 *               event, log "VXDTEST: nested Call_VM_Event -> called|scheduled";
 *           07h log, Schedule_Global_Event RefData+1 (action 00h);
 *           08h log, Schedule_VM_Event RefData+1 (action 00h), then nested
 *               execution of the VM's INT <low byte> (Exec_Int)
 */
#include "vmm.h"
#define TESTLOG_PREFIX "VXDTEST: "
#include "testlog.h"

#define VXDTEST_ID          0x7E01
#define VXDTEST_INIT_ORDER  0x7E010000u
#define RETURNS_VECTOR      0x66
#define CF_FLAG             0x0001u
#define IF_FLAG             0x0200u
#define OP_INC_BX           0x43
#define MAX_BPS             32          /* breakpoints with a policy */
#define BP_INT3             0x01        /* AH=01h AL bits */
#define BP_REHIT            0x02
#define BP_IRET             0x04
#define BP_IRET_ANSWER      0xB1B1
#define FAULT_HANDLE        'H'
#define FAULT_ANSWER        0xFA17


static DWORD es_di(const CLIENT_STRUCT *pcrs)
{
    return ((DWORD)pcrs->CRS.Client_ES << 16) | pcrs->CWRS.Client_DI;
}

static void set_es_di(CLIENT_STRUCT *pcrs, DWORD segoff)
{
    pcrs->CRS.Client_ES = (WORD)(segoff >> 16);
    pcrs->CWRS.Client_DI = (WORD)segoff;
}

/* ---------------------------------------------------------- breakpoints */
struct bp_policy { BOOL used; DWORD addr; BYTE flags; WORD rehits; DWORD hits; };
static struct bp_policy policies[MAX_BPS];

static struct bp_policy *policy_of(DWORD addr)
{
    for (int i = 0; i < MAX_BPS; i++)
        if (policies[i].used && policies[i].addr == addr)
            return &policies[i];
    return 0;
}

static void bp_callback(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData, DWORD BreakAddr,
                        DWORD BreakLinAddr)
{
    struct line l;
    start(&l, "bp EAX=");
    hex(&l, BreakAddr, 8);
    put(&l, " EBX=");
    hex(&l, (DWORD)hVM, 8);
    put(&l, " EDX=");
    hex(&l, RefData, 8);
    put(&l, " ESI=");
    hex(&l, BreakLinAddr, 8);
    put_csip(&l, pcrs);
    VMM386_Log(l.s);

    struct bp_policy *p = policy_of(BreakAddr);
    if (p && ++p->hits < p->rehits)
        return;                 /* CS:IP stays at the breakpoint: hit again at once */
    if (p && (p->flags & BP_IRET)) {
        pcrs->CWRS.Client_AX = BP_IRET_ANSWER;
        Simulate_Iret();        /* the handler's work is done: back to the INT */
        return;
    }
    pcrs->CWRS.Client_BX++;     /* simulate the INC BX the breakpoint replaced */
    pcrs->CWRS.Client_IP++;
}

static void api_install_bp(CLIENT_STRUCT *pcrs)
{
    BYTE how = pcrs->CBRS.Client_AL;
    DWORD addr = es_di(pcrs);
    BOOL ok = Install_V86_Break_Point_Ex(addr, pcrs->CRS.Client_EDX, bp_callback,
                                         (how & BP_INT3) ? VMM386_BP_INT3 : 0);
    set_cf(pcrs, !ok);
    if (!ok || policy_of(addr))
        return;
    for (int i = 0; i < MAX_BPS; i++)
        if (!policies[i].used) {
            policies[i] = (struct bp_policy){ TRUE, addr, how,
                                              (how & BP_REHIT) ? pcrs->CWRS.Client_CX : 0, 0 };
            return;
        }
}

static void api_remove_bp(CLIENT_STRUCT *pcrs)
{
    DWORD addr = es_di(pcrs);
    BOOL ok = Remove_V86_Break_Point(addr);
    struct bp_policy *p = policy_of(addr);
    if (ok && p)
        p->used = FALSE;
    set_cf(pcrs, !ok);
}

static void api_bp_info(CLIENT_STRUCT *pcrs)
{
    struct bp_policy *p = policy_of(es_di(pcrs));
    pcrs->CWRS.Client_AX = p ? (WORD)p->hits : 0;
    pcrs->CRS.Client_ECX = (DWORD)VMM386_Get_Break_Point_Info(es_di(pcrs));
    set_cf(pcrs, FALSE);
}

/* --------------------------------------------------------- V86 callbacks */
static DWORD cb_calls;

static void v86_callback(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData)
{
    struct line l;
    start(&l, "cb EBX=");
    hex(&l, (DWORD)hVM, 8);
    put(&l, " EDX=");
    hex(&l, RefData, 8);
    put_csip(&l, pcrs);
    VMM386_Log(l.s);
    pcrs->CRS.Client_ECX = RefData;
    pcrs->CWRS.Client_AX = (WORD)++cb_calls;
}

static void api_alloc_cb(CLIENT_STRUCT *pcrs)
{
    DWORD a = Allocate_V86_Call_Back(pcrs->CRS.Client_EDX, v86_callback);
    set_es_di(pcrs, a);
    set_cf(pcrs, a == 0);
}

/* --------------------------------------------------- Call_When_VM_Returns */
static BOOL returns_armed, returns_consume;
static LONG returns_timeout;
static DWORD returns_ref, returns_calls, returns_timed_out;

static void returns_callback(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData, BOOL TimedOut)
{
    struct line l;
    (void)hVM;
    start(&l, "returns ref=");
    hex(&l, RefData, 8);
    put(&l, TimedOut ? " timedout=1" : " timedout=0");
    if (!TimedOut)
        put_csip(&l, pcrs);
    VMM386_Log(l.s);
    returns_calls++;
    returns_timed_out += TimedOut ? 1 : 0;
}

static BOOL int66_hook(DWORD Intno, VMHANDLE hVM, CLIENT_STRUCT *pcrs)
{
    (void)Intno, (void)hVM, (void)pcrs;
    if (!returns_armed)
        return FALSE;
    returns_armed = FALSE;
    if (!Call_When_VM_Returns(returns_timeout, returns_ref, returns_callback))
        log_s("Call_When_VM_Returns failed");
    return returns_consume;
}

static void api_arm_returns(CLIENT_STRUCT *pcrs)
{
    returns_timeout = (LONG)pcrs->CRS.Client_ECX;
    returns_ref = pcrs->CRS.Client_EDX;
    returns_consume = pcrs->CBRS.Client_AL & 1;
    returns_armed = TRUE;
    set_cf(pcrs, FALSE);
}

static void api_returns_status(CLIENT_STRUCT *pcrs)
{
    pcrs->CWRS.Client_AX = (WORD)returns_calls;
    pcrs->CWRS.Client_CX = (WORD)returns_timed_out;
    set_cf(pcrs, FALSE);
}

/* ------------------------------------------------------ interrupt hooks */
static BOOL chain_hook(char me, DWORD Intno, CLIENT_STRUCT *pcrs)
{
    struct line l;
    char who[2] = { me, 0 };
    start(&l, "hook ");
    put(&l, who);
    put(&l, " int ");
    hex(&l, Intno, 2);
    put(&l, " CL=");
    hex(&l, pcrs->CBRS.Client_CL, 2);
    VMM386_Log(l.s);
    if (pcrs->CBRS.Client_CL != (BYTE)me)
        return FALSE;
    pcrs->CWRS.Client_DX = (BYTE)me;
    return TRUE;
}

static BOOL hook_a(DWORD Intno, VMHANDLE hVM, CLIENT_STRUCT *pcrs) { (void)hVM; return chain_hook('A', Intno, pcrs); }
static BOOL hook_b(DWORD Intno, VMHANDLE hVM, CLIENT_STRUCT *pcrs) { (void)hVM; return chain_hook('B', Intno, pcrs); }
static BOOL hook_c(DWORD Intno, VMHANDLE hVM, CLIENT_STRUCT *pcrs) { (void)hVM; return chain_hook('C', Intno, pcrs); }

static V86Int_HANDLER hook_named(BYTE name)
{
    switch (name) {
    case 'A': return hook_a;
    case 'B': return hook_b;
    case 'C': return hook_c;
    }
    return 0;
}

static void api_hook(CLIENT_STRUCT *pcrs, BOOL hook)
{
    V86Int_HANDLER h = hook_named(pcrs->CBRS.Client_BL);
    DWORD vec = pcrs->CBRS.Client_AL;
    BOOL ok = h && (hook ? Hook_V86_Int_Chain(vec, h) : Unhook_V86_Int_Chain(vec, h));
    set_cf(pcrs, !ok);
}

/* ---------------------------------------------------------- fault hooks */
static BOOL fault_hook(DWORD Fault, VMHANDLE hVM, CLIENT_STRUCT *pcrs)
{
    struct line l;
    (void)hVM;
    start(&l, "fault ");
    hex(&l, Fault, 2);
    put_csip(&l, pcrs);
    VMM386_Log(l.s);
    if (pcrs->CBRS.Client_CH != FAULT_HANDLE)
        return FALSE;
    pcrs->CWRS.Client_IP += pcrs->CBRS.Client_CL;
    pcrs->CWRS.Client_AX = FAULT_ANSWER;
    return TRUE;
}

static void api_fault(CLIENT_STRUCT *pcrs, BOOL hook)
{
    DWORD f = pcrs->CBRS.Client_AL;
    set_cf(pcrs, !(hook ? Hook_V86_Fault(f, fault_hook) : Unhook_V86_Fault(f, fault_hook)));
}

/* ------------------------------------------------------------ Simulate_* */
static void api_simulate(CLIENT_STRUCT *pcrs)
{
    WORD es = pcrs->CRS.Client_ES, di = pcrs->CWRS.Client_DI;
    switch (pcrs->CBRS.Client_AL) {
    case 0x00:
        Simulate_Push(pcrs->CWRS.Client_BX);
        Simulate_Push(pcrs->CWRS.Client_CX);
        break;
    case 0x01:
        pcrs->CWRS.Client_BX = (WORD)Simulate_Pop();
        pcrs->CWRS.Client_CX = (WORD)Simulate_Pop();
        break;
    case 0x02: Simulate_Far_Call(es, di); break;
    case 0x03: Simulate_Far_Jmp(es, di); break;
    case 0x04: Simulate_Far_Ret(); break;
    case 0x05: Simulate_Far_Ret_N(pcrs->CWRS.Client_CX); break;
    case 0x06: Simulate_Int(pcrs->CBRS.Client_BL); break;
    case 0x07: Simulate_Iret(); break;
    case 0x08: Build_Int_Stack_Frame(es, di); break;
    default:
        set_cf(pcrs, TRUE);
    }
}

/* ------------------------------------------------------ vectors, state */
static void api_get_vector(CLIENT_STRUCT *pcrs)
{
    WORD seg;
    DWORD off;
    Get_V86_Int_Vector(pcrs->CBRS.Client_AL, &seg, &off);
    pcrs->CWRS.Client_CX = seg;
    pcrs->CWRS.Client_DX = (WORD)off;
    set_cf(pcrs, FALSE);
}

static void api_set_vector(CLIENT_STRUCT *pcrs)
{
    Set_V86_Int_Vector(pcrs->CBRS.Client_AL, pcrs->CWRS.Client_CX, pcrs->CWRS.Client_DX);
    set_cf(pcrs, FALSE);
}

static CLIENT_STRUCT saved_state;

static BOOL same_state(const CLIENT_STRUCT *a, const CLIENT_STRUCT *b)
{
    const CRS *x = &a->CRS, *y = &b->CRS;
    return x->Client_EAX == y->Client_EAX && x->Client_EBX == y->Client_EBX &&
           x->Client_ECX == y->Client_ECX && x->Client_EDX == y->Client_EDX &&
           x->Client_ESI == y->Client_ESI && x->Client_EDI == y->Client_EDI &&
           x->Client_EBP == y->Client_EBP && x->Client_EIP == y->Client_EIP &&
           x->Client_CS == y->Client_CS && x->Client_ESP == y->Client_ESP &&
           x->Client_SS == y->Client_SS && x->Client_DS == y->Client_DS &&
           x->Client_ES == y->Client_ES && x->Client_FS == y->Client_FS &&
           x->Client_GS == y->Client_GS && x->Client_EFlags == y->Client_EFlags;
}

static void scribble(CLIENT_STRUCT *pcrs)
{
    CRS *c = &pcrs->CRS;
    c->Client_EAX = c->Client_EBX = c->Client_ECX = c->Client_EDX = 0xDEADBEEF;
    c->Client_ESI = c->Client_EDI = c->Client_EBP = 0xDEADBEEF;
    c->Client_DS = c->Client_ES = c->Client_FS = c->Client_GS = 0xDEAD;
    c->Client_EIP += 0x10;
    c->Client_ESP -= 0x10;
}

static void api_client_state(CLIENT_STRUCT *pcrs)
{
    switch (pcrs->CBRS.Client_AL) {
    case 0x00: {
        static CLIENT_STRUCT buf;
        Save_Client_State(&buf);
        BOOL saved_ok = same_state(&buf, pcrs);
        scribble(pcrs);
        Restore_Client_State(&buf);
        log_s(saved_ok && same_state(&buf, pcrs) ? "client state restored"
                                                 : "client state NOT restored");
        break;
    }
    case 0x01:
        Save_Client_State(&saved_state);
        pcrs->CWRS.Client_AX = 1;
        break;
    case 0x02:
        Restore_Client_State(&saved_state);
        break;
    }
}

/* ---------------------------------------------------- nested execution */
static void api_nested_int10(CLIENT_STRUCT *pcrs)
{
    BYTE ch = pcrs->CBRS.Client_AL;
    Begin_Nest_V86_Exec();
    pcrs->CBRS.Client_AH = 0x0E;
    pcrs->CBRS.Client_AL = ch;
    pcrs->CWRS.Client_BX = 0x0007;
    Exec_Int(0x10);
    WORD ax = pcrs->CWRS.Client_AX;
    End_Nest_Exec();
    pcrs->CWRS.Client_CX = ax;
    log_s("nested INT 10h done");
}

/* Exec_Int of any vector: a hook that consumes it leaves the VM at the
 * nest-return address, so nothing runs in V86 mode at all. */
static void api_nested_exec_int(CLIENT_STRUCT *pcrs)
{
    BYTE vec = pcrs->CBRS.Client_AL;
    Begin_Nest_V86_Exec();
    Exec_Int(vec);
    WORD dx = pcrs->CWRS.Client_DX;
    End_Nest_Exec();
    pcrs->CWRS.Client_DX = dx;
}

/* ------------------------------------------------------------ time-outs */
static DWORD to_fired, to_last_ref, to_last_elapsed, to_set_time[4];

static void timeout_callback(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData, DWORD Extra)
{
    struct line l;
    (void)hVM, (void)pcrs;
    start(&l, "timeout ref=");
    hex(&l, RefData, 8);
    VMM386_Log(l.s);
    to_fired++;
    to_last_ref = RefData;
    /* when it was due: now, less the lateness the VMM reports (a loaded
     * host can merge clock ticks, so "now" may be a tick or two past) */
    to_last_elapsed = Get_System_Time() - to_set_time[RefData & 3] - Extra;
}

static void api_timeouts(CLIENT_STRUCT *pcrs)
{
    CRS *c = &pcrs->CRS;
    switch (pcrs->CBRS.Client_AL) {
    case 0x00:
        to_set_time[c->Client_EDX & 3] = Get_System_Time();
        c->Client_EAX = Set_Global_Time_Out(c->Client_ECX, c->Client_EDX, timeout_callback);
        set_cf(pcrs, c->Client_EAX == 0);
        break;
    case 0x01:
        Cancel_Time_Out(c->Client_EDX);
        break;
    case 0x02:
        pcrs->CWRS.Client_AX = (WORD)to_fired;
        c->Client_ECX = to_last_elapsed;
        c->Client_EDX = to_last_ref;
        break;
    case 0x03:
        c->Client_EAX = Get_System_Time();
        break;
    }
}

/* --------------------------------------------------------------- events */
#define EV_ACTION(ref)      ((ref) >> 24)
#define EV_LOW(ref)         ((ref) & 0x00FFFFFFu)
#define EV_LOG              0x00
#define EV_SET_FLAG         0x01
#define EV_CHAIN_VM         0x02
#define EV_SIMULATE_INT     0x03
#define EV_BUILD_FRAME      0x04
#define EV_SILENT           0x05
#define EV_NESTED_CALL      0x06
#define EV_CHAIN_GLOBAL     0x07
#define EV_CHAIN_EXEC_INT   0x08
#define EV_OP_CANCEL_ENTRY  0x10        /* batch op 14h/15h: cancel entry #param */
#define EV_BATCH_MAX        32
#define TIMEOUT_GLOBAL      1
#define POOL_PROBE_MAX      512

/* volatile: a Call_*_Event callback runs inside the call, and GCC does not
 * know that the service's inline asm calls it (include/vmm.h). */
static volatile DWORD ev_run;
static DWORD ev_silent_next, ev_fifo_errors, ev_flag_addr;
static BOOL ev_probe_at_exit;

static void log_event(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData)
{
    struct line l;
    start(&l, "event EBX=");
    hex(&l, (DWORD)hVM, 8);
    put(&l, " EDX=");
    hex(&l, RefData, 8);
    put(&l, " EBP=");
    if ((CLIENT_STRUCT *)hVM->CB_Client_Pointer == pcrs)
        put(&l, "Client_Reg_Struc");
    else
        hex(&l, (DWORD)pcrs, 8);
    put_csip(&l, pcrs);
    VMM386_Log(l.s);
}

static void set_flag(VMHANDLE hVM, BYTE v)
{
    if (ev_flag_addr)
        *(BYTE *)(hVM->CB_High_Linear + ev_flag_addr) = v;
}

static void build_frame_to_vector(BYTE vec)
{
    WORD seg;
    DWORD off;
    Get_V86_Int_Vector(vec, &seg, &off);
    Build_Int_Stack_Frame(seg, off);
}

static void event_callback(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData);

static void chain_exec_int(VMHANDLE hVM, DWORD RefData)
{
    Schedule_VM_Event(hVM, EV_LOW(RefData) + 1, event_callback);
    Begin_Nest_V86_Exec();
    Exec_Int((BYTE)RefData);
    End_Nest_Exec();
}

static void nested_call(VMHANDLE hVM, DWORD RefData)
{
    DWORD h = Call_VM_Event(hVM, EV_LOW(RefData) + 1, event_callback);
    log_s(h ? "nested Call_VM_Event -> scheduled" : "nested Call_VM_Event -> called");
}

static void event_callback(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData)
{
    ev_run++;
    if (EV_ACTION(RefData) == EV_SILENT) {
        ev_fifo_errors += EV_LOW(RefData) != ev_silent_next++;
        return;
    }
    log_event(hVM, pcrs, RefData);
    switch (EV_ACTION(RefData)) {
    case EV_SET_FLAG: set_flag(hVM, (BYTE)RefData); break;
    case EV_CHAIN_VM: Schedule_VM_Event(hVM, EV_LOW(RefData) + 1, event_callback); break;
    case EV_SIMULATE_INT: Simulate_Int((BYTE)RefData); break;
    case EV_BUILD_FRAME: build_frame_to_vector((BYTE)RefData); break;
    case EV_NESTED_CALL: nested_call(hVM, RefData); break;
    case EV_CHAIN_GLOBAL: Schedule_Global_Event(EV_LOW(RefData) + 1, event_callback); break;
    case EV_CHAIN_EXEC_INT: chain_exec_int(hVM, RefData); break;
    }
}

/* One request: Call_* and Schedule_* return the handle, cancels 0.  A
 * Call_* that returns 0 without running the callback was refused. */
static DWORD event_op(DWORD op, VMHANDLE hVM, DWORD param, BOOL *refused)
{
    DWORD before = ev_run, h = 0;
    switch (op) {
    case 0x00: h = Call_VM_Event(hVM, param, event_callback); break;
    case 0x01: h = Schedule_VM_Event(hVM, param, event_callback); break;
    case 0x02: h = Call_Global_Event(param, event_callback); break;
    case 0x03: h = Schedule_Global_Event(param, event_callback); break;
    case 0x04: Cancel_VM_Event(hVM, param); return 0;
    case 0x05: Cancel_Global_Event(param); return 0;
    }
    BOOL schedule = op == 0x01 || op == 0x03;
    *refused = !h && (schedule || ev_run == before);
    return h;
}

struct ev_entry { DWORD op, param, result; };

static WORD event_batch(CLIENT_STRUCT *pcrs)
{
    struct ev_entry *t = (struct ev_entry *)Map_Flat(CLIENT_DS, CLIENT_SI);
    VMHANDLE hVM = (VMHANDLE)pcrs->CRS.Client_EBX;
    WORD n = pcrs->CWRS.Client_CX, refused = 0;
    if ((DWORD)t == 0xFFFFFFFFu || n > EV_BATCH_MAX)
        return n;
    for (WORD i = 0; i < n; i++) {
        DWORD op = t[i].op, param = t[i].param;
        if (op & EV_OP_CANCEL_ENTRY) {
            param = param < n ? t[param].result : 0;
            op &= ~EV_OP_CANCEL_ENTRY;
        }
        BOOL r = FALSE;
        t[i].result = event_op(op, hVM, param, &r);
        refused += r;
    }
    return refused;
}

/* Time-outs whose callback calls an event: the time-out's RefData is the
 * index of its request here. */
#define MAX_TO_EVENTS 4
struct to_event { BOOL global; DWORD refdata; };
static struct to_event to_events[MAX_TO_EVENTS];
static DWORD to_events_armed, to_event_handle;

static void timeout_event(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData, DWORD Extra)
{
    const struct to_event *t = &to_events[RefData % MAX_TO_EVENTS];
    struct line l;
    (void)hVM, (void)Extra;
    to_event_handle = t->global ? Call_Global_Event(t->refdata, event_callback)
                                : Call_VM_Event(Get_Cur_VM_Handle(), t->refdata, event_callback);
    start(&l, t->global ? "timeout Call_Global_Event -> " : "timeout Call_VM_Event -> ");
    put(&l, to_event_handle ? "scheduled" : "called");
    put_csip(&l, pcrs);
    VMM386_Log(l.s);
}

static HTIMEOUT arm_timeout_event(DWORD ms, DWORD refdata, BOOL global)
{
    DWORD i = to_events_armed++ % MAX_TO_EVENTS;
    to_events[i] = (struct to_event){ global, refdata };
    return Set_Global_Time_Out(ms, i, timeout_event);
}

/* Fill the pool with silent events; then what still works when it is full. */
static BOOL exhaust_events(CLIENT_STRUCT *pcrs)
{
    CRS *c = &pcrs->CRS;
    VMHANDLE hVM = Get_Cur_VM_Handle();
    DWORD n = 0, max = c->Client_ECX;
    BOOL refused = FALSE;
    ev_silent_next = 0;
    while (n < max && !refused) {
        refused = !Schedule_VM_Event(hVM, (EV_SILENT << 24) | n, event_callback);
        n += refused ? 0 : 1;
    }
    c->Client_EAX = n;
    c->Client_EBX = Call_VM_Event(hVM, c->Client_EDX, event_callback);
    c->Client_EDX = Schedule_Global_Event(c->Client_EDX, event_callback);
    return refused;
}

/* How many events the pool still takes: schedule until refused, cancel. */
static void log_free_events(void)
{
    static DWORD h[POOL_PROBE_MAX];
    DWORD n = 0;
    struct line l;
    while (n < POOL_PROBE_MAX && (h[n] = Schedule_Global_Event(EV_SILENT << 24, event_callback)))
        n++;
    for (DWORD i = 0; i < n; i++)
        Cancel_Global_Event(h[i]);
    start(&l, "System_Exit: ");
    hex(&l, n, 4);
    put(&l, " events can be scheduled");
    VMM386_Log(l.s);
}

static void api_events(CLIENT_STRUCT *pcrs)
{
    CRS *c = &pcrs->CRS;
    DWORD before = ev_run;
    BOOL refused = FALSE;
    switch (pcrs->CBRS.Client_AL) {
    case 0x00: case 0x01: case 0x02: case 0x03:
        c->Client_EAX = event_op(pcrs->CBRS.Client_AL, (VMHANDLE)c->Client_EBX, c->Client_EDX, &refused);
        break;
    case 0x04: case 0x05:
        event_op(pcrs->CBRS.Client_AL, (VMHANDLE)c->Client_EBX, c->Client_ESI, &refused);
        break;
    case 0x06:
        pcrs->CWRS.Client_AX = event_batch(pcrs);
        break;
    case 0x07:
        c->Client_EAX = arm_timeout_event(c->Client_ECX, c->Client_EDX, pcrs->CBRS.Client_BL == TIMEOUT_GLOBAL);
        refused = c->Client_EAX == 0;
        break;
    case 0x08:
        c->Client_EAX = ev_run;
        c->Client_ECX = to_event_handle;
        c->Client_EDX = ev_fifo_errors;
        set_cf(pcrs, FALSE);
        return;
    case 0x09:
        ev_flag_addr = ((DWORD)c->Client_ES << 4) + pcrs->CWRS.Client_DI;
        break;
    case 0x0A:
        refused = exhaust_events(pcrs);
        break;
    case 0x0B:
        ev_probe_at_exit = TRUE;
        break;
    default:
        refused = TRUE;
    }
    c->Client_ECX = ev_run - before;
    set_cf(pcrs, refused);
}

/* ------------------------------------------------------ devices, VMs */
static void api_get_ddb(CLIENT_STRUCT *pcrs)
{
    PDDB d;
    if (pcrs->CBRS.Client_AL == 0) {
        d = Get_DDB(pcrs->CWRS.Client_BX, 0);
        char *out = (char *)Map_Flat(CLIENT_ES, CLIENT_DI);
        for (int i = 0; d && (DWORD)out != 0xFFFFFFFFu && i < 8; i++)
            out[i] = d->DDB_Name[i];
    } else {
        const char *name = (const char *)Map_Flat(CLIENT_DS, CLIENT_SI);
        d = (DWORD)name == 0xFFFFFFFFu ? 0 : Get_DDB(UNDEFINED_DEVICE_ID, name);
        if (d)
            pcrs->CWRS.Client_BX = d->DDB_Req_Device_Number;
    }
    pcrs->CRS.Client_EAX = (DWORD)d;
    set_cf(pcrs, d == 0);
}

static void api_version(CLIENT_STRUCT *pcrs)
{
    DWORD eax, ecx, fl;
    __asm__ volatile(VMMcall(Get_VMM_Version) "pushfl\n\tpopl %2"
                     : "=a"(eax), "=c"(ecx), "=r"(fl) :: "cc", "memory");
    pcrs->CRS.Client_EAX = eax;
    pcrs->CRS.Client_ECX = ecx;
    set_cf(pcrs, fl & CF_FLAG);
}

static void api_handle_tests(CLIENT_STRUCT *pcrs)
{
    VMHANDLE h = (VMHANDLE)pcrs->CRS.Client_EDX;
    pcrs->CBRS.Client_AL = Validate_VM_Handle(h) ? 1 : 0;
    pcrs->CBRS.Client_AH = Test_Sys_VM_Handle(h) ? 1 : 0;
    pcrs->CBRS.Client_BL = Test_Cur_VM_Handle(h) ? 1 : 0;
    set_cf(pcrs, FALSE);
}

/* ------------------------------------------------------- the dynalink */
/* A VMMcall site of its own: `int 20h; dd 00010000h` until it first runs,
 * then `call dword [VMM service table slot 0]`. */
__attribute__((noinline, noclone)) static DWORD dynalink_probe(void)
{
    DWORD eax, ecx;
    __asm__ volatile(".globl vxdtest_dyn_site\nvxdtest_dyn_site:\n\t" VMMcall(Get_VMM_Version)
                     : "=a"(eax), "=c"(ecx) :: "cc", "memory");
    return eax;
}
extern BYTE vxdtest_dyn_site[];
static BOOL dynalink_ok;

static void put_bytes(struct line *l, const BYTE *p, int n)
{
    for (int i = 0; i < n; i++) {
        put(l, " ");
        hex(l, p[i], 2);
    }
}

static void check_dynalink(void)
{
    static const BYTE unlinked[6] = { 0xCD, 0x20, 0x00, 0x00, 0x01, 0x00 };
    struct line l;
    const BYTE *site = vxdtest_dyn_site;
    BOOL before = TRUE;
    for (int i = 0; i < 6; i++)
        before = before && site[i] == unlinked[i];
    start(&l, "dynalink site before the first call:");
    put_bytes(&l, site, 6);
    VMM386_Log(l.s);

    DWORD v1 = dynalink_probe();
    PDDB vmm = Get_DDB(VMM_DEVICE_ID, 0);
    DWORD slot = vmm ? (DWORD)&vmm->DDB_Service_Table_Ptr[VMM_Get_VMM_Version] : 0;
    BOOL patched = site[0] == 0xFF && site[1] == 0x15 && *(const DWORD *)(site + 2) == slot;
    start(&l, "dynalink site after:");
    put_bytes(&l, site, 6);
    put(&l, patched ? " = call [slot] (patched)" : " NOT patched");
    VMM386_Log(l.s);

    DWORD v2 = dynalink_probe();
    dynalink_ok = before && patched && v1 == v2 && v1 == Get_VMM_Version();
    log_s(v1 == v2 ? "dynalink second call through the patched site ok"
                   : "dynalink second call returned something else");
}

/* ---------------------------------------------------------- exhaustion */
static void api_exhaust(CLIENT_STRUCT *pcrs)
{
    DWORD base = es_di(pcrs);
    WORD n = pcrs->CWRS.Client_CX, done = 0;
    BOOL failed = FALSE;
    switch (pcrs->CBRS.Client_AL) {
    case 0x00:
        while (done < n && !failed) {
            failed = !Install_V86_Break_Point(base + done, done, bp_callback);
            done += failed ? 0 : 1;
        }
        break;
    case 0x01:
        for (WORD i = 0; i < n; i++)
            done += Remove_V86_Break_Point(base + i) ? 1 : 0;
        break;
    case 0x02: {
        DWORD first = 0, last = 0;
        while (done < n && !failed) {
            DWORD a = Allocate_V86_Call_Back(done, v86_callback);
            failed = a == 0;
            if (a) {
                first = done ? first : a;
                last = a;
                done++;
            }
        }
        set_es_di(pcrs, first);
        pcrs->CRS.Client_EDX = last;
        break;
    }
    }
    pcrs->CWRS.Client_AX = done;
    set_cf(pcrs, failed);
}

/* ------------------------------------------------------------- the API */
static void VXDTEST_V86_API(VMHANDLE hVM, CLIENT_STRUCT *pcrs)
{
    switch (pcrs->CBRS.Client_AH) {
    case 0x00:
        pcrs->CWRS.Client_AX = VXDTEST_ID;
        pcrs->CRS.Client_EBX = (DWORD)Get_Cur_VM_Handle();
        pcrs->CRS.Client_ECX = (DWORD)Get_Sys_VM_Handle();
        set_cf(pcrs, (DWORD)hVM != pcrs->CRS.Client_EBX);
        break;
    case 0x01: api_install_bp(pcrs); break;
    case 0x02: api_remove_bp(pcrs); break;
    case 0x03: api_bp_info(pcrs); break;
    case 0x04: api_alloc_cb(pcrs); break;
    case 0x05: api_arm_returns(pcrs); break;
    case 0x06: api_returns_status(pcrs); break;
    case 0x07: api_hook(pcrs, TRUE); break;
    case 0x08: api_hook(pcrs, FALSE); break;
    case 0x09: api_fault(pcrs, TRUE); break;
    case 0x0A: api_fault(pcrs, FALSE); break;
    case 0x0B: api_simulate(pcrs); break;
    case 0x0C: api_get_vector(pcrs); break;
    case 0x0D: api_set_vector(pcrs); break;
    case 0x0E: api_client_state(pcrs); break;
    case 0x0F: api_nested_int10(pcrs); break;
    case 0x10: api_timeouts(pcrs); break;
    case 0x11: api_get_ddb(pcrs); break;
    case 0x12: api_version(pcrs); break;
    case 0x13: api_handle_tests(pcrs); break;
    case 0x14:
        pcrs->CWRS.Client_AX = dynalink_ok ? 1 : 0;
        set_cf(pcrs, !dynalink_ok);
        break;
    case 0x15: api_exhaust(pcrs); break;
    case 0x16: api_nested_exec_int(pcrs); break;
    case 0x17: api_events(pcrs); break;
    default:
        set_cf(pcrs, TRUE);
    }
}

/* ------------------------------------------------------ control messages */
static const char *msg_name(DWORD msg)
{
    switch (msg) {
    case Sys_Critical_Init: return "Sys_Critical_Init";
    case Device_Init: return "Device_Init";
    case Init_Complete: return "Init_Complete";
    case Sys_VM_Init: return "Sys_VM_Init";
    case Sys_VM_Terminate: return "Sys_VM_Terminate";
    case System_Exit: return "System_Exit";
    case Sys_Critical_Exit: return "Sys_Critical_Exit";
    }
    return 0;
}

static DWORD read_eflags(void)
{
    DWORD f;
    __asm__ volatile("pushfl\n\tpopl %0" : "=r"(f));
    return f;
}

static void remove_all_bps(void)
{
    for (int i = 0; i < MAX_BPS; i++)
        if (policies[i].used) {
            Remove_V86_Break_Point(policies[i].addr);
            policies[i].used = FALSE;
        }
}

static BOOL VXDTEST_Control(DWORD Msg, VMHANDLE hVM, DWORD Esi, DWORD Edi, DWORD Edx)
{
    struct line l;
    (void)Esi, (void)Edi, (void)Edx;
    const char *name = msg_name(Msg);
    start(&l, name ? name : "control message ");
    if (!name)
        hex(&l, Msg, 2);
    if (Msg == Sys_Critical_Init)
        put(&l, (read_eflags() & IF_FLAG) ? " IF=1" : " IF=0");
    if (Msg == Sys_VM_Init) {
        put(&l, " hVM=");
        hex(&l, (DWORD)hVM, 8);
    }
    VMM386_Log(l.s);

    switch (Msg) {
    case Device_Init:
        check_dynalink();
        return Hook_V86_Int_Chain(RETURNS_VECTOR, int66_hook);
    case System_Exit:
        if (ev_probe_at_exit)
            log_free_events();
        remove_all_bps();
        Unhook_V86_Int_Chain(RETURNS_VECTOR, int66_hook);
        break;
    }
    return TRUE;
}

static struct VxD_Desc_Block VXDTEST_DDB = {
    .DDB_SDK_Version = DDK_VERSION,
    .DDB_Req_Device_Number = VXDTEST_ID,
    .DDB_Dev_Major_Version = 1,
    .DDB_Flags = DDB_VMM386_C_PROCS,
    .DDB_Name = { 'V', 'X', 'D', 'T', 'E', 'S', 'T', ' ' },
    .DDB_Init_Order = VXDTEST_INIT_ORDER,
    .DDB_Control_Proc = (void *)VXDTEST_Control,
    .DDB_V86_API_Proc = (void *)VXDTEST_V86_API,
    .DDB_Size = sizeof(struct VxD_Desc_Block),
};
VXD_REGISTER(VXDTEST_DDB);
