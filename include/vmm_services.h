/* Service ordinals of device 1 (VMM), as in the DDK's VMM.INC, and
 * vmm386's own extension services (0x200 and up, never used by Windows).
 * The names carry a VMM_ prefix in C because the C-callable forms
 * (include/vmm.h) use the bare DDK names; include/vmm.inc defines the bare
 * names for assembly, as the DDK does. */
#ifndef VMM386_SERVICES_H
#define VMM386_SERVICES_H

#define VMM_DEVICE_ID        0x0001
#define VPICD_DEVICE_ID      0x0003
#define VTD_DEVICE_ID        0x0005
#define V86MMGR_DEVICE_ID    0x0006
#define DOSMGR_DEVICE_ID     0x0015
#define SHELL_DEVICE_ID      0x0017
#define VXDLDR_DEVICE_ID     0x0027
#define UNDEFINED_DEVICE_ID  0x0000

#define VMM_Get_VMM_Version             0x0000
#define VMM_Get_Cur_VM_Handle           0x0001
#define VMM_Test_Cur_VM_Handle          0x0002
#define VMM_Get_Sys_VM_Handle           0x0003
#define VMM_Test_Sys_VM_Handle          0x0004
#define VMM_Validate_VM_Handle          0x0005
#define VMM_Get_VMM_Reenter_Count       0x0006
#define VMM_Begin_Reentrant_Execution   0x0007
#define VMM_End_Reentrant_Execution     0x0008
#define VMM_Install_V86_Break_Point     0x0009
#define VMM_Remove_V86_Break_Point      0x000A
#define VMM_Allocate_V86_Call_Back      0x000B
#define VMM_Allocate_PM_Call_Back       0x000C
#define VMM_Call_When_VM_Returns        0x000D
#define VMM_Schedule_Global_Event       0x000E
#define VMM_Schedule_VM_Event           0x000F
#define VMM_Call_Global_Event           0x0010
#define VMM_Call_VM_Event               0x0011
#define VMM_Cancel_Global_Event         0x0012
#define VMM_Cancel_VM_Event             0x0013
#define VMM_Call_Priority_VM_Event      0x0014
#define VMM_Cancel_Priority_VM_Event    0x0015
#define VMM_Call_When_VM_Ints_Enabled   0x0019
#define VMM_Enable_VM_Ints              0x001A
#define VMM_Disable_VM_Ints             0x001B
#define VMM_Map_Flat                    0x001C
#define VMM_Map_Lin_To_VM_Addr          0x001D
#define VMM_Adjust_Exec_Priority        0x001E
#define VMM_Begin_Critical_Section      0x001F
#define VMM_End_Critical_Section        0x0020
#define VMM_End_Crit_And_Suspend        0x0021
#define VMM_Claim_Critical_Section      0x0022
#define VMM_Release_Critical_Section    0x0023
#define VMM_Call_When_Not_Critical      0x0024
#define VMM_Create_Semaphore            0x0025
#define VMM_Destroy_Semaphore           0x0026
#define VMM_Wait_Semaphore              0x0027
#define VMM_Signal_Semaphore            0x0028
#define VMM_Get_Crit_Section_Status     0x0029
#define VMM_Call_When_Task_Switched     0x002A
#define VMM_Suspend_VM                  0x002B
#define VMM_Resume_VM                   0x002C
#define VMM_No_Fail_Resume_VM           0x002D
#define VMM_Nuke_VM                     0x002E
#define VMM_Crash_Cur_VM                0x002F
#define VMM_Get_Execution_Focus         0x0030
#define VMM_Set_Execution_Focus         0x0031
#define VMM_Get_Time_Slice_Priority     0x0032
#define VMM_Set_Time_Slice_Priority     0x0033
#define VMM_Get_Time_Slice_Granularity  0x0034
#define VMM_Set_Time_Slice_Granularity  0x0035
#define VMM_Get_Time_Slice_Info         0x0036
#define VMM_Release_Time_Slice          0x0038
#define VMM_Wake_Up_VM                  0x0039
#define VMM_Call_When_Idle              0x003A
#define VMM_Get_Next_VM_Handle          0x003B
#define VMM_Set_Global_Time_Out         0x003C
#define VMM_Set_VM_Time_Out             0x003D
#define VMM_Cancel_Time_Out             0x003E
#define VMM_Get_System_Time             0x003F
#define VMM_Get_VM_Exec_Time            0x0040
#define VMM_Hook_V86_Int_Chain          0x0041
#define VMM_Get_V86_Int_Vector          0x0042
#define VMM_Set_V86_Int_Vector          0x0043
#define VMM_Get_PM_Int_Vector           0x0044
#define VMM_Set_PM_Int_Vector           0x0045
#define VMM_Simulate_Int                0x0046
#define VMM_Simulate_Iret               0x0047
#define VMM_Simulate_Far_Call           0x0048
#define VMM_Simulate_Far_Jmp            0x0049
#define VMM_Simulate_Far_Ret            0x004A
#define VMM_Simulate_Far_Ret_N          0x004B
#define VMM_Build_Int_Stack_Frame       0x004C
#define VMM_Simulate_Push               0x004D
#define VMM_Simulate_Pop                0x004E
#define VMM__HeapAllocate               0x004F
#define VMM__HeapReAllocate             0x0050
#define VMM__HeapFree                   0x0051
#define VMM__HeapGetSize                0x0052
#define VMM__PageAllocate               0x0053
#define VMM__PageFree                   0x0055
#define VMM__PhysIntoV86                0x005E
#define VMM__LinMapIntoV86              0x0062
#define VMM__MapPhysToLinear            0x006C
#define VMM_Hook_V86_Fault              0x007F
#define VMM_Hook_PM_Fault               0x0080
#define VMM_Hook_VMM_Fault              0x0081
#define VMM_Begin_Nest_V86_Exec         0x0082
#define VMM_Begin_Nest_Exec             0x0083
#define VMM_Exec_Int                    0x0084
#define VMM_Resume_Exec                 0x0085
#define VMM_End_Nest_Exec               0x0086
#define VMM_Save_Client_State           0x008D
#define VMM_Restore_Client_State        0x008E
#define VMM_Exec_VxD_Int                0x008F
#define VMM_Hook_Device_Service         0x0090
#define VMM_System_Control              0x0093
#define VMM_Simulate_IO                 0x0094
#define VMM_Install_Mult_IO_Handlers    0x0095
#define VMM_Install_IO_Handler          0x0096
#define VMM_Enable_Global_Trapping      0x0097
#define VMM_Enable_Local_Trapping       0x0098
#define VMM_Disable_Global_Trapping     0x0099
#define VMM_Disable_Local_Trapping      0x009A
#define VMM__Allocate_Device_CB_Area    0x00A7
#define VMM_Get_Profile_Decimal_Int     0x00AB
#define VMM_Get_Profile_Boolean         0x00B1
#define VMM_Get_Profile_String          0x00B3
#define VMM_Fatal_Error_Handler         0x00BE
#define VMM_Out_Debug_String            0x00C2
#define VMM_Out_Debug_Chr               0x00C3
#define VMM_Validate_Client_Ptr         0x00C8
#define VMM_VMM_Add_DDB                 0x00F7
#define VMM_VMM_Remove_DDB              0x00F8
#define VMM_Test_VM_Ints_Enabled        0x00F9
#define VMM_Schedule_Thread_Event       0x00FB
#define VMM_Cancel_Thread_Event         0x00FC
#define VMM_Set_Thread_Time_Out         0x00FD
#define VMM_Call_When_Thread_Switched   0x0104
#define VMM_VMMCreateThread             0x0105
#define VMM_VMMTerminateThread          0x0107
#define VMM_Get_Cur_Thread_Handle       0x0108
#define VMM_Test_Cur_Thread_Handle      0x0109
#define VMM_Get_Sys_Thread_Handle       0x010A
#define VMM_Test_Sys_Thread_Handle      0x010B
#define VMM_Validate_Thread_Handle      0x010C
#define VMM_Get_Initial_Thread_Handle   0x010D
#define VMM_Test_Initial_Thread_Handle  0x010E
#define VMM_VMM_GetSystemInitState      0x0111
#define VMM_Remove_IO_Handler           0x0116
#define VMM_Unhook_V86_Int_Chain        0x0118
#define VMM_Unhook_V86_Fault            0x0119
#define VMM_VMM_GetDDBList              0x013F
#define VMM_Call_Priority_Thread_Event  0x0143
#define VMM_Get_DDB                     0x0146
#define VMM_Directed_Sys_Control        0x0147
#define VMM_Call_Restricted_Event       0x015A
#define VMM_Cancel_Restricted_Event     0x015B
#define VMM_LAST_DDK_SERVICE            0x01B2

