/* VMTEST -- a test VxD (device 7E06h) for several VMs, built only on the
 * public API (include/vmm.h).
 *
 * Logs every VM control message as "VMTEST: <message> VM<id>[ ...]", with
 * whether it runs in that VM's context, and gives guests a V86 API
 * (INT 2Fh AX=1684h BX=7E06h) to drive the scheduling services:
 *
 *   AH=01h  Nuke_VM (VM ID in BL)
 *   AH=02h  Call_VM_Event for VM BL: the event logs where it runs
 *   AH=03h  Begin_Critical_Section      AH=04h  End_Critical_Section
 *   AH=05h  Wait_Semaphore (the shared one, created at Device_Init with 0 tokens)
 *   AH=06h  Signal_Semaphore
 *   AH=07h  Adjust_Exec_Priority of this VM by the signed ECX
 *   AH=08h  Suspend_VM (VM BL)          AH=09h  Resume_VM (VM BL)
 *   AH=0Ah  Get_VM_Exec_Time of this VM: EAX
 *   AH=0Bh  Get_Crit_Section_Status: BX = owner's ID, CX = claims
 *   AH=0Ch  Get_Next_VM_Handle walk: AX = number of VMs it finds
 *   AH=0Dh  every scheduling service that takes a VM handle, with ECX as the
 *           handle: AX = how many of them refused it with carry
 *   AH=0Eh  Call_Priority_VM_Event for VM BL, boost ESI, PEF flags CX,
 *           time-out DX ms: AX = 1 called at once, 2 scheduled; the event
 *           logs where it runs, whether it timed out and the VM's IF
 *   AH=0Fh  Cancel_Priority_VM_Event of the last one scheduled
 *   AH=11h  AX = the RefData of the last priority event that ran (0: none)
 *   AH=10h  fail the next control message BL (Create_VM, VM_Critical_Init,
 *           VM_Init or Create_Thread) that VMTEST gets
 *   AH=12h  check every thread service (ECX bit 0: the caller is its VM's
 *           initial thread): logs "thread check <name> ok|BAD", AX = BADs
 *   AH=13h  VMMCreateThread at CX:DX, stack SI:DI, with an InitCallback that
 *           logs where it runs: AX = the thread's ID
 *   AH=14h  VMMTerminateThread of that thread
 *   AH=15h  AX = Call_When_Thread_Switched calls, BX = those with bad handles
 *   AH=20h  a callback that breaks the flags rule: BL bit 0 returns with the
 *           direction flag set, bit 1 with interrupts enabled; CL=0 a C
 *           Call_VM_Event callback for this VM, CL=1 a register-level
 *           Call_Priority_VM_Event callback; then an event that logs the
 *           flags it is entered with ("flags at entry DF=0 IF=0")
 *   AH=21h  Call_Restricted_Event (C form), PEF flags CX, time-out DX ms, for
 *           BL=0 this VM, BL=1 this thread, BL=2 the thread AH=13h made
 *           (PEF_Thread_Event), BL=3 that thread through
 *           Call_Priority_Thread_Event: AX = 1 at once, 2 scheduled, 0 refused; the
 *           event logs its ref, VM, thread, time-out and IF
 *   AH=22h  AX = the ref of the last restricted event that ran
 *   AH=23h  Cancel_Restricted_Event of the last one scheduled, and harmless
 *           ones: 0, garbage, Cancel_Thread_Event of another thread
 *   AH=24h  Set_Thread_Time_Out, CX ms, for BL=1 this thread, BL=2 the
 *           thread AH=13h made: EAX = handle; the callback logs its ref, the
 *           thread and whether EBP is that thread's client registers;
 *           BL=0: Set_VM_Time_Out for this VM (its callback logs the ref)
 *   AH=26h  VPICD: IRQ 5 virtualized (the first time) with every procedure
 *           of the descriptor, VID_IRET_Time_Out CX ms; each logs "VID
 *           <proc> VMn ..."; then VPICD_Set_Int_Request for this VM
 *   AH=25h  Cancel_Time_Out of the last one
 * Carry set when the service refused. */
#include "vmm.h"
#include "vpicd.h"
#define TESTLOG_PREFIX "VMTEST: "
#include "testlog.h"

