/* The VMM's own device: DDB and service table (device 1).  Slot n holds the
 * entry point of service n; the dynalink patches `call [slot]` into callers,
 * so replacing a slot (Hook_Device_Service) redirects every caller. */
#include "vxd/devices.h"
#include "vmm/heap.h"
uint32_t svc__Allocate_Device_CB_Area(uint32_t bytes, uint32_t flags);
uint64_t svc__PageAllocate(uint32_t n, uint32_t type, VMHANDLE vm, uint32_t align, uint32_t min_phys,
                           uint32_t max_phys, uint32_t *phys, uint32_t flags);
uint32_t svc__PageFree(uint32_t handle, uint32_t flags);
uint32_t svc__PhysIntoV86(uint32_t phys_page, VMHANDLE vm, uint32_t page, uint32_t n, uint32_t flags);
uint32_t svc__LinMapIntoV86(uint32_t lin_page, VMHANDLE vm, uint32_t page, uint32_t n, uint32_t flags);
uint32_t svc__MapPhysToLinear(uint32_t phys, uint32_t bytes, uint32_t flags);
void vmm_v86_api(VMHANDLE hvm, CLIENT_STRUCT *pcrs);     /* vxd/vmm_api.c */

#define E(name) extern char name##_entry[];
E(Get_VMM_Version) E(Get_Cur_VM_Handle) E(Test_Cur_VM_Handle) E(Get_Sys_VM_Handle)
E(Test_Sys_VM_Handle) E(Validate_VM_Handle) E(Install_V86_Break_Point) E(Remove_V86_Break_Point)
E(Allocate_V86_Call_Back) E(Call_When_VM_Returns) E(Map_Flat) E(Set_Global_Time_Out)
E(Set_VM_Time_Out) E(Cancel_Time_Out) E(Get_System_Time) E(Hook_V86_Int_Chain)
E(Unhook_V86_Int_Chain) E(Get_V86_Int_Vector) E(Set_V86_Int_Vector) E(Simulate_Int)
E(Simulate_Iret) E(Simulate_Far_Call) E(Simulate_Far_Jmp) E(Simulate_Far_Ret)
E(Simulate_Far_Ret_N) E(Build_Int_Stack_Frame) E(Simulate_Push) E(Simulate_Pop)
E(Hook_V86_Fault) E(Unhook_V86_Fault) E(Begin_Nest_V86_Exec) E(Exec_Int) E(Resume_Exec)
E(End_Nest_Exec) E(Save_Client_State) E(Restore_Client_State) E(System_Control)
E(Directed_Sys_Control) E(Get_DDB) E(Test_VM_Ints_Enabled) E(Enable_VM_Ints) E(Disable_VM_Ints)
E(VMM_GetSystemInitState) E(VMM386_Install_V86_Break_Point_Ex) E(VMM386_Allocate_V86_Call_Back_Ex)
E(VMM386_Call_When_VM_Returns_Ex) E(VMM386_Hook_V86_Int_Chain_Ex) E(VMM386_Unhook_V86_Int_Chain_Ex)
E(VMM386_Set_Time_Out_Ex) E(VMM386_Hook_V86_Fault_Ex) E(VMM386_Unhook_V86_Fault_Ex) E(VMM386_Log)
E(VMM386_Get_Break_Point_Info) E(unimplemented_service)
E(Schedule_Global_Event) E(Schedule_VM_Event) E(Call_Global_Event) E(Call_VM_Event)
E(Schedule_Thread_Event) E(Cancel_Thread_Event) E(Set_Thread_Time_Out) E(Call_Priority_Thread_Event)
E(Call_Restricted_Event) E(Cancel_Restricted_Event)
E(Cancel_Global_Event) E(Cancel_VM_Event) E(VMM386_Event_Ex)
E(Adjust_Exec_Priority) E(Begin_Critical_Section) E(End_Critical_Section)
E(End_Crit_And_Suspend) E(Claim_Critical_Section) E(Release_Critical_Section)
E(Call_When_Not_Critical) E(Create_Semaphore) E(Destroy_Semaphore) E(Wait_Semaphore)
E(Signal_Semaphore) E(Get_Crit_Section_Status) E(Call_When_Task_Switched) E(Suspend_VM)
E(Resume_VM) E(No_Fail_Resume_VM) E(Nuke_VM) E(Crash_Cur_VM) E(Get_Execution_Focus)
E(Set_Execution_Focus) E(Get_Time_Slice_Priority) E(Set_Time_Slice_Priority)
E(Get_Time_Slice_Granularity) E(Set_Time_Slice_Granularity) E(Get_Time_Slice_Info)
E(Release_Time_Slice) E(Wake_Up_VM) E(Call_When_Idle) E(Get_Next_VM_Handle) E(Get_VM_Exec_Time)
E(VMM386_Create_VM) E(Call_Priority_VM_Event) E(Cancel_Priority_VM_Event)
E(VMM386_Call_Priority_VM_Event_Ex) E(Get_VMM_Reenter_Count) E(Call_When_VM_Ints_Enabled) E(Install_IO_Handler)
E(Remove_IO_Handler) E(Enable_Global_Trapping) E(Disable_Global_Trapping)
E(Enable_Local_Trapping) E(Disable_Local_Trapping) E(Get_Profile_String)
E(Get_Profile_Decimal_Int) E(Get_Profile_Boolean) E(Fatal_Error_Handler) E(Out_Debug_String)
E(Out_Debug_Chr) E(VMM386_Install_IO_Handler_Ex) E(VMM386_Call_When_VM_Ints_Enabled_Ex)
E(VMM386_Install_Int_Controller) E(VMM386_Set_Int_Requested) E(VMM386_Hook_Hw_Int)
E(VMM386_Hook_Timer_Tick) E(VMM386_Set_V86_A20)
E(Call_When_Thread_Switched) E(VMMCreateThread) E(VMMTerminateThread) E(Get_Cur_Thread_Handle) E(Test_Cur_Thread_Handle) E(Get_Sys_Thread_Handle) E(Test_Sys_Thread_Handle) E(Validate_Thread_Handle) E(Get_Initial_Thread_Handle) E(Test_Initial_Thread_Handle)
E(VMM386_Get_V86_Ext_Page)
#undef E