/* vmm386 extensions (device 1, ordinals 0x200+): C-callable variants whose
 * callbacks are cdecl C functions, and a log line for VxDs. */
#define VMM_VMM386_Install_V86_Break_Point_Ex   0x0200
#define VMM_VMM386_Allocate_V86_Call_Back_Ex    0x0201
#define VMM_VMM386_Call_When_VM_Returns_Ex      0x0202
#define VMM_VMM386_Hook_V86_Int_Chain_Ex        0x0203
#define VMM_VMM386_Unhook_V86_Int_Chain_Ex      0x0204
#define VMM_VMM386_Set_Time_Out_Ex              0x0205
#define VMM_VMM386_Hook_V86_Fault_Ex            0x0206
#define VMM_VMM386_Unhook_V86_Fault_Ex          0x0207
#define VMM_VMM386_Log                          0x0208
#define VMM_VMM386_Get_Break_Point_Info         0x0209
#define VMM_VMM386_Event_Ex                     0x020A
#define VMM_VMM386_Install_IO_Handler_Ex        0x020B
#define VMM_VMM386_Call_When_VM_Ints_Enabled_Ex 0x020C
#define VMM_VMM386_Create_VM                    0x020D
#define VMM_VMM386_Call_Priority_VM_Event_Ex    0x020E
#define VMM_VMM386_Install_Int_Controller       0x020F
#define VMM_VMM386_Set_Int_Requested            0x0210
#define VMM_VMM386_Hook_Hw_Int                  0x0211
#define VMM_VMM386_Hook_Timer_Tick              0x0212
#define VMM_VMM386_Set_V86_A20                  0x0213
#define VMM_VMM386_Get_V86_Ext_Page             0x0214
#define VMM_SERVICE_COUNT                       0x0215
#define VMM386_FIRST_EXT_SERVICE                0x0200