#define VMTEST_ID         0x7E06
#define VMTEST_INIT_ORDER 0x7E040000u

static DWORD sem;
static DWORD fail_msg = 0xFFFFFFFF;     /* AH=10h */
static DWORD cb_offset;                 /* our per-VM area in every control block */

static DWORD vm_id(VMHANDLE vm) { return vm ? ((struct cb_s *)vm)->CB_VMID : 0; }

static VMHANDLE vm_by_id(DWORD id)
{
    VMHANDLE first = Get_Sys_VM_Handle(), v = first;
    if (!Validate_VM_Handle(v))
        v = first = Get_Next_VM_Handle(Get_Cur_VM_Handle());
    do {
        if (vm_id(v) == id)
            return v;
        v = Get_Next_VM_Handle(v);
    } while (v && v != first);
    return 0;
}

static void log_vm(const char *what, VMHANDLE vm, const char *tail)
{
    struct line l;
    start(&l, what);
    put(&l, " VM");
    dec(&l, vm_id(vm));
    if (tail)
        put(&l, tail);
    VMM386_Log(l.s);
}

static void after_destroy(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData)
{
    (void)pcrs;
    struct line l;
    start(&l, "global event from Destroy_VM VM");
    dec(&l, RefData);
    put(&l, " ran in VM");
    dec(&l, vm_id(hVM));
    VMM386_Log(l.s);
}

/* ------------------------------------------------------- control messages */
static const char *msg_name(DWORD msg)
{
    switch (msg) {
    case Create_VM: return "Create_VM";
    case VM_Critical_Init: return "VM_Critical_Init";
    case VM_Init: return "VM_Init";
    case VM_Terminate: return "VM_Terminate";
    case VM_Not_Executeable: return "VM_Not_Executeable";
    case Destroy_VM: return "Destroy_VM";
    case VM_Suspend: return "VM_Suspend";
    case VM_Resume: return "VM_Resume";
    case Set_Device_Focus: return "Set_Device_Focus";
    case Sys_VM_Init: return "Sys_VM_Init";
    case Create_Thread: return "Create_Thread";
    case Thread_Init: return "Thread_Init";
    case Terminate_Thread: return "Terminate_Thread";
    case Thread_Not_Executeable: return "Thread_Not_Executeable";
    case Destroy_Thread: return "Destroy_Thread";
    }
    return 0;
}

static DWORD thread_id(THREADHANDLE t) { return t ? t->TCB_ThreadId : 0; }
static THREADHANDLE last_destroyed;     /* a stale handle for AH=12h */
static DWORD switches;                  /* Call_When_Thread_Switched calls */
static DWORD switch_bad;                /* ... with EAX or EDI not a thread, or EDI not current */

/* The thread messages: EDI = the thread; where they run tells whether
 * the DDK's contexts hold (Create_Thread in the creator's, Thread_Init and a
 * self-ending thread's Terminate_Thread in the thread's own). */
static BOOL thread_message(DWORD Msg, const char *name, VMHANDLE hVM, DWORD Edi, DWORD Edx)
{
    THREADHANDLE t = (THREADHANDLE)Edi;
    struct line l = { .n = 0 };
    put(&l, " T");
    dec(&l, thread_id(t));
    if (Msg == Thread_Not_Executeable) {
        put(&l, " flags=");
        dec(&l, Edx);
    }
    put(&l, Test_Cur_Thread_Handle(t) ? " (current)" : " (not current)");
    if (t->TCB_VMHandle != hVM || t->TCB_Signature != SCHED_OBJ_ID_THREAD)
        put(&l, " BAD-TCB");
    if (Msg == Create_Thread || Msg == Thread_Init)
        put(&l, (t->TCB_Flags & THFLAG_THREAD_CREATION) ? " creating" : " BAD-FLAGS");
    if (Msg == Destroy_Thread)
        last_destroyed = t;
    if (Msg == fail_msg) {
        fail_msg = 0xFFFFFFFF;
        put(&l, " (failing it)");
        log_vm(name, hVM, l.s);
        return FALSE;
    }
    log_vm(name, hVM, l.s);
    return TRUE;
}

