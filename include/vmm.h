/* vmm.h -- what a VxD author compiles against.
 *
 * vmm386 follows the Windows 3.1/95 DDK: Client_Reg_Struc and the VM
 * control block at the documented offsets, the VMM's service ordinals,
 * control messages, the Device Descriptor Block, priority boosts and PEF_*
 * flags.  Every service can be called two ways:
 *   - register level, exactly as in the DDK:  VMMcall(Get_Cur_VM_Handle)
 *     (INT 20h followed by dd (device << 16) | service; patched into
 *     `call [service table slot]` the first time it runs);
 *   - C-callable functions named like the service, e.g.
 *     Install_V86_Break_Point(BreakAddr, RefData, Callback), whose
 *     callbacks are ordinary cdecl C functions (see the *_HANDLER types).
 * Both go through the same INT 20h dynalink, so a VxD built against this
 * header alone needs no kernel symbols.  NASM users: include/vmm.inc.
 */
#ifndef VMM386_VMM_H
#define VMM386_VMM_H

#include "vmm_types.h"
#include "crs.h"
#include "vmm_services.h"

#define VMM386_VERSION_MAJOR 4
#define VMM386_VERSION_MINOR 0
#define DDK_VERSION 0x400

/* ---------------------------------------------------------------- VMs */
struct cb_s {
    DWORD CB_VM_Status;
    DWORD CB_High_Linear;
    struct Client_Reg_Struc *CB_Client_Pointer;
    DWORD CB_VMID;
    DWORD CB_Signature;
};
typedef struct cb_s *VMHANDLE;
#define VMCB_ID 0x62634D56u     /* "VMcb" */
OFFSET_ASSERT(struct cb_s, CB_VM_Status, 0x00);
OFFSET_ASSERT(struct cb_s, CB_High_Linear, 0x04);
OFFSET_ASSERT(struct cb_s, CB_Client_Pointer, 0x08);
OFFSET_ASSERT(struct cb_s, CB_VMID, 0x0C);
OFFSET_ASSERT(struct cb_s, CB_Signature, 0x10);

#define VMSTAT_EXCLUSIVE        0x00000001u
#define VMSTAT_BACKGROUND       0x00000002u
#define VMSTAT_CREATING         0x00000004u
#define VMSTAT_SUSPENDED        0x00000008u
#define VMSTAT_NOT_EXECUTEABLE  0x00000010u
#define VMSTAT_PM_EXEC          0x00000020u
#define VMSTAT_PM_APP           0x00000040u
#define VMSTAT_PM_USE32         0x00000080u
#define VMSTAT_VXD_EXEC         0x00000100u
#define VMSTAT_HIGH_PRI_BACK    0x00000200u
#define VMSTAT_BLOCKED          0x00000400u
#define VMSTAT_AWAKENING        0x00000800u
#define VMSTAT_IDLE             0x00008000u
#define VMSTAT_CLOSING          0x00010000u

/* ------------------------------------------------------------ threads
 * Every VM has an initial thread (its own context since it was created); a
 * VM can have more (VMMCreateThread, or a DOS program through the VMM's V86
 * API).  A thread handle points at the thread control block, whose first
 * fields are the DDK's tcb_s.  A thread has its own Client_Reg_Struc
 * (TCB_ClientPtr) and ring-0 stack and shares its VM's memory. */
struct tcb_s {
    DWORD TCB_Flags;                    /* THFLAG_*: for information only */
    DWORD TCB_Reserved1;                /* the VMM's */
    DWORD TCB_Reserved2;                /* the VMM's */
    DWORD TCB_Signature;                /* SCHED_OBJ_ID_THREAD */
    struct Client_Reg_Struc *TCB_ClientPtr;
    VMHANDLE TCB_VMHandle;              /* the VM the thread belongs to */
    WORD  TCB_ThreadId;                 /* unique while it lives */
    WORD  TCB_PMLockOrigSS;
    DWORD TCB_PMLockOrigESP;
    DWORD TCB_PMLockOrigEIP;
    DWORD TCB_PMLockStackCount;
    WORD  TCB_PMLockOrigCS;
    WORD  TCB_PMPSPSelector;
    DWORD TCB_ThreadType;               /* the dword given to VMMCreateThread */
    WORD  TCB_pad1;
    BYTE  TCB_pad2;
    BYTE  TCB_extErrLocus;
    WORD  TCB_extErr;
    BYTE  TCB_extErrAction;
    BYTE  TCB_extErrClass;
    DWORD TCB_extErrPtr;
};
typedef struct tcb_s TCB, *PTCB;
typedef struct tcb_s *THREADHANDLE;
#define SCHED_OBJ_ID_THREAD 0x42434854u /* "THCB" */
STATIC_ASSERT(sizeof(struct tcb_s) == 0x3C, "tcb_s size");
OFFSET_ASSERT(struct tcb_s, TCB_Flags, 0x00);
OFFSET_ASSERT(struct tcb_s, TCB_Reserved1, 0x04);
OFFSET_ASSERT(struct tcb_s, TCB_Reserved2, 0x08);
OFFSET_ASSERT(struct tcb_s, TCB_Signature, 0x0C);
OFFSET_ASSERT(struct tcb_s, TCB_ClientPtr, 0x10);
OFFSET_ASSERT(struct tcb_s, TCB_VMHandle, 0x14);
OFFSET_ASSERT(struct tcb_s, TCB_ThreadId, 0x18);
OFFSET_ASSERT(struct tcb_s, TCB_PMLockOrigSS, 0x1A);
OFFSET_ASSERT(struct tcb_s, TCB_PMLockOrigESP, 0x1C);
OFFSET_ASSERT(struct tcb_s, TCB_PMLockOrigEIP, 0x20);
OFFSET_ASSERT(struct tcb_s, TCB_PMLockStackCount, 0x24);
OFFSET_ASSERT(struct tcb_s, TCB_PMLockOrigCS, 0x28);
OFFSET_ASSERT(struct tcb_s, TCB_PMPSPSelector, 0x2A);
OFFSET_ASSERT(struct tcb_s, TCB_ThreadType, 0x2C);
OFFSET_ASSERT(struct tcb_s, TCB_pad1, 0x30);
OFFSET_ASSERT(struct tcb_s, TCB_pad2, 0x32);
OFFSET_ASSERT(struct tcb_s, TCB_extErrLocus, 0x33);
OFFSET_ASSERT(struct tcb_s, TCB_extErr, 0x34);
OFFSET_ASSERT(struct tcb_s, TCB_extErrAction, 0x36);
OFFSET_ASSERT(struct tcb_s, TCB_extErrClass, 0x37);
OFFSET_ASSERT(struct tcb_s, TCB_extErrPtr, 0x38);

/* TCB_Flags (the DDK's bits; vmm386 keeps the ones it has a meaning for) */
#define THFLAG_SUSPENDED            0x00000008u     /* not scheduled (its VM is suspended) */
#define THFLAG_NOT_EXECUTEABLE      0x00000010u     /* ended, being destroyed */
#define THFLAG_THREAD_CREATION      0x00000100u     /* being created */
#define THFLAG_THREAD_BLOCKED       0x00000400u     /* blocked on a semaphore */
#define THFLAG_RING0_THREAD         0x10000000u
#define THFLAG_ASYNC_THREAD         0x80000000u

/* _HeapAllocate / _HeapReAllocate flags */
#define HEAPZEROINIT            0x00000001u
#define HEAPZEROREINIT          0x00000002u
#define HEAPNOCOPY              0x00000004u

/* ------------------------------------------------ priority and events */
#define Reserved_Low_Boost      0x00000001u
#define Cur_Run_VM_Boost        0x00000004u
#define Low_Pri_Device_Boost    0x00000010u
#define High_Pri_Device_Boost   0x00001000u
#define Critical_Section_Boost  0x00100000u
#define Time_Critical_Boost     0x00400000u
#define Reserved_High_Boost     0x40000000u

#define PEF_Wait_For_STI            0x0001u
#define PEF_Wait_Not_Crit           0x0002u
#define PEF_Dont_Unboost            0x0004u
#define PEF_Always_Sched            0x0008u
#define PEF_Time_Out                0x0010u
#define PEF_Wait_Not_HW_Int         0x0020u
#define PEF_Wait_Not_Time_Crit      PEF_Wait_Not_HW_Int
#define PEF_Wait_Not_Nested_Exec    0x0040u
#define PEF_Wait_Not_PM_Locked_Stack PEF_Wait_Not_Nested_Exec
#define PEF_Wait_In_PM              0x0080u
#define PEF_Thread_Event            0x0100u
#define PEF_Wait_For_Thread_STI     0x0200u
#define PEF_Ring0_Event             0x0400u
#define PEF_Wait_Crit               0x0800u
#define PEF_Wait_Crit_VM            0x1000u
#define PEF_Process_Last            0x2000u

