; Register-level entry points of the VMM's services.  `call [slot]` (the
; patched VMMcall) lands here; the stub saves the caller's registers and
; flags as a struct vxd_regs (vxd/regs.h), calls the C implementation
; svc_<Name>(struct vxd_regs *) with interrupts off, and restores them, so a
; service changes exactly the registers and flags its C code stores.

section .text
%include "vxd/service_entry.inc"

SERVICE Get_VMM_Version
SERVICE Get_Cur_VM_Handle
SERVICE Test_Cur_VM_Handle
SERVICE Get_Sys_VM_Handle
SERVICE Test_Sys_VM_Handle
SERVICE Validate_VM_Handle
SERVICE Install_V86_Break_Point
SERVICE Remove_V86_Break_Point
SERVICE Allocate_V86_Call_Back
SERVICE Call_When_VM_Returns
SERVICE Schedule_Global_Event
SERVICE Schedule_VM_Event
SERVICE Call_Global_Event
SERVICE Call_VM_Event
SERVICE Cancel_Global_Event
SERVICE Cancel_VM_Event
SERVICE Map_Flat
SERVICE Set_Global_Time_Out
SERVICE Set_VM_Time_Out
SERVICE Cancel_Time_Out
SERVICE Get_System_Time
SERVICE Hook_V86_Int_Chain
SERVICE Unhook_V86_Int_Chain
SERVICE Get_V86_Int_Vector
SERVICE Set_V86_Int_Vector
SERVICE Simulate_Int
SERVICE Simulate_Iret
SERVICE Simulate_Far_Call
SERVICE Simulate_Far_Jmp
SERVICE Simulate_Far_Ret
SERVICE Simulate_Far_Ret_N
SERVICE Build_Int_Stack_Frame
SERVICE Simulate_Push
SERVICE Simulate_Pop
SERVICE Hook_V86_Fault
SERVICE Unhook_V86_Fault
SERVICE Begin_Nest_V86_Exec
SERVICE Exec_Int
SERVICE Resume_Exec
SERVICE End_Nest_Exec
SERVICE Save_Client_State
SERVICE Restore_Client_State
SERVICE System_Control
SERVICE Directed_Sys_Control
SERVICE Get_DDB
SERVICE Test_VM_Ints_Enabled
SERVICE Enable_VM_Ints
SERVICE Disable_VM_Ints
SERVICE VMM_GetSystemInitState
SERVICE VMM386_Install_V86_Break_Point_Ex
SERVICE VMM386_Allocate_V86_Call_Back_Ex
SERVICE VMM386_Call_When_VM_Returns_Ex
SERVICE VMM386_Hook_V86_Int_Chain_Ex
SERVICE VMM386_Unhook_V86_Int_Chain_Ex
SERVICE VMM386_Set_Time_Out_Ex
SERVICE VMM386_Hook_V86_Fault_Ex
SERVICE VMM386_Unhook_V86_Fault_Ex
SERVICE VMM386_Log
SERVICE VMM386_Get_Break_Point_Info
SERVICE VMM386_Event_Ex
SERVICE Get_VMM_Reenter_Count
SERVICE Call_When_VM_Ints_Enabled
SERVICE Install_IO_Handler
SERVICE Remove_IO_Handler
SERVICE Enable_Global_Trapping
SERVICE Disable_Global_Trapping
SERVICE Enable_Local_Trapping
SERVICE Disable_Local_Trapping
SERVICE Get_Profile_String
SERVICE Get_Profile_Decimal_Int
SERVICE Get_Profile_Boolean
SERVICE Fatal_Error_Handler
SERVICE Out_Debug_String
SERVICE Out_Debug_Chr
SERVICE VMM386_Install_IO_Handler_Ex
SERVICE VMM386_Call_When_VM_Ints_Enabled_Ex

; A slot with no implementation: dynalink refuses to link it, so only a
; hand-made call through the table reaches this.
extern svc_unimplemented
global unimplemented_service_entry
unimplemented_service_entry:
    pushfd
    pushad
    push esp
    call svc_unimplemented
    ; not reached

SERVICE Adjust_Exec_Priority
SERVICE Begin_Critical_Section
SERVICE End_Critical_Section
SERVICE End_Crit_And_Suspend
SERVICE Claim_Critical_Section
SERVICE Release_Critical_Section
SERVICE Call_When_Not_Critical
SERVICE Create_Semaphore
SERVICE Destroy_Semaphore
SERVICE Wait_Semaphore
SERVICE Signal_Semaphore
SERVICE Get_Crit_Section_Status
SERVICE Call_When_Task_Switched
SERVICE Suspend_VM
SERVICE Resume_VM
SERVICE No_Fail_Resume_VM
SERVICE Nuke_VM
SERVICE Crash_Cur_VM
SERVICE Get_Execution_Focus
SERVICE Set_Execution_Focus
SERVICE Get_Time_Slice_Priority
SERVICE Set_Time_Slice_Priority
SERVICE Get_Time_Slice_Granularity
SERVICE Set_Time_Slice_Granularity
SERVICE Get_Time_Slice_Info
SERVICE Release_Time_Slice
SERVICE Wake_Up_VM
SERVICE Call_When_Idle
SERVICE Get_Next_VM_Handle
SERVICE Get_VM_Exec_Time
SERVICE VMM386_Create_VM
SERVICE Call_Priority_VM_Event
SERVICE Cancel_Priority_VM_Event
SERVICE VMM386_Call_Priority_VM_Event_Ex
SERVICE Call_When_Thread_Switched
SERVICE VMMCreateThread
SERVICE VMMTerminateThread
SERVICE Get_Cur_Thread_Handle
SERVICE Test_Cur_Thread_Handle
SERVICE Get_Sys_Thread_Handle
SERVICE Test_Sys_Thread_Handle
SERVICE Validate_Thread_Handle
SERVICE Get_Initial_Thread_Handle
SERVICE Test_Initial_Thread_Handle

section .note.GNU-stack noalloc noexec nowrite progbits