/* Call_When_Thread_Switched: EAX = old thread, EDI = new (register level). */
void vmtest_switched(DWORD old, DWORD new_thread)
{
    switches++;
    if (!Validate_Thread_Handle((THREADHANDLE)new_thread) || !Test_Cur_Thread_Handle((THREADHANDLE)new_thread) ||
        old == new_thread)
        switch_bad++;
}
__asm__(".text\n"
        "vmtest_switched_stub:\n\t"
        "pushal\n\tpushl %edi\n\tpushl %eax\n\tcall vmtest_switched\n\taddl $8, %esp\n\t"
        "popal\n\tret\n");
void vmtest_switched_stub(void);

static BOOL VMTEST_Control(DWORD Msg, VMHANDLE hVM, DWORD Esi, DWORD Edi, DWORD Edx)
{
    (void)Esi, (void)Edi;
    if (Msg == Device_Init) {
        sem = Create_Semaphore(0);
        cb_offset = _Allocate_Device_CB_Area(16, 0);
        return sem != 0 && cb_offset != 0 && Call_When_Thread_Switched((PVOID)vmtest_switched_stub);
    }
    const char *name = msg_name(Msg);
    if (!name)
        return TRUE;
    if (Msg >= Create_Thread && Msg <= Destroy_Thread)
        return thread_message(Msg, name, hVM, Edi, Edx);
    struct line l = { .n = 0 };
    if (Msg == VM_Not_Executeable) {
        put(&l, " flags=");
        dec(&l, Edx);
    }
    put(&l, Test_Cur_VM_Handle(hVM) ? " (current)" : " (not current)");
    if (Msg == Create_VM) {
        /* our area in the new control block: zeroed, and ours to use */
        DWORD *area = (DWORD *)((char *)hVM + cb_offset);
        put(&l, area[0] == 0 ? " cb=0" : " cb=dirty");
        area[0] = 0x7E057E05;
    }
    if (Msg == Destroy_VM) {
        put(&l, *(DWORD *)((char *)hVM + cb_offset) == 0x7E057E05 ? " cb=kept" : " cb=lost");
        Schedule_Global_Event(vm_id(hVM), after_destroy);   /* must run, in a VM still there */
    }
    if (Msg == fail_msg) {
        fail_msg = 0xFFFFFFFF;
        put(&l, " (failing it)");
        log_vm(name, hVM, l.s);
        return FALSE;
    }
    log_vm(name, hVM, l.s);
    return TRUE;
}

/* ------------------------------------------------------------- V86 API */
static void event_proc(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData)
{
    (void)pcrs;
    struct line l = { .n = 0 };
    put(&l, " runs in VM");
    dec(&l, vm_id(Get_Cur_VM_Handle()));
    put(&l, " (scheduled from VM");
    dec(&l, RefData);
    put(&l, ")");
    log_vm("event for", hVM, l.s);
}

static DWORD last_priority_event;
static DWORD last_priority_ran;         /* its RefData */

static void priority_event_proc(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData, BOOL TimedOut)
{
    (void)pcrs;
    struct line l = { .n = 0 };
    put(&l, " runs in VM");
    dec(&l, vm_id(Get_Cur_VM_Handle()));
    put(&l, TimedOut ? " timed out" : " in time");
    put(&l, Test_VM_Ints_Enabled(hVM) ? " IF=1" : " IF=0");
    put(&l, " ref=");
    dec(&l, RefData);
    log_vm("priority event for", hVM, l.s);
    last_priority_ran = RefData;
}

/* AH=12h: callbacks that break the flags rule (RefData: bit 0 STD, bit 1 STI). */
static void bad_flags_event(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData)
{
    (void)hVM, (void)pcrs;
    if (RefData & 1)
        __asm__ volatile("std");
    if (RefData & 2)
        __asm__ volatile("sti");
}
extern char vmtest_bad_flags_regs[];
__asm__(".text\n"
        "vmtest_bad_flags_regs:\n\t"            /* EDX = RefData, as bad_flags_event */
        "testb $1, %dl\n\tjz 1f\n\tstd\n"
        "1:\ttestb $2, %dl\n\tjz 2f\n\tsti\n"
        "2:\tret\n");

static void entry_flags_event(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData)
{
    (void)pcrs, (void)RefData;
    DWORD f;
    __asm__ volatile("pushfl; popl %0" : "=r"(f));
    log_vm("flags at entry", hVM, f & 0x400 ? " DF=1" : " DF=0");
    log_vm("flags at entry", hVM, f & 0x200 ? " IF=1" : " IF=0");
}