/* --------------------------------------------------- control messages */
#define Sys_Critical_Init       0x00
#define Device_Init             0x01
#define Init_Complete           0x02
#define Sys_VM_Init             0x03
#define Sys_VM_Terminate        0x04
#define System_Exit             0x05
#define Sys_Critical_Exit       0x06
#define Create_VM               0x07
#define VM_Critical_Init        0x08
#define VM_Init                 0x09
#define VM_Terminate            0x0A
#define VM_Not_Executeable      0x0B
#define Destroy_VM              0x0C
#define VM_Suspend              0x0D
#define VM_Resume               0x0E
#define Set_Device_Focus        0x0F
#define Begin_Message_Mode      0x10
#define End_Message_Mode        0x11
#define Reboot_Processor        0x12
#define Query_Destroy           0x13
#define Debug_Query             0x14
#define Begin_PM_App            0x15
#define End_PM_App              0x16
#define Device_Reboot_Notify    0x17
#define Crit_Reboot_Notify      0x18
#define Close_VM_Notify         0x19
#define Power_Event             0x1A
#define Sys_Dynamic_Device_Init 0x1B
#define Sys_Dynamic_Device_Exit 0x1C
#define Create_Thread           0x1D
#define Thread_Init             0x1E
#define Terminate_Thread        0x1F
#define Thread_Not_Executeable  0x20
#define Destroy_Thread          0x21
#define PNP_New_Devnode         0x22
#define W32_DeviceIoControl     0x23
#define Sys_VM_Terminate2       0x24
#define System_Exit2            0x25
#define Sys_Critical_Exit2      0x26
#define MAX_SYSTEM_CONTROL      0x36

/* CB_VM_Status bits */
#define VMStat_Exclusive        0x00000001u
#define VMStat_Background       0x00000002u
#define VMStat_Creating         0x00000004u
#define VMStat_Suspended        0x00000008u
#define VMStat_Not_Executeable  0x00000010u
#define VMStat_PM_Exec          0x00000020u
#define VMStat_PM_App           0x00000040u
#define VMStat_PM_Use32         0x00000080u
#define VMStat_VxD_Exec         0x00000100u
#define VMStat_High_Pri_Back    0x00000200u
#define VMStat_Blocked          0x00000400u
#define VMStat_Awakening        0x00000800u
#define VMStat_PageableV86      0x00001000u
#define VMStat_V86IntsLocked    0x00002000u
#define VMStat_TS_Sched         0x00004000u
#define VMStat_Idle             0x00008000u
#define VMStat_Closing          0x00010000u

/* VM_Not_Executeable: why the VM stopped (EDX) */
#define VNE_Crashed             0x00000001u
#define VNE_Nuked               0x00000002u
#define VNE_CreateFail          0x00000004u
#define VNE_CrInitFail          0x00000008u
#define VNE_InitFail            0x00000010u
#define VNE_Closed              0x00000020u

/* Wait_Semaphore / Begin_Critical_Section flags (ECX) */
#define Block_Svc_Ints          0x00000001u
#define Block_Svc_If_Ints_Locked 0x00000002u
#define Block_Enable_Ints       0x00000004u
#define Block_Poll              0x00000008u
#define Block_Thread_Idle       0x00000010u
#define Block_Force_Svc_Ints    0x00000020u

/* --------------------------------------------- device descriptor block */
#define UNDEFINED_INIT_ORDER    0x80000000u
#define VMM_INIT_ORDER          0x00000000u
#define VPICD_INIT_ORDER        0x0C000000u
#define VTD_INIT_ORDER          0x14000000u
#define VXDLDR_INIT_ORDER       0x16000000u
#define V86MMGR_INIT_ORDER      0xA0000000u
#define SHELL_INIT_ORDER        0xB0000000u

#define DDB_SYS_CRIT_INIT_DONE  0x0001
#define DDB_DEVICE_INIT_DONE    0x0002
#define DDB_VMM386_C_PROCS      0x0100  /* vmm386: control/API procs are cdecl C (below) */
#define DDB_DEVICE_DYNALINKED   0x2000
#define DDB_HAS_WIN32_SVCS      0x4000
#define DDB_DYNAMIC_VXD         0x8000

struct VxD_Desc_Block {
    struct VxD_Desc_Block *DDB_Next;    /* VMM's */
    WORD  DDB_SDK_Version;
    WORD  DDB_Req_Device_Number;
    BYTE  DDB_Dev_Major_Version;
    BYTE  DDB_Dev_Minor_Version;
    WORD  DDB_Flags;
    char  DDB_Name[8];                  /* blank padded, no NUL */
    DWORD DDB_Init_Order;
    void *DDB_Control_Proc;
    void *DDB_V86_API_Proc;
    void *DDB_PM_API_Proc;
    DWORD DDB_V86_API_CSIP;
    DWORD DDB_PM_API_CSIP;
    DWORD DDB_Reference_Data;
    void *const *DDB_Service_Table_Ptr;
    DWORD DDB_Service_Table_Size;
    void *DDB_Win32_Service_Table;
    struct VxD_Desc_Block *DDB_Prev;
    DWORD DDB_Size;
    DWORD DDB_Reserved1, DDB_Reserved2, DDB_Reserved3;
};
typedef struct VxD_Desc_Block DDB, *PDDB;
STATIC_ASSERT(sizeof(struct VxD_Desc_Block) == 0x50, "DDB size (WIN40)");
OFFSET_ASSERT(struct VxD_Desc_Block, DDB_SDK_Version, 0x04);
OFFSET_ASSERT(struct VxD_Desc_Block, DDB_Req_Device_Number, 0x06);
OFFSET_ASSERT(struct VxD_Desc_Block, DDB_Flags, 0x0A);
OFFSET_ASSERT(struct VxD_Desc_Block, DDB_Name, 0x0C);
OFFSET_ASSERT(struct VxD_Desc_Block, DDB_Init_Order, 0x14);
OFFSET_ASSERT(struct VxD_Desc_Block, DDB_Control_Proc, 0x18);
OFFSET_ASSERT(struct VxD_Desc_Block, DDB_V86_API_Proc, 0x1C);
OFFSET_ASSERT(struct VxD_Desc_Block, DDB_PM_API_Proc, 0x20);
OFFSET_ASSERT(struct VxD_Desc_Block, DDB_V86_API_CSIP, 0x24);
OFFSET_ASSERT(struct VxD_Desc_Block, DDB_PM_API_CSIP, 0x28);
OFFSET_ASSERT(struct VxD_Desc_Block, DDB_Reference_Data, 0x2C);
OFFSET_ASSERT(struct VxD_Desc_Block, DDB_Service_Table_Ptr, 0x30);
OFFSET_ASSERT(struct VxD_Desc_Block, DDB_Service_Table_Size, 0x34);
OFFSET_ASSERT(struct VxD_Desc_Block, DDB_Win32_Service_Table, 0x38);
OFFSET_ASSERT(struct VxD_Desc_Block, DDB_Prev, 0x3C);
OFFSET_ASSERT(struct VxD_Desc_Block, DDB_Size, 0x40);

/* With DDB_VMM386_C_PROCS set in DDB_Flags:
 *   DDB_Control_Proc is  BOOL ctrl(DWORD Msg, VMHANDLE hVM, DWORD Esi, DWORD Edi, DWORD Edx)
 *                        returning TRUE for success (carry clear);
 *   DDB_V86_API_Proc is  void api(VMHANDLE hVM, CLIENT_STRUCT *pcrs).
 * Without it they are register-level procedures as in the DDK
 * (control: EAX=message, EBX=VM, ESI/EDI/EDX=parameters, CF=failure;
 *  V86 API: EBX=VM, EBP=Client_Reg_Struc). */
typedef BOOL (*VxD_C_Control_Proc)(DWORD Msg, VMHANDLE hVM, DWORD Esi, DWORD Edi, DWORD Edx);
typedef void (*VxD_C_API_Proc)(VMHANDLE hVM, CLIENT_STRUCT *pcrs);

/* Register a statically linked VxD: VXD_REGISTER(MYVXD_DDB); */
#define VXD_REGISTER(ddb) \
    static struct VxD_Desc_Block *const __vxd_ddb_ptr_##ddb \
    __attribute__((used, section(".vxd_ddbs"))) = &(ddb)

/* ------------------------------------------------------ C callbacks */
typedef void (*V86BreakPoint_HANDLER)(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData,
                                      DWORD BreakAddr, DWORD BreakLinAddr);
typedef void (*V86CallBack_HANDLER)(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData);
/* TimedOut: the VM had not returned within the time-out (the DDK's carry). */
typedef void (*VMReturns_HANDLER)(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData, BOOL TimedOut);
typedef void (*PriorityEvent_HANDLER)(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData, BOOL TimedOut);
struct tcb_s;
/* RestrictedEventCallback (also Schedule_Thread_Event's and
 * Call_Priority_Thread_Event's callbacks): hThread the current thread. */
typedef void (*RestrictedEvent_HANDLER)(VMHANDLE hVM, struct tcb_s *hThread, CLIENT_STRUCT *pcrs,
                                        DWORD RefData, BOOL TimedOut);
