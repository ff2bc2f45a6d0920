/* CALLBACK -- the VM-and-thread half of the seed's Callback sample, the
 * vmm386 way.  The VxD records every Create_VM, Destroy_VM, Create_Thread and
 * Destroy_Thread and hands each record to a DOS program that registered a far
 * procedure through INT 60h (AH=03h, ES:DI = the procedure; carry clear).
 * Delivery is the Windows 95 pattern for calling into a VM from ring 0:
 *   - a priority event for the program's VM (PEF_Wait_For_STI |
 *     PEF_Wait_Not_Crit, and PEF_Always_Sched: a control message may come in
 *     the middle of one of that VM's own calls), so that the program is
 *     entered only when it can take it;
 *   - the event saves the client state, loads the record (AX = message, BX
 *     = VM ID, CX = thread ID) and Simulate_Far_Calls the procedure;
 *   - Call_When_VM_Returns catches its RETF: the record is freed, the
 *     client state put back, and the next record (if any) goes the same way.
 * One record is in the program at a time; up to CB_RECORDS wait (more are
 * counted as lost).  AH=04h returns AX = records delivered, BX = lost.
 * Other INT 60h functions go down the chain (the INT60 sample has 01h/02h).
 * Written against include/vmm.h only; not in the default kernel. */
#include "vmm.h"

#define CB_RECORDS 16

struct record { DWORD msg, vm_id, thread_id; };

static struct record queue[CB_RECORDS];
static DWORD head, count, delivered, lost;
static VMHANDLE client_vm;              /* the registered program's VM (0: none) */
static WORD client_cs, client_ip;
static BOOL in_flight, event_pending;
static CLIENT_STRUCT saved;             /* the program's state around the call */

static void deliver(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData, BOOL TimedOut);

static DWORD vm_id(VMHANDLE vm) { return vm ? ((struct cb_s *)vm)->CB_VMID : 0; }

/* A delivery is wanted: one priority event at a time. */
static void kick(void)
{
    BOOL refused;
    if (!client_vm || in_flight || event_pending || !count)
        return;
    event_pending = TRUE;
    Call_Priority_VM_Event(Low_Pri_Device_Boost, client_vm,
                           PEF_Wait_For_STI | PEF_Wait_Not_Crit | PEF_Always_Sched, 0, deliver, 0,
                           &refused);
    if (refused)
        event_pending = FALSE;
}

/* The procedure returned (RETF): the record is done. */
static void returned(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData, BOOL TimedOut)
{
    (void)hVM, (void)pcrs, (void)RefData, (void)TimedOut;
    Restore_Client_State(&saved);
    head = (head + 1) % CB_RECORDS;     /* free it */
    count--;
    delivered++;
    in_flight = FALSE;
    kick();
}

static void deliver(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData, BOOL TimedOut)
{
    (void)RefData, (void)TimedOut;
    event_pending = FALSE;
    if (hVM != client_vm || in_flight || !count)
        return;
    const struct record *r = &queue[head];
    Save_Client_State(&saved);
    pcrs->CWRS.Client_AX = (WORD)r->msg;
    pcrs->CWRS.Client_BX = (WORD)r->vm_id;
    pcrs->CWRS.Client_CX = (WORD)r->thread_id;
    Simulate_Far_Call(client_cs, client_ip);
    if (Call_When_VM_Returns(0, 0, returned))
        in_flight = TRUE;
    else
        Restore_Client_State(&saved);   /* no slot: try again at the next record */
}

static void record(DWORD msg, VMHANDLE vm, THREADHANDLE t)
{
    if (count == CB_RECORDS) {
        lost++;
        return;
    }
    queue[(head + count) % CB_RECORDS] = (struct record){ msg, vm_id(vm), t ? t->TCB_ThreadId : 0 };
    count++;
    kick();
}

static BOOL Int_60h_Hook(DWORD Intno, VMHANDLE hVM, CLIENT_STRUCT *pcrs)
{
    (void)Intno;
    switch (pcrs->CBRS.Client_AH) {
    case 0x03:
        client_vm = hVM;
        client_cs = pcrs->CRS.Client_ES;
        client_ip = pcrs->CWRS.Client_DI;
        pcrs->CRS.Client_EFlags &= ~1u;
        kick();
        return TRUE;
    case 0x04:
        pcrs->CWRS.Client_AX = (WORD)delivered;
        pcrs->CWRS.Client_BX = (WORD)lost;
        pcrs->CRS.Client_EFlags &= ~1u;
        return TRUE;
    }
    return FALSE;
}

static BOOL CALLBACK_Control(DWORD Msg, VMHANDLE hVM, DWORD Esi, DWORD Edi, DWORD Edx)
{
    (void)Esi, (void)Edx;
    switch (Msg) {
    case Device_Init:
        return Hook_V86_Int_Chain(0x60, Int_60h_Hook);
    case Create_VM:
    case Destroy_VM:
        if (hVM == client_vm && Msg == Destroy_VM)
            client_vm = 0;              /* its program is gone with it */
        record(Msg, hVM, 0);
        break;
    case Create_Thread:
    case Destroy_Thread:
        record(Msg, hVM, (THREADHANDLE)Edi);
        break;
    case System_Exit:
        Unhook_V86_Int_Chain(0x60, Int_60h_Hook);
        break;
    }
    return TRUE;
}

static struct VxD_Desc_Block CALLBACK_DDB = {
    .DDB_SDK_Version = DDK_VERSION,
    .DDB_Req_Device_Number = UNDEFINED_DEVICE_ID,
    .DDB_Dev_Major_Version = 1,
    .DDB_Flags = DDB_VMM386_C_PROCS,
    .DDB_Name = { 'C', 'A', 'L', 'L', 'B', 'A', 'C', 'K' },
    .DDB_Init_Order = UNDEFINED_INIT_ORDER,
    .DDB_Control_Proc = (void *)CALLBACK_Control,
    .DDB_Size = sizeof(struct VxD_Desc_Block),
};
VXD_REGISTER(CALLBACK_DDB);