/* ---------------------------------------------------------------- threads */
static DWORD checks_bad;
static THREADHANDLE last_created;

static void check(const char *name, BOOL ok)
{
    struct line l;
    start(&l, "thread check ");
    put(&l, name);
    put(&l, ok ? " ok" : " BAD");
    VMM386_Log(l.s);
    checks_bad += !ok;
}

/* AH=12h: every thread service on the current thread and on bad handles;
 * ECX bit 0 = the caller says it is its VM's initial thread. */
static DWORD thread_checks(VMHANDLE hVM, CLIENT_STRUCT *pcrs)
{
    checks_bad = 0;
    THREADHANDLE cur = Get_Cur_Thread_Handle(), sys = Get_Sys_Thread_Handle();
    THREADHANDLE init = Get_Initial_Thread_Handle(hVM);
    check("cur_valid", Validate_Thread_Handle(cur));
    check("cur_is_cur", Test_Cur_Thread_Handle(cur));
    check("cur_vm", cur->TCB_VMHandle == hVM);
    check("cur_signature", cur->TCB_Signature == SCHED_OBJ_ID_THREAD);
    check("cur_clientptr", cur->TCB_ClientPtr == &pcrs->CRS &&
                           cur->TCB_ClientPtr == ((struct cb_s *)hVM)->CB_Client_Pointer);
    check("sys_is_sys", sys && Test_Sys_Thread_Handle(sys) && !Test_Sys_Thread_Handle(0));
    check("sys_in_sys_vm", sys->TCB_VMHandle == Get_Sys_VM_Handle());
    check("initial_of_vm", init && Test_Initial_Thread_Handle(init) && init->TCB_VMHandle == hVM);
    check("initial_is_cur", Test_Initial_Thread_Handle(cur) == (BOOL)(pcrs->CRS.Client_ECX & 1));
    check("ids", cur == init ? cur->TCB_ThreadId != 0 : cur->TCB_ThreadId != init->TCB_ThreadId);
    check("zero_refused", !Validate_Thread_Handle(0));
    check("garbage_refused", !Validate_Thread_Handle((THREADHANDLE)0x12345678));
    check("vm_handle_refused", !Validate_Thread_Handle((THREADHANDLE)hVM));
    check("inside_tcb_refused", !Validate_Thread_Handle((THREADHANDLE)((char *)cur + 4)));
    if (last_destroyed)
        check("stale_refused", !Validate_Thread_Handle(last_destroyed) &&
                               !Test_Initial_Thread_Handle(last_destroyed));
    check("initial_of_bad_vm", Get_Initial_Thread_Handle((VMHANDLE)0x1234) == 0);
    check("terminate_initial_refused", !VMMTerminateThread(init));
    check("terminate_cur_refused", cur == init || !VMMTerminateThread(cur));
    check("terminate_zero_refused", !VMMTerminateThread(0));
    return checks_bad;
}

/* VMMCreateThread's InitCallback: EBX = VM, EDI = thread, EDX = RefData. */
void vmtest_thread_init(DWORD vm, DWORD thread, DWORD ref, DWORD ebp)
{
    THREADHANDLE t = (THREADHANDLE)thread;
    struct line l = { .n = 0 };
    put(&l, " T");
    dec(&l, thread_id(t));
    put(&l, Test_Cur_Thread_Handle(t) ? " (current)" : " (not current)");
    put(&l, " ref=");
    hex(&l, ref, 4);
    put(&l, t->TCB_ThreadType == VMTEST_ID ? " type=ok" : " type=BAD");
    put(&l, (DWORD)t->TCB_ClientPtr == ebp ? " ebp=ok" : " ebp=BAD");
    log_vm("InitCallback", (VMHANDLE)vm, l.s);
}
__asm__(".text\n"
        "vmtest_thread_init_stub:\n\t"
        "pushal\n\tpushl %ebp\n\tpushl %edx\n\tpushl %edi\n\tpushl %ebx\n\t"
        "call vmtest_thread_init\n\taddl $16, %esp\n\tpopal\n\tret\n");
void vmtest_thread_init_stub(void);