/* Return TRUE when the interrupt was serviced (the DDK's carry clear). */
typedef BOOL (*V86Int_HANDLER)(DWORD Intno, VMHANDLE hVM, CLIENT_STRUCT *pcrs);
/* Return TRUE when the fault was handled; FALSE passes it on. */
typedef BOOL (*V86Fault_HANDLER)(DWORD Fault, VMHANDLE hVM, CLIENT_STRUCT *pcrs);
/* Extra: milliseconds elapsed past the requested time-out. */
typedef void (*TimeOut_HANDLER)(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData, DWORD Extra);
typedef DWORD HTIMEOUT;
/* Events: hVM is the event's VM (the current VM for a global event).
 * Also the Call_When_VM_Ints_Enabled callback. */
typedef void (*Event_HANDLER)(VMHANDLE hVM, CLIENT_STRUCT *pcrs, DWORD RefData);
/* Install_IO_Handler: IOType is Byte_Input or Byte_Output (vmm386 splits
 * wider accesses into bytes); returns the byte read for input. */
typedef DWORD (*IO_HANDLER)(VMHANDLE hVM, DWORD IOType, DWORD Port, CLIENT_STRUCT *pcrs, DWORD OutData);

/* ------------------------------------------------ register-level calls */
#define VMM386_SERVICE_DWORD(dev, svc) ((((DWORD)(dev)) << 16) | (DWORD)(svc))
#define VXD_JMP_BIT 0x8000
/* Emit a VxDcall in inline assembly: "int $0x20; .long svc" */
#define VMM386_STR_(x) #x
#define VMM386_STR(x) VMM386_STR_(x)
#define VMM386_SVC_NUM(dev, svc) (((dev) << 16) | (svc))     /* no casts: also assembler text */
#define VxDcall_ASM(dev, svc) "int $0x20\n\t.long " VMM386_STR(VMM386_SVC_NUM(dev, svc)) "\n\t"
/* VMMcall(Get_Cur_VM_Handle) as an asm string, for use inside __asm__. */
#define VMMcall(name) VxDcall_ASM(VMM_DEVICE_ID, VMM_##name)
#define VMMjmp(name) VxDcall_ASM(VMM_DEVICE_ID, VMM_##name | VXD_JMP_BIT)
#define VxDcall(dev_id, svc) VxDcall_ASM(dev_id, svc)

/* -------------------------------------------------- C-callable forms */
#define VMM386_CALL(svc) "int $0x20\n\t.long %c[svcnum]\n\t"
#define VMM386_SVC(name) [svcnum] "i"(VMM386_SERVICE_DWORD(VMM_DEVICE_ID, VMM_##name))

static inline DWORD Get_VMM_Version(void)
{
    DWORD eax, ecx;
    __asm__ volatile(VMM386_CALL() : "=a"(eax), "=c"(ecx) : VMM386_SVC(Get_VMM_Version) : "cc", "memory");
    return eax;
}

static inline VMHANDLE Get_Cur_VM_Handle(void)
{
    VMHANDLE vm;
    __asm__ volatile(VMM386_CALL() : "=b"(vm) : VMM386_SVC(Get_Cur_VM_Handle) : "cc", "memory");
    return vm;
}

static inline VMHANDLE Get_Sys_VM_Handle(void)
{
    VMHANDLE vm;
    __asm__ volatile(VMM386_CALL() : "=b"(vm) : VMM386_SVC(Get_Sys_VM_Handle) : "cc", "memory");
    return vm;
}

static inline BOOL Test_Cur_VM_Handle(VMHANDLE vm)
{
    BYTE z;
    __asm__ volatile(VMM386_CALL() "setz %0" : "=qm"(z) : "b"(vm), VMM386_SVC(Test_Cur_VM_Handle) : "cc", "memory");
    return z;
}

static inline BOOL Test_Sys_VM_Handle(VMHANDLE vm)
{
    BYTE z;
    __asm__ volatile(VMM386_CALL() "setz %0" : "=qm"(z) : "b"(vm), VMM386_SVC(Test_Sys_VM_Handle) : "cc", "memory");
    return z;
}

static inline BOOL Validate_VM_Handle(VMHANDLE vm)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c) : "b"(vm), VMM386_SVC(Validate_VM_Handle) : "cc", "memory");
    return !c;
}

/* BreakAddr is seg:off (segment in the high word). Flags: VMM386_BP_INT3
 * selects the INT3 (CCh) opcode instead of ARPL (63h); VMM386_BP_ROM lets
 * the address be in ROM (the BIOS): the VM gets its own copy of that page,
 * read-only to it as the ROM is, with the breakpoint in it. */
static inline BOOL Install_V86_Break_Point_Ex(DWORD BreakAddr, DWORD RefData,
                                             V86BreakPoint_HANDLER Callback, DWORD Flags)
{
    BYTE c;
    Flags |= VMM386_CB_C;               /* Callback is a C function */
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c), "+a"(BreakAddr), "+d"(RefData), "+S"(Callback), "+c"(Flags)
                     : VMM386_SVC(VMM386_Install_V86_Break_Point_Ex) : "cc", "memory");
    return !c;
}

static inline BOOL Install_V86_Break_Point(DWORD BreakAddr, DWORD RefData, V86BreakPoint_HANDLER Callback)
{
    return Install_V86_Break_Point_Ex(BreakAddr, RefData, Callback, 0);
}

static inline BOOL Remove_V86_Break_Point(DWORD BreakAddr)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c), "+a"(BreakAddr) : VMM386_SVC(Remove_V86_Break_Point) : "cc", "memory");
    return !c;
}

/* Returns the callback's seg:off (segment in the high word), 0 when none is left. */
static inline DWORD Allocate_V86_Call_Back(DWORD RefData, V86CallBack_HANDLER Callback)
{
    DWORD addr;
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %1" : "=a"(addr), "=qm"(c), "+d"(RefData), "+S"(Callback)
                     : "c"(VMM386_CB_C), VMM386_SVC(VMM386_Allocate_V86_Call_Back_Ex) : "cc", "memory");
    return c ? 0 : addr;
}

/* TimeOut ms: > 0 callback with TimedOut if the VM has not returned in time;
 * < 0 callback at the time-out and again at the return; 0 no time-out. */
static inline BOOL Call_When_VM_Returns(LONG TimeOut, DWORD RefData, VMReturns_HANDLER Callback)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c), "+a"(TimeOut), "+d"(RefData), "+S"(Callback)
                     : "c"(VMM386_CB_C), VMM386_SVC(VMM386_Call_When_VM_Returns_Ex) : "cc", "memory");
    return !c;
}

static inline BOOL Hook_V86_Int_Chain(DWORD Intno, V86Int_HANDLER Hook)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c), "+a"(Intno), "+S"(Hook)
                     : "c"(VMM386_CB_C), VMM386_SVC(VMM386_Hook_V86_Int_Chain_Ex) : "cc", "memory");
    return !c;
}

static inline BOOL Unhook_V86_Int_Chain(DWORD Intno, V86Int_HANDLER Hook)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c), "+a"(Intno), "+S"(Hook)
                     : "c"(VMM386_CB_C), VMM386_SVC(VMM386_Unhook_V86_Int_Chain_Ex) : "cc", "memory");
    return !c;
}

static inline BOOL Hook_V86_Fault(DWORD Fault, V86Fault_HANDLER Hook)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c), "+a"(Fault), "+S"(Hook)
                     : "c"(VMM386_CB_C), VMM386_SVC(VMM386_Hook_V86_Fault_Ex) : "cc", "memory");
    return !c;
}

static inline BOOL Unhook_V86_Fault(DWORD Fault, V86Fault_HANDLER Hook)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c), "+a"(Fault), "+S"(Hook)
                     : "c"(VMM386_CB_C), VMM386_SVC(VMM386_Unhook_V86_Fault_Ex) : "cc", "memory");
    return !c;
}

static inline HTIMEOUT Set_Global_Time_Out(DWORD Milliseconds, DWORD RefData, TimeOut_HANDLER Callback)
{
    HTIMEOUT h;
    __asm__ volatile(VMM386_CALL() : "=S"(h), "+a"(Milliseconds), "+d"(RefData)
                     : "0"(Callback), "b"(0), "c"(VMM386_CB_C), VMM386_SVC(VMM386_Set_Time_Out_Ex) : "cc", "memory");
    return h;
}

/* Set_Thread_Time_Out (register level: EAX = ms, EDX = RefData, ESI =
 * callback, EDI = thread -> ESI = handle, 0: none).  The callback runs from
 * the timer interrupt like a VM time-out's, with EBX = the thread's VM, EDI
 * = the thread, ECX = ms late, EDX = RefData, EBP = the thread's client
 * registers; never once the thread has ended.  Cancel_Time_Out cancels it.
 * As in the DDK it counts the thread's execution time (it stands still while
 * the thread does not run), as Set_VM_Time_Out counts the VM's and
 * Set_Global_Time_Out system time. */
typedef void (*ThreadTimeOut_HANDLER)(VMHANDLE hVM, struct tcb_s *hThread, CLIENT_STRUCT *pcrs, DWORD RefData,
                                      DWORD Extra);
