; Register-level entry points of the services of vmm386's own VxDs (VPICD, VTD,
; V86MMGR): the same frame as vxd/service_entry.asm, a struct vxd_regs
; for svc_<Name>(struct vxd_regs *), interrupts off.

section .text
%include "vxd/service_entry.inc"

SERVICE VPICD_Get_Version
SERVICE VPICD_Virtualize_IRQ
SERVICE VPICD_Set_Int_Request
SERVICE VPICD_Clear_Int_Request
SERVICE VPICD_Phys_EOI
SERVICE VPICD_Get_Complete_Status
SERVICE VPICD_Get_Status
SERVICE V86MMGR_Get_Version
SERVICE V86MMGR_SetLocalA20
SERVICE VTD_Get_Version
SERVICE VTD_Update_System_Clock
SERVICE VTD_Get_Interrupt_Period
SERVICE VTD_Begin_Min_Int_Period
SERVICE VTD_End_Min_Int_Period
SERVICE VTD_Disable_Trapping
SERVICE VTD_Enable_Trapping
SERVICE VTD_Get_Real_Time