/* AH=21h-23h: restricted events */
static DWORD last_restricted, last_restricted_ran;
static THREADHANDLE restricted_target[64];     /* by ref: the thread it names (0: any) */

static void restricted_proc(VMHANDLE hVM, THREADHANDLE hThread, CLIENT_STRUCT *pcrs, DWORD RefData,
                            BOOL TimedOut)
{
    (void)pcrs;
    struct line l = { .n = 0 };
    put(&l, " ref=");
    dec(&l, RefData);
    put(&l, " thread ");
    dec(&l, thread_id(hThread));
    THREADHANDLE want = restricted_target[RefData & 63];
    put(&l, !want ? " (any)" : want == hThread && hThread == Get_Cur_Thread_Handle() ? " (its own)" : " (WRONG)");
    put(&l, TimedOut ? " timed out" : " in time");
    put(&l, Test_VM_Ints_Enabled(hVM) ? " IF=1" : " IF=0");
    log_vm("restricted event in", hVM, l.s);
    last_restricted_ran = RefData;
}

/* AH=24h/25h: thread time-outs */
static HTIMEOUT last_thread_to;
static THREADHANDLE thread_to_target[64];

static void thread_time_out_proc(VMHANDLE hVM, THREADHANDLE hThread, CLIENT_STRUCT *pcrs, DWORD RefData,
                                 DWORD Late)
{
    (void)Late;
    struct line l = { .n = 0 };
    put(&l, " ref=");
    dec(&l, RefData);
    put(&l, " thread ");
    dec(&l, thread_id(hThread));
    put(&l, hThread == thread_to_target[RefData & 63] && hThread->TCB_VMHandle == hVM ? " (its own)" : " (WRONG)");
    put(&l, (struct Client_Reg_Struc *)pcrs == hThread->TCB_ClientPtr ? " EBP=its client registers" : " EBP WRONG");
    log_vm("thread time-out in", hVM, l.s);
}

static void vm_time_out_proc(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData, DWORD Late)
{
    (void)pcrs, (void)Late;
    struct line l = { .n = 0 };
    put(&l, " ref=");
    dec(&l, RefData);
    log_vm("VM time-out in", hVM, l.s);
}

/* AH=26h: IRQ 5's descriptor procedures log what VPICD tells them. */
#define VID_TEST_IRQ 5
static HIRQ vid_irq;
static void vid_hw_int(HIRQ h, VMHANDLE vm, DWORD ref) { (void)vm, (void)ref; VPICD_Phys_EOI(h); }
static void vid_log(const char *what, HIRQ h, VMHANDLE vm, const char *tail)
{
    struct line l;
    start(&l, "VID ");
    put(&l, what);
    put(&l, h == vid_irq ? "" : " (WRONG IRQ)");
    put(&l, " VM");
    dec(&l, vm_id(vm));
    put(&l, tail);
    VMM386_Log(l.s);
}
static void vid_virt_int(HIRQ h, VMHANDLE vm) { vid_log("virt_int", h, vm, ""); }
static void vid_eoi(HIRQ h, VMHANDLE vm) { vid_log("eoi", h, vm, ""); }
static void vid_mask(HIRQ h, VMHANDLE vm, BOOL masking)
{
    vid_log("mask_change", h, vm, masking ? " masked" : " unmasked");
}
static void vid_iret(HIRQ h, VMHANDLE vm, BOOL timed_out)
{
    vid_log("iret", h, vm, timed_out ? " timed out" : " returned");
}