static inline HTIMEOUT Set_Thread_Time_Out(DWORD Milliseconds, DWORD RefData, ThreadTimeOut_HANDLER Callback,
                                           struct tcb_s *hThread)
{
    HTIMEOUT h;
    __asm__ volatile(VMM386_CALL() : "=S"(h), "+a"(Milliseconds), "+d"(RefData)
                     : "0"(Callback), "D"(hThread), "c"(VMM386_CB_C | VMM386_TO_THREAD),
                       VMM386_SVC(VMM386_Set_Time_Out_Ex) : "cc", "memory");
    return h;
}

static inline HTIMEOUT Set_VM_Time_Out(VMHANDLE hVM, DWORD Milliseconds, DWORD RefData, TimeOut_HANDLER Callback)
{
    HTIMEOUT h;
    __asm__ volatile(VMM386_CALL() : "=S"(h), "+a"(Milliseconds), "+d"(RefData)
                     : "0"(Callback), "b"(hVM), "c"(VMM386_CB_C | VMM386_TO_VM), VMM386_SVC(VMM386_Set_Time_Out_Ex)
                     : "cc", "memory");
    return h;
}

static inline void Cancel_Time_Out(HTIMEOUT h)
{
    __asm__ volatile(VMM386_CALL() : "+S"(h) : VMM386_SVC(Cancel_Time_Out) : "cc", "memory");
}

/* Events (the rules: docs/architecture.md, "Events").  Kind is one of
 * VMM386_EV_*; hVM is ignored by the global kinds.  Returns the event handle,
 * 0 when the event was called at once -- or when it was refused: an
 * invalid VM, or 256 events already pending (the VMM logs that).  The
 * register-level services tell the two apart: carry set = refused.
 * A callback called at once runs inside the call, unknown to GCC: a static
 * variable it changes that the caller reads after the call must be
 * volatile (GCC assumes inline asm writes no unescaped static). */
static inline DWORD VMM386_Event_Ex(DWORD Kind, VMHANDLE hVM, DWORD RefData, Event_HANDLER Callback)
{
    DWORD h;
    __asm__ volatile(VMM386_CALL() : "=S"(h)
                     : "0"(Callback), "b"(hVM), "d"(RefData), "c"(Kind | VMM386_CB_C),
                       VMM386_SVC(VMM386_Event_Ex) : "cc", "memory");
    return h;
}

static inline DWORD Call_VM_Event(VMHANDLE hVM, DWORD RefData, Event_HANDLER Callback)
{
    return VMM386_Event_Ex(VMM386_EV_CALL_VM, hVM, RefData, Callback);
}

static inline DWORD Schedule_VM_Event(VMHANDLE hVM, DWORD RefData, Event_HANDLER Callback)
{
    return VMM386_Event_Ex(VMM386_EV_SCHEDULE_VM, hVM, RefData, Callback);
}

static inline DWORD Call_Global_Event(DWORD RefData, Event_HANDLER Callback)
{
    return VMM386_Event_Ex(VMM386_EV_CALL_GLOBAL, 0, RefData, Callback);
}

static inline DWORD Schedule_Global_Event(DWORD RefData, Event_HANDLER Callback)
{
    return VMM386_Event_Ex(VMM386_EV_SCHEDULE_GLOBAL, 0, RefData, Callback);
}

/* A handle of an event that already ran or was cancelled, or 0: nothing. */
static inline void Cancel_VM_Event(VMHANDLE hVM, DWORD Event)
{
    __asm__ volatile(VMM386_CALL() :: "b"(hVM), "S"(Event), VMM386_SVC(Cancel_VM_Event) : "cc", "memory");
}

static inline void Cancel_Global_Event(DWORD Event)
{
    __asm__ volatile(VMM386_CALL() :: "S"(Event), VMM386_SVC(Cancel_Global_Event) : "cc", "memory");
}

static inline DWORD Get_System_Time(void)
{
    DWORD t;
    __asm__ volatile(VMM386_CALL() : "=a"(t) : VMM386_SVC(Get_System_Time) : "cc", "memory");
    return t;
}

/* Ring-0 address of a client seg:off pair: SegOffset/OffOffset are the
 * CLIENT_* byte offsets (OffOffset 0xFF: no offset register).  -1 on error. */
static inline DWORD Map_Flat(BYTE SegOffset, BYTE OffOffset)
{
    DWORD r = ((DWORD)SegOffset << 8) | OffOffset;
    __asm__ volatile(VMM386_CALL() : "+a"(r) : VMM386_SVC(Map_Flat) : "cc", "memory");
    return r;
}

static inline void Get_V86_Int_Vector(DWORD Intno, WORD *Seg, DWORD *Off)
{
    DWORD cx, edx;
    __asm__ volatile(VMM386_CALL() : "=c"(cx), "=d"(edx) : "a"(Intno), VMM386_SVC(Get_V86_Int_Vector) : "cc", "memory");
    *Seg = (WORD)cx;
    *Off = edx;
}

static inline void Set_V86_Int_Vector(DWORD Intno, WORD Seg, DWORD Off)
{
    __asm__ volatile(VMM386_CALL() :: "a"(Intno), "c"((DWORD)Seg), "d"(Off), VMM386_SVC(Set_V86_Int_Vector) : "cc", "memory");
}

#define VMM386_SIMPLE(name) \
    static inline void name(void) { __asm__ volatile(VMM386_CALL() :: VMM386_SVC(name) : "cc", "memory"); }
VMM386_SIMPLE(Simulate_Iret)
VMM386_SIMPLE(Simulate_Far_Ret)
VMM386_SIMPLE(Begin_Nest_V86_Exec)
VMM386_SIMPLE(Begin_Nest_Exec)
VMM386_SIMPLE(Resume_Exec)
VMM386_SIMPLE(End_Nest_Exec)

static inline void Simulate_Int(DWORD Intno)
{
    __asm__ volatile(VMM386_CALL() :: "a"(Intno), VMM386_SVC(Simulate_Int) : "cc", "memory");
}

static inline void Exec_Int(DWORD Intno)
{
    __asm__ volatile(VMM386_CALL() :: "a"(Intno), VMM386_SVC(Exec_Int) : "cc", "memory");
}

static inline void Simulate_Far_Call(WORD Seg, DWORD Off)
{
    __asm__ volatile(VMM386_CALL() :: "c"((DWORD)Seg), "d"(Off), VMM386_SVC(Simulate_Far_Call) : "cc", "memory");
}

static inline void Simulate_Far_Jmp(WORD Seg, DWORD Off)
{
    __asm__ volatile(VMM386_CALL() :: "c"((DWORD)Seg), "d"(Off), VMM386_SVC(Simulate_Far_Jmp) : "cc", "memory");
}

static inline void Build_Int_Stack_Frame(WORD Seg, DWORD Off)
{
    __asm__ volatile(VMM386_CALL() :: "c"((DWORD)Seg), "d"(Off), VMM386_SVC(Build_Int_Stack_Frame) : "cc", "memory");
}

static inline void Simulate_Far_Ret_N(DWORD Bytes)
{
    __asm__ volatile(VMM386_CALL() :: "a"(Bytes), VMM386_SVC(Simulate_Far_Ret_N) : "cc", "memory");
}

static inline void Simulate_Push(DWORD Value)
{
    __asm__ volatile(VMM386_CALL() :: "a"(Value), VMM386_SVC(Simulate_Push) : "cc", "memory");
}

static inline DWORD Simulate_Pop(void)
{
    DWORD v;
    __asm__ volatile(VMM386_CALL() : "=a"(v) : VMM386_SVC(Simulate_Pop) : "cc", "memory");
    return v;
}

static inline void Save_Client_State(CLIENT_STRUCT *Buffer)
{
    __asm__ volatile(VMM386_CALL() :: "D"(Buffer), VMM386_SVC(Save_Client_State) : "cc", "memory");
}

static inline void Restore_Client_State(const CLIENT_STRUCT *Buffer)
{
    __asm__ volatile(VMM386_CALL() :: "S"(Buffer), VMM386_SVC(Restore_Client_State) : "cc", "memory");
}

/* Device ID, or UNDEFINED_DEVICE_ID and an 8-character blank-padded name. */
static inline PDDB Get_DDB(WORD DeviceID, const char *Name)
{
    PDDB ddb;
    __asm__ volatile(VMM386_CALL() : "=c"(ddb) : "a"((DWORD)DeviceID), "D"(Name), VMM386_SVC(Get_DDB) : "cc", "memory");
    return ddb;
}

static inline BOOL System_Control(DWORD Msg, VMHANDLE hVM, DWORD Esi, DWORD Edi, DWORD Edx)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c), "+a"(Msg), "+b"(hVM), "+S"(Esi), "+D"(Edi), "+d"(Edx)
                     : VMM386_SVC(System_Control) : "cc", "memory");
    return !c;
}

/* cdecl services (the DDK's underscore services): arguments on the stack. */
#define VMM386_CDECL_CALL(name) VxDcall_ASM(VMM_DEVICE_ID, VMM_##name)
static inline PVOID _HeapAllocate(DWORD Bytes, DWORD Flags)
{
    PVOID p;
    __asm__ volatile("pushl %2\n\tpushl %1\n\t" VMM386_CDECL_CALL(_HeapAllocate) "addl $8, %%esp"
                     : "=a"(p) : "ri"(Bytes), "ri"(Flags) : "ecx", "edx", "cc", "memory");
    return p;
}