#define S(name) [VMM_##name] = name##_entry
void *vmm_service_table[VMM_SERVICE_COUNT] = {
    S(Get_VMM_Version), S(Get_Cur_VM_Handle), S(Test_Cur_VM_Handle), S(Get_Sys_VM_Handle),
    S(Test_Sys_VM_Handle), S(Validate_VM_Handle), S(Install_V86_Break_Point),
    S(Remove_V86_Break_Point), S(Allocate_V86_Call_Back), S(Call_When_VM_Returns), S(Map_Flat),
    S(Schedule_Global_Event), S(Schedule_VM_Event), S(Call_Global_Event), S(Call_VM_Event),
    S(Cancel_Global_Event), S(Cancel_VM_Event),
    S(Set_Global_Time_Out), S(Set_VM_Time_Out), S(Cancel_Time_Out), S(Get_System_Time),
    S(Hook_V86_Int_Chain), S(Unhook_V86_Int_Chain), S(Get_V86_Int_Vector), S(Set_V86_Int_Vector),
    S(Simulate_Int), S(Simulate_Iret), S(Simulate_Far_Call), S(Simulate_Far_Jmp),
    S(Simulate_Far_Ret), S(Simulate_Far_Ret_N), S(Build_Int_Stack_Frame), S(Simulate_Push),
    S(Simulate_Pop), S(Hook_V86_Fault), S(Unhook_V86_Fault), S(Begin_Nest_V86_Exec),
    [VMM_Begin_Nest_Exec] = Begin_Nest_V86_Exec_entry,     /* no PM clients yet */
    S(Exec_Int), S(Resume_Exec), S(End_Nest_Exec), S(Save_Client_State), S(Restore_Client_State),
    S(System_Control), S(Directed_Sys_Control), S(Get_DDB), S(Test_VM_Ints_Enabled),
    S(Enable_VM_Ints), S(Disable_VM_Ints),
    [VMM_VMM_GetSystemInitState] = VMM_GetSystemInitState_entry,
    [VMM__HeapAllocate] = (void *)svc__HeapAllocate,        /* cdecl services */
    [VMM__HeapFree] = (void *)svc__HeapFree,
    [VMM__HeapGetSize] = (void *)svc__HeapGetSize,
    S(VMM386_Install_V86_Break_Point_Ex), S(VMM386_Allocate_V86_Call_Back_Ex),
    S(VMM386_Call_When_VM_Returns_Ex), S(VMM386_Hook_V86_Int_Chain_Ex),
    S(VMM386_Unhook_V86_Int_Chain_Ex), S(VMM386_Set_Time_Out_Ex), S(VMM386_Hook_V86_Fault_Ex),
    S(VMM386_Unhook_V86_Fault_Ex), S(VMM386_Log), S(VMM386_Get_Break_Point_Info),
    S(VMM386_Event_Ex), S(VMM386_Create_VM), S(VMM386_Call_Priority_VM_Event_Ex),
    S(Call_Priority_VM_Event), S(Cancel_Priority_VM_Event),
    S(Adjust_Exec_Priority),
    S(Begin_Critical_Section),
    S(End_Critical_Section),
    S(End_Crit_And_Suspend),
    S(Claim_Critical_Section),
    S(Release_Critical_Section),
    S(Call_When_Not_Critical),
    S(Create_Semaphore),
    S(Destroy_Semaphore),
    S(Wait_Semaphore),
    S(Signal_Semaphore),
    S(Get_Crit_Section_Status),
    S(Call_When_Task_Switched),
    S(Suspend_VM),
    S(Resume_VM),
    S(No_Fail_Resume_VM),
    S(Nuke_VM),
    S(Crash_Cur_VM),
    S(Get_Execution_Focus),
    S(Set_Execution_Focus),
    S(Get_Time_Slice_Priority),
    S(Set_Time_Slice_Priority),
    S(Get_Time_Slice_Granularity),
    S(Set_Time_Slice_Granularity),
    S(Get_Time_Slice_Info),
    S(Release_Time_Slice),
    S(Wake_Up_VM),
    S(Call_When_Idle),
    S(Get_Next_VM_Handle),
    S(Get_VM_Exec_Time),
    [VMM__Allocate_Device_CB_Area] = (void *)svc__Allocate_Device_CB_Area,
    [VMM__PageAllocate] = (void *)svc__PageAllocate,
    [VMM__PageFree] = (void *)svc__PageFree,
    [VMM__PhysIntoV86] = (void *)svc__PhysIntoV86,
    [VMM__LinMapIntoV86] = (void *)svc__LinMapIntoV86,
    [VMM__MapPhysToLinear] = (void *)svc__MapPhysToLinear,
    [VMM__HeapReAllocate] = (void *)svc__HeapReAllocate,
    S(Get_VMM_Reenter_Count),
    S(Call_When_VM_Ints_Enabled),
    S(Install_IO_Handler),
    S(Remove_IO_Handler),
    S(Enable_Global_Trapping),
    S(Disable_Global_Trapping),
    S(Enable_Local_Trapping),
    S(Disable_Local_Trapping),
    S(Get_Profile_String),
    S(Get_Profile_Decimal_Int),
    S(Get_Profile_Boolean),
    S(Fatal_Error_Handler),
    S(Out_Debug_String),
    S(Out_Debug_Chr),
    S(VMM386_Install_IO_Handler_Ex),
    S(VMM386_Call_When_VM_Ints_Enabled_Ex),
    S(VMM386_Install_Int_Controller),
    S(VMM386_Set_Int_Requested),
    S(VMM386_Hook_Hw_Int),
    S(VMM386_Hook_Timer_Tick),
    S(VMM386_Set_V86_A20),
    S(Call_When_Thread_Switched),
    S(VMMCreateThread),
    S(VMMTerminateThread),
    S(Get_Cur_Thread_Handle),
    S(Test_Cur_Thread_Handle),
    S(Get_Sys_Thread_Handle),
    S(Test_Sys_Thread_Handle),
    S(Validate_Thread_Handle),
    S(Get_Initial_Thread_Handle),
    S(Test_Initial_Thread_Handle),
    S(VMM386_Get_V86_Ext_Page),
    S(Schedule_Thread_Event),
    S(Cancel_Thread_Event),
    S(Set_Thread_Time_Out),
    S(Call_Priority_Thread_Event),
    S(Call_Restricted_Event),
    S(Cancel_Restricted_Event),
};
#undef S

struct VxD_Desc_Block VMM_DDB = {
    .DDB_SDK_Version = DDK_VERSION,
    .DDB_Req_Device_Number = VMM_DEVICE_ID,
    .DDB_Dev_Major_Version = VMM386_VERSION_MAJOR,
    .DDB_Dev_Minor_Version = VMM386_VERSION_MINOR,
    .DDB_Name = { 'V', 'M', 'M', ' ', ' ', ' ', ' ', ' ' },
    .DDB_Flags = DDB_VMM386_C_PROCS,
    .DDB_Init_Order = VMM_INIT_ORDER,
    .DDB_V86_API_Proc = (void *)vmm_v86_api,
    .DDB_Service_Table_Ptr = (void *const *)vmm_service_table,
    .DDB_Service_Table_Size = VMM_SERVICE_COUNT,
    .DDB_Size = sizeof(struct VxD_Desc_Block),
};

/* Empty slots get the unimplemented entry (the dynalink refuses them). */
void vmm_table_init(void)
{
    for (int i = 0; i < VMM_SERVICE_COUNT; i++)
        if (!vmm_service_table[i])
            vmm_service_table[i] = unimplemented_service_entry;
}