static void VMTEST_V86_API(VMHANDLE hVM, CLIENT_STRUCT *pcrs)
{
    struct Client_Reg_Struc *c = &pcrs->CRS;
    VMHANDLE target = vm_by_id(c->Client_EBX & 0xFF);
    BOOL fail = FALSE;
    switch ((c->Client_EAX >> 8) & 0xFF) {
    case 0x01:
        fail = !target || !Nuke_VM(target);
        break;
    case 0x02:
        fail = !target;
        if (target) {
            DWORD h = Call_VM_Event(target, vm_id(hVM), event_proc);
            log_vm(h ? "event scheduled for" : "event called at once for", target, 0);
        }
        break;
    case 0x03:
        Begin_Critical_Section(0);
        log_vm("critical section entered by", hVM, 0);
        break;
    case 0x04:
        log_vm("critical section left by", hVM, 0);
        End_Critical_Section();
        break;
    case 0x05:
        fail = !Wait_Semaphore(sem, 0);
        log_vm("semaphore passed by", hVM, 0);
        break;
    case 0x06:
        log_vm("semaphore signalled by", hVM, 0);
        fail = !Signal_Semaphore(sem);
        break;
    case 0x07:
        fail = !Adjust_Exec_Priority((LONG)c->Client_ECX, hVM);
        break;
    case 0x08:
        fail = !target || !Suspend_VM(target);
        break;
    case 0x09:
        fail = !target || !Resume_VM(target);
        break;
    case 0x0A:
        c->Client_EAX = Get_VM_Exec_Time(hVM);
        break;
    case 0x0B: {
        DWORD claims;
        VMHANDLE owner = Get_Crit_Section_Status(&claims);
        c->Client_EBX = vm_id(owner);
        c->Client_ECX = claims;
        break;
    }
    case 0x0C: {
        VMHANDLE v = hVM;
        DWORD n = 0;
        do {
            v = Get_Next_VM_Handle(v);
            n++;
        } while (v != hVM && n < 100);
        c->Client_EAX = n;
        break;
    }
    case 0x0D: {
        VMHANDLE bad = (VMHANDLE)c->Client_ECX;
        DWORD fg, bg, pct, n = 0;
        n += !Adjust_Exec_Priority(1, bad);
        n += !Suspend_VM(bad);
        n += !Resume_VM(bad);
        n += !No_Fail_Resume_VM(bad);
        n += !Nuke_VM(bad);
        n += !Set_Execution_Focus(bad);
        n += !Set_Time_Slice_Priority(bad, 0, 100, 50);
        n += !Wake_Up_VM(bad);
        Get_Time_Slice_Priority(bad, &fg, &bg, &pct);
        Get_VM_Exec_Time(bad);
        c->Client_EAX = n;
        break;
    }
    case 0x0E: {
        BOOL refused = TRUE;
        static DWORD ref;
        DWORD h = target ? Call_Priority_VM_Event((LONG)c->Client_ESI, target, c->Client_ECX & 0xFFFF,
                                                  ++ref, priority_event_proc,
                                                  c->Client_EDX & 0xFFFF, &refused) : 0;
        fail = refused;
        if (h)
            last_priority_event = h;
        c->Client_EAX = refused ? 0 : h ? 2 : 1;
        break;
    }
    case 0x10:
        fail_msg = c->Client_EBX & 0xFF;
        break;
    case 0x11:
        c->Client_EAX = last_priority_ran;
        break;
    case 0x12:
        c->Client_EAX = thread_checks(hVM, pcrs);
        break;
    case 0x13: {
        THREADHANDLE t = VMMCreateThread(c->Client_ESI & 0xFFFF, c->Client_EDI & 0xFFFF,
                                         c->Client_ECX & 0xFFFF, c->Client_EDX & 0xFFFF,
                                         c->Client_DS, c->Client_ES, VMTEST_ID,
                                         (PVOID)vmtest_thread_init_stub, 0x7E06);
        fail = !t;
        if (t)
            last_created = t;
        c->Client_EAX = thread_id(t);
        break;
    }
    case 0x14:
        fail = !VMMTerminateThread(last_created);
        break;
    case 0x15:
        c->Client_EAX = switches;
        c->Client_EBX = switch_bad;
        break;
    case 0x21: {
        static DWORD ref;
        DWORD which = c->Client_EBX & 0xFF, flags = c->Client_ECX & 0xFFFF;
        THREADHANDLE t = which == 1 ? Get_Cur_Thread_Handle() : which >= 2 ? last_created : 0;
        BOOL refused = TRUE;
        ++ref;
        restricted_target[ref & 63] = t;
        DWORD h = which == 3
            ? Call_Priority_Thread_Event(0, t, flags, ref, restricted_proc, c->Client_EDX & 0xFFFF, &refused)
            : Call_Restricted_Event(0, t ? (VMHANDLE)t : hVM, flags | (t ? PEF_Thread_Event : 0), ref,
                                    restricted_proc, c->Client_EDX & 0xFFFF, &refused);
        fail = refused;
        if (h)
            last_restricted = h;
        c->Client_EAX = refused ? 0 : h ? 2 : 1;
        break;
    }
    case 0x22:
        c->Client_EAX = last_restricted_ran;
        break;
    case 0x24: {
        static DWORD ref;
        if ((c->Client_EBX & 0xFF) == 0) {
            last_thread_to = Set_VM_Time_Out(hVM, c->Client_ECX & 0xFFFF, ++ref, vm_time_out_proc);
            fail = !last_thread_to;
            c->Client_EAX = last_thread_to;
            break;
        }
        THREADHANDLE t = (c->Client_EBX & 0xFF) == 2 ? last_created : Get_Cur_Thread_Handle();
        thread_to_target[++ref & 63] = t;
        last_thread_to = Set_Thread_Time_Out(c->Client_ECX & 0xFFFF, ref, thread_time_out_proc, t);
        fail = !last_thread_to;
        c->Client_EAX = last_thread_to;
        break;
    }
    case 0x25:
        Cancel_Time_Out(last_thread_to);
        break;
    case 0x26: {
        static VID vid = { .VID_IRQ_Number = VID_TEST_IRQ, .VID_Options = VPICD_OPT_VMM386_C };
        if (!vid_irq) {
            vid.VID_Hw_Int_Proc = (DWORD)vid_hw_int;
            vid.VID_Virt_Int_Proc = (DWORD)vid_virt_int;
            vid.VID_EOI_Proc = (DWORD)vid_eoi;
            vid.VID_Mask_Change_Proc = (DWORD)vid_mask;
            vid.VID_IRET_Proc = (DWORD)vid_iret;
            vid.VID_IRET_Time_Out = c->Client_ECX & 0xFFFF;
            vid_irq = VPICD_Virtualize_IRQ(&vid);
        }
        fail = !vid_irq;
        if (vid_irq)
            VPICD_Set_Int_Request(vid_irq, hVM);
        break;
    }
    case 0x23:
        Cancel_Thread_Event(Get_Cur_Thread_Handle() == last_created ? Get_Sys_Thread_Handle() : last_created,
                            last_restricted);       /* not that thread's: harmless */
        Cancel_Thread_Event(0, last_restricted);     /* harmless */
        Cancel_Restricted_Event(last_restricted);
        Cancel_Restricted_Event(last_restricted);   /* stale now: harmless */
        Cancel_Restricted_Event(0);
        Cancel_Restricted_Event(0xDEAD0001);
        break;
    case 0x20: {
        DWORD how = c->Client_EBX & 3;
        if ((c->Client_ECX & 0xFF) == 0) {
            fail = Call_VM_Event(hVM, how, bad_flags_event) != 0;      /* at once */
        } else {
            DWORD h = (DWORD)vmtest_bad_flags_regs;
            __asm__ volatile(VMMcall(Call_Priority_VM_Event)
                             : "+S"(h) : "a"(0), "b"(hVM), "c"(0), "d"(how), "D"(0) : "cc", "memory");
            fail = h != 0;
        }
        fail |= Call_VM_Event(hVM, 0, entry_flags_event) != 0;
        break;
    }
    case 0x0F:
        Cancel_Priority_VM_Event(last_priority_event);
        Cancel_Priority_VM_Event(0);                    /* harmless */
        Cancel_Priority_VM_Event(0xDEAD0001);           /* harmless */
        break;
    default:
        fail = TRUE;
    }
    set_cf(pcrs, fail);
}

static struct VxD_Desc_Block VMTEST_DDB = {
    .DDB_SDK_Version = DDK_VERSION,
    .DDB_Req_Device_Number = VMTEST_ID,
    .DDB_Dev_Major_Version = 1,
    .DDB_Flags = DDB_VMM386_C_PROCS,
    .DDB_Name = { 'V', 'M', 'T', 'E', 'S', 'T', ' ', ' ' },
    .DDB_Init_Order = VMTEST_INIT_ORDER,
    .DDB_Control_Proc = (void *)VMTEST_Control,
    .DDB_V86_API_Proc = (void *)VMTEST_V86_API,
    .DDB_Size = sizeof(struct VxD_Desc_Block),
};
VXD_REGISTER(VMTEST_DDB);