static inline BOOL _HeapFree(PVOID Address, DWORD Flags)
{
    DWORD r;
    __asm__ volatile("pushl %2\n\tpushl %1\n\t" VMM386_CDECL_CALL(_HeapFree) "addl $8, %%esp"
                     : "=a"(r) : "ri"(Address), "ri"(Flags) : "ecx", "edx", "cc", "memory");
    return r != 0;
}

static inline PVOID _HeapReAllocate(PVOID Address, DWORD Bytes, DWORD Flags)
{
    PVOID p;
    __asm__ volatile("pushl %3\n\tpushl %2\n\tpushl %1\n\t" VMM386_CDECL_CALL(_HeapReAllocate) "addl $12, %%esp"
                     : "=a"(p) : "ri"(Address), "ri"(Bytes), "ri"(Flags) : "ecx", "edx", "cc", "memory");
    return p;
}

static inline DWORD _HeapGetSize(PVOID Address, DWORD Flags)
{
    DWORD n;
    __asm__ volatile("pushl %2\n\tpushl %1\n\t" VMM386_CDECL_CALL(_HeapGetSize) "addl $8, %%esp"
                     : "=a"(n) : "ri"(Address), "ri"(Flags) : "ecx", "edx", "cc", "memory");
    return n;
}

/* Hardware interrupts being handled around the caller (a time-out callback
 * runs in the timer interrupt); non-zero: use only asynchronous services. */
static inline DWORD Get_VMM_Reenter_Count(void)
{
    DWORD n;
    __asm__ volatile(VMM386_CALL() : "=c"(n) : VMM386_SVC(Get_VMM_Reenter_Count) : "cc", "memory");
    return n;
}

/* The current VM's virtual interrupt flag. */
VMM386_SIMPLE(Enable_VM_Ints)
VMM386_SIMPLE(Disable_VM_Ints)
#undef VMM386_SIMPLE

static inline BOOL Test_VM_Ints_Enabled(VMHANDLE hVM)
{
    BYTE z;
    __asm__ volatile(VMM386_CALL() "setz %0" : "=qm"(z) : "b"(hVM), VMM386_SVC(Test_VM_Ints_Enabled) : "cc", "memory");
    return !z;
}

/* Callback (an Event_HANDLER) at once if the current VM has interrupts
 * enabled, else when it enables them.  FALSE: refused. */
static inline BOOL Call_When_VM_Ints_Enabled(DWORD RefData, Event_HANDLER Callback)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c), "+d"(RefData), "+S"(Callback)
                     : "c"(VMM386_CB_C), VMM386_SVC(VMM386_Call_When_VM_Ints_Enabled_Ex) : "cc", "memory");
    return !c;
}

/* One message to one device (its DDB). */
static inline BOOL Directed_Sys_Control(PDDB Device, DWORD Msg, VMHANDLE hVM, DWORD Esi, DWORD Edi, DWORD Edx)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c), "+a"(Msg), "+b"(hVM), "+c"(Device), "+S"(Esi), "+D"(Edi), "+d"(Edx)
                     : VMM386_SVC(Directed_Sys_Control) : "cc", "memory");
    return !c;
}

#define SYSSTATE_PRESYSCRITINIT     0x00000000u
#define SYSSTATE_PREDEVICEINIT      0x10000000u
#define SYSSTATE_PREINITCOMPLETE    0x20000000u
#define SYSSTATE_VXDINITCOMPLETED   0x40000000u
#define SYSSTATE_POSTSYSCRITEXIT2   0xFFF00000u
static inline DWORD VMM_GetSystemInitState(void)
{
    DWORD s;
    __asm__ volatile(VMM386_CALL() : "=a"(s) : VMM386_SVC(VMM_GetSystemInitState) : "cc", "memory");
    return s;
}

/* I/O trapping: one handler per port, for all VMs; trapping of a port with
 * a handler can be turned off for all VMs or for one.  FALSE: refused (the
 * port is taken -- the VMM's own ports included -- or has no handler). */
static inline BOOL Install_IO_Handler(DWORD Port, IO_HANDLER Callback)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c), "+d"(Port), "+S"(Callback)
                     : "c"(VMM386_CB_C), VMM386_SVC(VMM386_Install_IO_Handler_Ex) : "cc", "memory");
    return !c;
}

/* vmm386: a port that must always trap, whoever asks (a device whose
 * hardware the VMM needs: the PIC, the PIT): Enable/Disable_Local_Trapping
 * and Enable/Disable_Global_Trapping refuse it. */
static inline BOOL VMM386_Install_IO_Handler_Always(DWORD Port, IO_HANDLER Callback)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c), "+d"(Port), "+S"(Callback)
                     : "c"(VMM386_CB_C | VMM386_IO_ALWAYS_TRAP), VMM386_SVC(VMM386_Install_IO_Handler_Ex)
                     : "cc", "memory");
    return !c;
}

#define VMM386_PORT_SVC(name) \
    static inline BOOL name(DWORD Port) \
    { \
        BYTE c; \
        __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c), "+d"(Port) : VMM386_SVC(name) : "cc", "memory"); \
        return !c; \
    }
VMM386_PORT_SVC(Remove_IO_Handler)
VMM386_PORT_SVC(Enable_Global_Trapping)
VMM386_PORT_SVC(Disable_Global_Trapping)
#undef VMM386_PORT_SVC

static inline BOOL Enable_Local_Trapping(VMHANDLE hVM, DWORD Port)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c), "+d"(Port) : "b"(hVM), VMM386_SVC(Enable_Local_Trapping) : "cc", "memory");
    return !c;
}

static inline BOOL Disable_Local_Trapping(VMHANDLE hVM, DWORD Port)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c), "+d"(Port) : "b"(hVM), VMM386_SVC(Disable_Local_Trapping) : "cc", "memory");
    return !c;
}

/* The profile: `[Section] key=value` lines of the .ini multiboot module
 * (SYSTEM.INI's role).  Section NULL: [386Enh].  Absent: the default. */
static inline const char *Get_Profile_String(const char *Section, const char *Key, const char *Default)
{
    __asm__ volatile(VMM386_CALL() : "+d"(Default) : "S"(Section), "D"(Key), VMM386_SVC(Get_Profile_String) : "cc", "memory");
    return Default;
}

static inline LONG Get_Profile_Decimal_Int(const char *Section, const char *Key, LONG Default)
{
    __asm__ volatile(VMM386_CALL() : "+a"(Default) : "S"(Section), "D"(Key), VMM386_SVC(Get_Profile_Decimal_Int) : "cc", "memory");
    return Default;
}

static inline BOOL Get_Profile_Boolean(const char *Section, const char *Key, BOOL Default)
{
    DWORD v = Default ? 0xFFFFFFFFu : 0;
    __asm__ volatile(VMM386_CALL() : "+a"(v) : "S"(Section), "D"(Key), VMM386_SVC(Get_Profile_Boolean) : "cc", "memory");
    return v != 0;
}

/* To the VMM's log: characters collect into lines ending at '\n'. */
static inline void Out_Debug_String(const char *String)
{
    __asm__ volatile(VMM386_CALL() :: "S"(String), VMM386_SVC(Out_Debug_String) : "cc", "memory");
}

static inline void Out_Debug_Chr(char Chr)
{
    __asm__ volatile(VMM386_CALL() :: "a"((DWORD)(BYTE)Chr), VMM386_SVC(Out_Debug_Chr) : "cc", "memory");
}

/* The DDK's debug macros: a line on the VMM's log (all builds). */
#define Trace_Out(s) Out_Debug_String(s "\n")
#define Debug_Out(s) Out_Debug_String(s "\n")

/* Ends the machine like a panic, with Message and the caller on the log. */
static inline void __attribute__((noreturn)) Fatal_Error_Handler(const char *Message, DWORD Flags)
{
    __asm__ volatile(VMM386_CALL() :: "S"(Message), "a"(Flags), VMM386_SVC(Fatal_Error_Handler) : "cc", "memory");
    __builtin_unreachable();
}

/* vmm386: one line on the VMM's log (serial), prefixed with nothing. */
static inline void VMM386_Log(const char *Line)
{
    __asm__ volatile(VMM386_CALL() :: "S"(Line), VMM386_SVC(VMM386_Log) : "cc", "memory");
}

/* vmm386: hits of the breakpoint at BreakAddr (-1 when there is none). */
static inline LONG VMM386_Get_Break_Point_Info(DWORD BreakAddr)
{
    LONG hits;
    __asm__ volatile(VMM386_CALL() : "=c"(hits) : "a"(BreakAddr), VMM386_SVC(VMM386_Get_Break_Point_Info) : "cc", "memory");
    return hits;
}

/* ------------------------------------------- several VMs: who runs (C forms)
 * Register-level conventions as in the DDK; a FALSE return is carry set.
 * The procedures given to Call_When_Not_Critical, Call_When_Task_Switched
 * and Call_When_Idle are register-level ones (EBX = VM, EDX = RefData; for
 * the task switch EAX = old VM, EBX = new VM; an idle callback returns
 * carry set when the system is not idle). */