/* Flags in ECX for the _Ex services */
#define VMM386_CB_C            0x0001   /* the callback is a cdecl C function */
#define VMM386_BP_INT3         0x0002   /* breakpoint opcode INT3 (CCh) instead of ARPL (63h) */
#define VMM386_BP_ROM          0x0040   /* the address may be in upper memory, ROM too: the VM gets its own copy of a ROM page */
/* VMM386_Create_VM: EAX */
#define VMM386_CREATE_BOOT     0x0000   /* boot multiboot module ECX */
#define VMM386_CREATE_FORK     0x0001   /* fork VM EBX (0: current) to start at EDX = seg:off */
#define VMM386_TO_VM           0x0004   /* Set_Time_Out_Ex: a VM time-out (EBX = VM) */
#define VMM386_IO_ALWAYS_TRAP  0x0008   /* Install_IO_Handler_Ex: Enable/Disable_*_Trapping refuse the port */

/* VMM386_Install_Int_Controller: the Op the controller's procedure gets */
#define VMM386_INTC_PENDING     0   /* the vector the VM would take now, or -1; changes nothing */
#define VMM386_INTC_ACK         1   /* the VM takes it (INTA): the vector, or -1 */
#define VMM386_INTC_ALL_MASKED  2   /* nonzero: no interrupt can ever reach the VM */
#define VMM386_INTC_WATCH       3   /* after an ACK flagged WATCH_IRET: call Call_When_VM_Returns now */
#define VMM386_INTC_WATCH_IRET  0x100   /* ACK: or-ed into the vector */
#define VMM386_TO_THREAD       0x0010   /* Set_Time_Out_Ex: a thread time-out (EDI = thread) */

/* Install_IO_Handler: the callback's ECX (the DDK's I/O type) */
#define Byte_Input      0x000
#define Byte_Output     0x004
#define Word_Input      0x008
#define Word_Output     0x00C
#define Dword_Input     0x010
#define Dword_Output    0x014
#define Output          0x004
#define Word_IO         0x008
#define Dword_IO        0x010
#define String_IO       0x020
#define Rep_IO          0x040
#define Addr_32_IO      0x080
#define Reverse_IO      0x100

/* Fatal_Error_Handler: EAX flags */
#define EF_Hang_On_Exit 0x1

/* vmm386's own control message (in the DDK's private range): DOS is up in
 * the VM in EBX -- its first INT 21h AH=4Bh (EXEC: the shell or the first
 * program), before DOS runs it.  The place to hook DOS or a DOS driver. */
#define VMM386_DOS_Ready 0x70000386
/* VMM386_Event_Ex: which service it stands for (the kind field) */
#define VMM386_EV_KIND             0x0030
#define VMM386_EV_SCHEDULE_VM      0x0000   /* Schedule_VM_Event (EBX = VM) */
#define VMM386_EV_SCHEDULE_GLOBAL  0x0010   /* Schedule_Global_Event */
#define VMM386_EV_CALL_VM          0x0020   /* Call_VM_Event (EBX = VM) */
#define VMM386_EV_CALL_GLOBAL      0x0030   /* Call_Global_Event */

#endif