static inline BOOL Adjust_Exec_Priority(LONG Boost, VMHANDLE vm)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c) : "a"(Boost), "b"(vm), VMM386_SVC(Adjust_Exec_Priority) : "cc", "memory");
    return !c;
}
static inline void Begin_Critical_Section(DWORD Flags)
{
    __asm__ volatile(VMM386_CALL() :: "c"(Flags), VMM386_SVC(Begin_Critical_Section) : "cc", "memory");
}
static inline void End_Critical_Section(void)
{
    __asm__ volatile(VMM386_CALL() ::VMM386_SVC(End_Critical_Section) : "cc", "memory");
}
static inline BOOL End_Crit_And_Suspend(void)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c) : VMM386_SVC(End_Crit_And_Suspend) : "cc", "memory");
    return !c;
}
static inline void Claim_Critical_Section(DWORD Claims, DWORD Flags)
{
    __asm__ volatile(VMM386_CALL() :: "a"(Claims), "c"(Flags), VMM386_SVC(Claim_Critical_Section) : "cc", "memory");
}
static inline void Release_Critical_Section(DWORD Claims)
{
    __asm__ volatile(VMM386_CALL() :: "c"(Claims), VMM386_SVC(Release_Critical_Section) : "cc", "memory");
}
static inline VMHANDLE Get_Crit_Section_Status(DWORD *Claims)
{
    VMHANDLE vm;
    DWORD n;
    __asm__ volatile(VMM386_CALL() : "=b"(vm), "=c"(n) : VMM386_SVC(Get_Crit_Section_Status) : "cc", "memory");
    if (Claims)
        *Claims = n;
    return vm;
}
static inline BOOL Call_When_Not_Critical(PVOID Callback, DWORD RefData)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c) : "S"(Callback), "d"(RefData), VMM386_SVC(Call_When_Not_Critical) : "cc", "memory");
    return !c;
}
static inline DWORD Create_Semaphore(LONG TokenCount)
{
    DWORD h;
    __asm__ volatile(VMM386_CALL() : "=a"(h) : "c"(TokenCount), VMM386_SVC(Create_Semaphore) : "cc", "memory");
    return h;
}
static inline BOOL Destroy_Semaphore(DWORD Semaphore)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c) : "a"(Semaphore), VMM386_SVC(Destroy_Semaphore) : "cc", "memory");
    return !c;
}
static inline BOOL Wait_Semaphore(DWORD Semaphore, DWORD Flags)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c) : "a"(Semaphore), "c"(Flags), VMM386_SVC(Wait_Semaphore) : "cc", "memory");
    return !c;
}
static inline BOOL Signal_Semaphore(DWORD Semaphore)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c) : "a"(Semaphore), VMM386_SVC(Signal_Semaphore) : "cc", "memory");
    return !c;
}
static inline BOOL Call_When_Task_Switched(PVOID Callback)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c) : "S"(Callback), VMM386_SVC(Call_When_Task_Switched) : "cc", "memory");
    return !c;
}
static inline BOOL Call_When_Idle(PVOID Callback)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c) : "S"(Callback), VMM386_SVC(Call_When_Idle) : "cc", "memory");
    return !c;
}
#define VMM386_VM_SERVICE_CF(name)                                                      \
static inline BOOL name(VMHANDLE vm)                                                    \
{                                                                                       \
    BYTE c;                                                                             \
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c) : "b"(vm), VMM386_SVC(name) : "cc", "memory"); \
    return !c;                                                                          \
}
VMM386_VM_SERVICE_CF(Suspend_VM)
VMM386_VM_SERVICE_CF(Resume_VM)
VMM386_VM_SERVICE_CF(No_Fail_Resume_VM)
VMM386_VM_SERVICE_CF(Nuke_VM)
VMM386_VM_SERVICE_CF(Set_Execution_Focus)
VMM386_VM_SERVICE_CF(Wake_Up_VM)
#undef VMM386_VM_SERVICE_CF
static inline void Crash_Cur_VM(void)
{
    __asm__ volatile(VMM386_CALL() :: VMM386_SVC(Crash_Cur_VM) : "cc", "memory");
}
static inline VMHANDLE Get_Execution_Focus(void)
{
    VMHANDLE vm;
    __asm__ volatile(VMM386_CALL() : "=b"(vm) : VMM386_SVC(Get_Execution_Focus) : "cc", "memory");
    return vm;
}
/* Returns the status flags (VMStat_Exclusive/Background/High_Pri_Back);
 * *Fg, *Bg: the priorities, *Percent: its share of the CPU now. */
static inline DWORD Get_Time_Slice_Priority(VMHANDLE vm, DWORD *Fg, DWORD *Bg, DWORD *Percent)
{
    DWORD a, c, d, S;
    __asm__ volatile(VMM386_CALL() : "=a"(a), "=c"(c), "=d"(d), "=S"(S) : "b"(vm), VMM386_SVC(Get_Time_Slice_Priority) : "cc", "memory");
    if (Fg) *Fg = c;
    if (Bg) *Bg = d;
    if (Percent) *Percent = S;
    return a;
}
static inline BOOL Set_Time_Slice_Priority(VMHANDLE vm, DWORD Flags, DWORD Fg, DWORD Bg)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c) : "a"(Flags), "b"(vm), "c"(Fg), "d"(Bg), VMM386_SVC(Set_Time_Slice_Priority) : "cc", "memory");
    return !c;
}
static inline DWORD Get_Time_Slice_Granularity(void)
{
    DWORD ms;
    __asm__ volatile(VMM386_CALL() : "=a"(ms) : VMM386_SVC(Get_Time_Slice_Granularity) : "cc", "memory");
    return ms;
}
static inline void Set_Time_Slice_Granularity(DWORD Ms)
{
    __asm__ volatile(VMM386_CALL() :: "a"(Ms), VMM386_SVC(Set_Time_Slice_Granularity) : "cc", "memory");
}
/* Returns the number of VMs time-sliced; *Cur: whose slice it is; *Idle: idle VMs. */
static inline DWORD Get_Time_Slice_Info(VMHANDLE *Cur, DWORD *Idle)
{
    DWORD a, c;
    VMHANDLE b;
    __asm__ volatile(VMM386_CALL() : "=a"(a), "=b"(b), "=c"(c) : VMM386_SVC(Get_Time_Slice_Info) : "cc", "memory");
    if (Cur) *Cur = b;
    if (Idle) *Idle = c;
    return a;
}
static inline void Release_Time_Slice(void)
{
    __asm__ volatile(VMM386_CALL() :: VMM386_SVC(Release_Time_Slice) : "cc", "memory");
}
static inline VMHANDLE Get_Next_VM_Handle(VMHANDLE vm)
{
    __asm__ volatile(VMM386_CALL() : "+b"(vm) : VMM386_SVC(Get_Next_VM_Handle) : "cc", "memory");
    return vm;
}
static inline DWORD Get_VM_Exec_Time(VMHANDLE vm)
{
    DWORD ms;
    __asm__ volatile(VMM386_CALL() : "=a"(ms) : "b"(vm), VMM386_SVC(Get_VM_Exec_Time) : "cc", "memory");
    return ms;
}
/* _Allocate_Device_CB_Area(nBytes, Flags): the offset of the new area in
 * every VM control block (0 when full). */
static inline DWORD _Allocate_Device_CB_Area(DWORD Bytes, DWORD Flags)
{
    DWORD off;
    __asm__ volatile("pushl %2\n\tpushl %1\n\t" VMM386_CDECL_CALL(_Allocate_Device_CB_Area) "addl $8, %%esp"
                     : "=a"(off) : "ri"(Bytes), "ri"(Flags) : "ecx", "edx", "cc", "memory");
    return off;
}
/* _PageAllocate / _PageFree (cdecl, the DDK's arguments).  vmm386 gives
 * every type physically contiguous, zeroed, fixed pages of the VMM's own
 * memory; the handle is their ring-0 linear address (also in EDX at the
 * register level).  0: none.  _PageFree returns them to the free pool. */
#define PG_VM       0
#define PG_SYS      1
#define PG_HOOKED   7
static inline PVOID _PageAllocate(DWORD nPages, DWORD pType, VMHANDLE VM, DWORD AlignMask,
                                  DWORD minPhys, DWORD maxPhys, PVOID *PhysAddr, DWORD Flags)
{
    DWORD a[8] = { nPages, pType, (DWORD)VM, AlignMask, minPhys, maxPhys, (DWORD)PhysAddr, Flags };
    PVOID h;
    __asm__ volatile("pushl 28(%1)\n\tpushl 24(%1)\n\tpushl 20(%1)\n\tpushl 16(%1)\n\t"
                     "pushl 12(%1)\n\tpushl 8(%1)\n\tpushl 4(%1)\n\tpushl (%1)\n\t"
                     VMM386_CDECL_CALL(_PageAllocate) "addl $32, %%esp"
                     : "=a"(h) : "r"(a) : "ecx", "edx", "cc", "memory");
    return h;
}
static inline BOOL _PageFree(PVOID hMem, DWORD Flags)
{
    DWORD r;
    __asm__ volatile("pushl %2\n\tpushl %1\n\t" VMM386_CDECL_CALL(_PageFree) "addl $8, %%esp"
                     : "=a"(r) : "ri"(hMem), "ri"(Flags) : "ecx", "edx", "cc", "memory");
    return r != 0;
}
/* V86 page mapping (cdecl, as in the DDK).  _PhysIntoV86 maps physical
 * pages PhysPage.. into VM's pages VMLinPgNum..; _LinMapIntoV86 maps the
 * pages behind ring-0 linear page HLinPgNum.. there (memory of the VxD's,
 * e.g. from _HeapAllocate, page aligned).  vmm386 maps only into the first
 * megabyte (VMLinPgNum + nPages <= 100h).  Both return 0 on failure.
 * _MapPhysToLinear: the ring-0 address of physical memory, -1 if none. */
static inline DWORD _PhysIntoV86(DWORD PhysPage, VMHANDLE VM, DWORD VMLinPgNum, DWORD nPages, DWORD Flags)
{
    DWORD r;
    __asm__ volatile("pushl %5\n\tpushl %4\n\tpushl %3\n\tpushl %2\n\tpushl %1\n\t"
                     VMM386_CDECL_CALL(_PhysIntoV86) "addl $20, %%esp"
                     : "=a"(r) : "ri"(PhysPage), "ri"(VM), "ri"(VMLinPgNum), "ri"(nPages), "ri"(Flags)
                     : "ecx", "edx", "cc", "memory");
    return r;
}
static inline DWORD _LinMapIntoV86(DWORD HLinPgNum, VMHANDLE VM, DWORD VMLinPgNum, DWORD nPages, DWORD Flags)
{
    DWORD r;
    __asm__ volatile("pushl %5\n\tpushl %4\n\tpushl %3\n\tpushl %2\n\tpushl %1\n\t"
                     VMM386_CDECL_CALL(_LinMapIntoV86) "addl $20, %%esp"
                     : "=a"(r) : "ri"(HLinPgNum), "ri"(VM), "ri"(VMLinPgNum), "ri"(nPages), "ri"(Flags)
                     : "ecx", "edx", "cc", "memory");
    return r;
}
static inline PVOID _MapPhysToLinear(DWORD PhysAddr, DWORD nBytes, DWORD Flags)
{
    PVOID p;
    __asm__ volatile("pushl %3\n\tpushl %2\n\tpushl %1\n\t" VMM386_CDECL_CALL(_MapPhysToLinear) "addl $12, %%esp"
                     : "=a"(p) : "ri"(PhysAddr), "ri"(nBytes), "ri"(Flags) : "ecx", "edx", "cc", "memory");
    return p;
}
/* vmm386: a new VM.  VMM386_CREATE_BOOT: boots multiboot module Module;
 * VMM386_CREATE_FORK: a copy of Parent (NULL: the current VM) starting at
 * CsIp (seg:off).  NULL when it could not be made. */
static inline VMHANDLE VMM386_Create_VM(DWORD How, DWORD Module, VMHANDLE Parent, DWORD CsIp)
{
    VMHANDLE vm;
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %1" : "=b"(vm), "=qm"(c) : "a"(How), "c"(Module), "0"(Parent), "d"(CsIp),
                     VMM386_SVC(VMM386_Create_VM) : "cc", "memory");
    return c ? 0 : vm;
}

/* Call_Priority_VM_Event (C form: the callback is a PriorityEvent_HANDLER,
 * TimedOut when PEF_Time_Out expired first).  Returns the event handle, 0
 * when it ran at once or was refused (*Refused tells which; may be NULL). */
static inline DWORD Call_Priority_VM_Event(LONG Boost, VMHANDLE hVM, DWORD Flags, DWORD RefData,
                                           PriorityEvent_HANDLER Callback, DWORD TimeOut, BOOL *Refused)
{
    DWORD h;
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %1" : "=S"(h), "=qm"(c)
                     : "a"(Boost), "b"(hVM), "c"(Flags), "d"(RefData), "0"(Callback), "D"(TimeOut),
                       VMM386_SVC(VMM386_Call_Priority_VM_Event_Ex) : "cc", "memory");
    if (Refused)
        *Refused = c;
    return h;
}
static inline void Cancel_Priority_VM_Event(DWORD Event)
{
    __asm__ volatile(VMM386_CALL() :: "S"(Event), VMM386_SVC(Cancel_Priority_VM_Event) : "cc", "memory");
}

/* ------------------------- vmm386: the devices under the VMs' interrupts
 * What VPICD and VTD (or a replacement) build on.  The core knows no PIC:
 * it asks the one interrupt controller a VxD installed.
 *
 * VMM386_Install_Int_Controller (ESI = Proc, a cdecl C function; CF: one is
 * installed already).  The VMM calls Proc(hVM, Op) with interrupts off:
 * VMM386_INTC_PENDING on the way back to a VM whose request flag is set
 * and the VM can take an interrupt (virtual IF on, no STI shadow), while it
 * idles in HLT and when the scheduler asks whether it has work;
 * VMM386_INTC_ACK to deliver (the VMM reflects the vector returned into the
 * VM through its hook chain and IVT; a vector or-ed with
 * VMM386_INTC_WATCH_IRET makes the VMM call Proc(hVM, VMM386_INTC_WATCH)
 * just before, where a Call_When_VM_Returns attaches to the interrupt's
 * frame: so a controller sees the handler's IRET); VMM386_INTC_ALL_MASKED
 * at a HLT.  Returns EAX = the offset of the request flag (below) in every
 * VM control block, a byte: the controller may clear it there directly, on
 * its hot path (a clear needs nothing else); setting it goes through
 * VMM386_Set_Int_Requested, which also wakes the VM.
 *
 * VMM386_Set_Int_Requested (EBX = VM, EAX = 0/1): the VM's request flag,
 * the one thing the trap path reads of a controller: while it is set, the
 * fast path takes the slow path where the VM's IF may go on, and the VM is
 * woken from a HLT idle and considered runnable.  Set it whenever the
 * controller has a request for the VM, clear it when none is left.
 *
 * VMM386_Hook_Hw_Int (ESI = Proc; CF: hooked already): Proc(Irq, hCurVM)
 * for every hardware interrupt but the VMM's clock (IRQ 0), the line still
 * in service in the real PIC; TRUE: taken (the hook ends it).  Returns EAX
 * = the interrupt masks the BIOS had set (AL master, AH slave).
 *
 * VMM386_Hook_Timer_Tick (ESI = Proc; CF: hooked already): Proc(Clocks) at
 * each VMM clock tick with the PIT input clocks (1193182 Hz) elapsed since
 * the last one; none is ever lost.  Returns EAX = the clocks of one tick. */
typedef LONG (*VMM386_INTC_PROC)(VMHANDLE hVM, DWORD Op);
typedef BOOL (*VMM386_HW_INT_PROC)(DWORD Irq, VMHANDLE hCurVM);
typedef void (*VMM386_TICK_PROC)(DWORD Clocks);
static inline BOOL VMM386_Install_Int_Controller(VMM386_INTC_PROC Proc, DWORD *RequestFlagOffset)
{
    BYTE c;
    DWORD off;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c), "=a"(off) : "S"(Proc),
                     VMM386_SVC(VMM386_Install_Int_Controller) : "cc", "memory");
    if (!c && RequestFlagOffset)
        *RequestFlagOffset = off;
    return !c;
}
static inline void VMM386_Set_Int_Requested(VMHANDLE hVM, BOOL On)
{
    __asm__ volatile(VMM386_CALL() :: "a"(On), "b"(hVM), VMM386_SVC(VMM386_Set_Int_Requested) : "cc", "memory");
}
/* FALSE: hooked already; *BiosMasks (may be NULL): AL master, AH slave. */
static inline BOOL VMM386_Hook_Hw_Int(VMM386_HW_INT_PROC Proc, DWORD *BiosMasks)
{
    BYTE c;
    DWORD m;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c), "=a"(m) : "S"(Proc), VMM386_SVC(VMM386_Hook_Hw_Int)
                     : "cc", "memory");
    if (BiosMasks)
        *BiosMasks = m;
    return !c;
}
/* VMM386_Set_V86_A20 (EBX = VM, EAX = 1: A20 on, the VM's linear
 * 100000h-10FFEFh is its own HMA; 0: off, those pages wrap to 0-FFEFh as
 * on an 8086; anything else only asks) -> EAX = the state before (0/1).
 * The page mapping of V86MMGR's A20 switches (port 92h, the keyboard
 * controller, XMS): the switches are the VxD's, the wrap is the VMM's. */
#define VMM386_A20_QUERY 0xFFFFFFFFu
static inline DWORD VMM386_Set_V86_A20(VMHANDLE hVM, DWORD On)
{
    __asm__ volatile(VMM386_CALL() : "+a"(On) : "b"(hVM), VMM386_SVC(VMM386_Set_V86_A20) : "cc", "memory");
    return On;
}
/* VMM386_Get_V86_Ext_Page (EBX = VM, ECX = page n of its extended memory,
 * counted from 110000h, above the HMA) -> EAX = the ring-0 address of that
 * page, EDX = how many pages the VM has; CF when n is past them.  The VM's
 * extended memory is the VMM's (sized by `ext=`, copied for a fork, freed
 * with the VM); V86MMGR's INT 15h reaches it through this. */
static inline PVOID VMM386_Get_V86_Ext_Page(VMHANDLE hVM, DWORD Page, DWORD *Pages)
{
    PVOID p;
    DWORD n;
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %2" : "=a"(p), "=d"(n), "=qm"(c) : "b"(hVM), "c"(Page),
                     VMM386_SVC(VMM386_Get_V86_Ext_Page) : "cc", "memory");
    if (Pages)
        *Pages = n;
    return c ? 0 : p;
}
/* 0: hooked already; else the PIT clocks of one VMM tick. */
static inline DWORD VMM386_Hook_Timer_Tick(VMM386_TICK_PROC Proc)
{
    BYTE c;
    DWORD n;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c), "=a"(n) : "S"(Proc), VMM386_SVC(VMM386_Hook_Timer_Tick)
                     : "cc", "memory");
    return c ? 0 : n;
}

/* Restricted and thread events (Windows 95).  Register level as in the DDK:
 *   Call_Restricted_Event      EAX = boost, EBX = VM (the thread with
 *                              PEF_Thread_Event), ECX = PEF flags, EDX =
 *                              RefData, ESI = callback, EDI = time-out ms
 *                              -> ESI = handle, 0 when it ran at once
 *   Call_Priority_Thread_Event the same, EBX = the thread
 *   Schedule_Thread_Event      EDI = thread, EDX = RefData, ESI = callback
 *                              -> ESI = handle (never at once)
 *   Cancel_Restricted_Event    ESI = handle
 *   Cancel_Thread_Event        EDI = thread, ESI = handle
 * (carry: refused -- a vmm386 addition).  The callback gets EBX = VM, EDI =
 * thread, EDX = RefData, EBP = client registers, carry when it timed out.
 * PEF_VMM386_C in ECX: the callback is a RestrictedEvent_HANDLER (the C
 * forms below set it).  A stale, foreign or zero handle is harmless. */
#define PEF_VMM386_C 0x80000000u
static inline DWORD Call_Restricted_Event(LONG Boost, VMHANDLE hVMorThread, DWORD Flags, DWORD RefData,
                                          RestrictedEvent_HANDLER Callback, DWORD TimeOut, BOOL *Refused)
{
    DWORD h = (DWORD)Callback;
    unsigned char c;
    __asm__ volatile(VMM386_CALL() "setc %1" : "+S"(h), "=qm"(c)
                     : "a"(Boost), "b"(hVMorThread), "c"(Flags | PEF_VMM386_C), "d"(RefData), "D"(TimeOut),
                       VMM386_SVC(Call_Restricted_Event) : "cc", "memory");
    if (Refused)
        *Refused = c;
    return h;
}
static inline void Cancel_Restricted_Event(DWORD Event)
{
    __asm__ volatile(VMM386_CALL() :: "S"(Event), VMM386_SVC(Cancel_Restricted_Event) : "cc", "memory");
}
static inline DWORD Call_Priority_Thread_Event(LONG Boost, struct tcb_s *hThread, DWORD Flags, DWORD RefData,
                                               RestrictedEvent_HANDLER Callback, DWORD TimeOut, BOOL *Refused)
{
    DWORD h = (DWORD)Callback;
    unsigned char c;
    __asm__ volatile(VMM386_CALL() "setc %1" : "+S"(h), "=qm"(c)
                     : "a"(Boost), "b"(hThread), "c"(Flags | PEF_VMM386_C), "d"(RefData), "D"(TimeOut),
                       VMM386_SVC(Call_Priority_Thread_Event) : "cc", "memory");
    if (Refused)
        *Refused = c;
    return h;
}
/* The C form goes through Call_Priority_Thread_Event (PEF_Always_Sched):
 * the DDK's Schedule_Thread_Event has no register for the C flag. */
static inline DWORD Schedule_Thread_Event(struct tcb_s *hThread, DWORD RefData, RestrictedEvent_HANDLER Callback)
{
    return Call_Priority_Thread_Event(0, hThread, PEF_Always_Sched, RefData, Callback, 0, 0);
}
static inline void Cancel_Thread_Event(struct tcb_s *hThread, DWORD Event)
{
    __asm__ volatile(VMM386_CALL() :: "D"(hThread), "S"(Event), VMM386_SVC(Cancel_Thread_Event) : "cc", "memory");
}

/* ------------------------------------------------------ threads (C forms)
 * Register level as in the DDK: Get_Cur_Thread_Handle -> EDI,
 * Get_Sys_Thread_Handle -> EDI, Get_Initial_Thread_Handle EBX = VM -> EDI,
 * Test_*_Thread_Handle EDI = thread -> ZF set when it is that thread,
 * Validate_Thread_Handle EDI -> carry set when invalid (logged),
 * VMMTerminateThread EDI = thread -> carry set when refused,
 * Call_When_Thread_Switched ESI = procedure -> carry set when full.
 * VMMCreateThread takes its nine arguments on the stack (the DDK's
 * "VMMcall VMMCreateThread, <...>": pushed last to first, the caller pops
 * them) and returns the handle in EAX, 0 when it failed. */
static inline THREADHANDLE Get_Cur_Thread_Handle(void)
{
    THREADHANDLE t;
    __asm__ volatile(VMM386_CALL() : "=D"(t) : VMM386_SVC(Get_Cur_Thread_Handle) : "cc", "memory");
    return t;
}
static inline THREADHANDLE Get_Sys_Thread_Handle(void)
{
    THREADHANDLE t;
    __asm__ volatile(VMM386_CALL() : "=D"(t) : VMM386_SVC(Get_Sys_Thread_Handle) : "cc", "memory");
    return t;
}
static inline THREADHANDLE Get_Initial_Thread_Handle(VMHANDLE vm)
{
    THREADHANDLE t;
    __asm__ volatile(VMM386_CALL() : "=D"(t) : "b"(vm), VMM386_SVC(Get_Initial_Thread_Handle) : "cc", "memory");
    return t;
}
#define VMM386_THREAD_TEST(name)                                                        \
static inline BOOL name(THREADHANDLE t)                                                 \
{                                                                                       \
    BYTE z;                                                                             \
    __asm__ volatile(VMM386_CALL() "setz %0" : "=qm"(z) : "D"(t), VMM386_SVC(name) : "cc", "memory"); \
    return z;                                                                           \
}
VMM386_THREAD_TEST(Test_Cur_Thread_Handle)
VMM386_THREAD_TEST(Test_Sys_Thread_Handle)
VMM386_THREAD_TEST(Test_Initial_Thread_Handle)
#undef VMM386_THREAD_TEST
static inline BOOL Validate_Thread_Handle(THREADHANDLE t)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c) : "D"(t), VMM386_SVC(Validate_Thread_Handle) : "cc", "memory");
    return !c;
}
/* A new thread in the current VM (Windows: the system VM, the only caller
 * there), starting at CS:EIP with SS:ESP, DS, ES (V86 segments today).
 * Create_Thread goes to every device first in the creator's context (one
 * failing it stops the creation: NULL); then, in the new thread's context,
 * Thread_Init and InitCallback (register level: EBX = VM, EDI = the thread,
 * EDX = RefData, EBP = its Client_Reg_Struc), before its first instruction. */
static inline THREADHANDLE VMMCreateThread(DWORD SS, DWORD ESP, DWORD CS, DWORD EIP, DWORD DS, DWORD ES,
                                           DWORD ThreadType, PVOID InitCallback, DWORD RefData)
{
    DWORD a[9] = { SS, ESP, CS, EIP, DS, ES, ThreadType, (DWORD)InitCallback, RefData };
    THREADHANDLE t;
    __asm__ volatile("pushl 32(%1)\n\tpushl 28(%1)\n\tpushl 24(%1)\n\tpushl 20(%1)\n\tpushl 16(%1)\n\t"
                     "pushl 12(%1)\n\tpushl 8(%1)\n\tpushl 4(%1)\n\tpushl (%1)\n\t"
                     VMM386_CDECL_CALL(VMMCreateThread) "addl $36, %%esp"
                     : "=a"(t) : "r"(a) : "ecx", "edx", "cc", "memory");
    return t;
}
/* Ends a thread that is neither its VM's initial thread nor the current
 * one (as in the DDK): Terminate_Thread, Thread_Not_Executeable and
 * Destroy_Thread, and its stack goes back.  FALSE: refused (logged). */
static inline BOOL VMMTerminateThread(THREADHANDLE t)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c), "+D"(t) : VMM386_SVC(VMMTerminateThread) : "cc", "memory");
    return !c;
}
/* Callback (register level): EAX = the old thread, EDI = the new one, at
 * every thread switch (within a VM or between VMs). */
static inline BOOL Call_When_Thread_Switched(PVOID Callback)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c) : "S"(Callback), VMM386_SVC(Call_When_Thread_Switched) : "cc", "memory");
    return !c;
}

#endif
