/* vtd.h -- the VTD's services (virtual timer device, device 5), for VxD
 * authors.  Ordinals are the DDK's.
 *
 * VTD gives every VM its own 8254 channel 0 (ports 40h and 43h; channels 1
 * and 2 are the hardware's) and raises the VM's IRQ 0 through VPICD.  The
 * VMM's own clock ticks every millisecond and does not change:
 *   VTD_Get_Version            -> EAX = version
 *   VTD_Get_Interrupt_Period   -> EAX = the clock's period in ms (1)
 *   VTD_Begin_Min_Int_Period   EAX = ms wanted; CF: refused (0 or above 1000)
 *   VTD_End_Min_Int_Period     EAX = the ms of a Begin; CF: there was none
 *   VTD_Disable_Trapping       EBX = VM: refused (CF): the real channel 0
 *                              is the VMM's clock, a VM never reaches it
 *   VTD_Enable_Trapping        EBX = VM: nothing to do (trapping stays on)
 *   VTD_Get_Real_Time          -> EDX:EAX = PIT clocks (1193182 Hz) since boot
 */
#ifndef VMM386_VTD_H
#define VMM386_VTD_H
#include "vmm.h"

#define VTD_Get_Version_Svc             0x0000
#define VTD_Update_System_Clock_Svc     0x0001
#define VTD_Get_Interrupt_Period_Svc    0x0002
#define VTD_Begin_Min_Int_Period_Svc    0x0003
#define VTD_End_Min_Int_Period_Svc      0x0004
#define VTD_Disable_Trapping_Svc        0x0005
#define VTD_Enable_Trapping_Svc         0x0006
#define VTD_Get_Real_Time_Svc           0x0007
#define VTD_SERVICE_COUNT               0x0008

#define VTD_SVC(n) [svcnum] "i"(VMM386_SERVICE_DWORD(VTD_DEVICE_ID, n))

static inline DWORD VTD_Get_Version(void)
{
    DWORD v;
    __asm__ volatile(VMM386_CALL() : "=a"(v) : VTD_SVC(VTD_Get_Version_Svc) : "cc", "memory");
    return v;
}
static inline DWORD VTD_Get_Interrupt_Period(void)
{
    DWORD ms;
    __asm__ volatile(VMM386_CALL() : "=a"(ms) : VTD_SVC(VTD_Get_Interrupt_Period_Svc) : "cc", "memory");
    return ms;
}
static inline BOOL VTD_Begin_Min_Int_Period(DWORD Ms)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c), "+a"(Ms) : VTD_SVC(VTD_Begin_Min_Int_Period_Svc)
                     : "cc", "memory");
    return !c;
}
static inline BOOL VTD_End_Min_Int_Period(DWORD Ms)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c), "+a"(Ms) : VTD_SVC(VTD_End_Min_Int_Period_Svc)
                     : "cc", "memory");
    return !c;
}
static inline BOOL VTD_Disable_Trapping(VMHANDLE hVM)
{
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %0" : "=qm"(c) : "b"(hVM), VTD_SVC(VTD_Disable_Trapping_Svc) : "cc", "memory");
    return !c;
}
static inline void VTD_Enable_Trapping(VMHANDLE hVM)
{
    __asm__ volatile(VMM386_CALL() :: "b"(hVM), VTD_SVC(VTD_Enable_Trapping_Svc) : "cc", "memory");
}
static inline unsigned long long VTD_Get_Real_Time(void)
{
    DWORD lo, hi;
    __asm__ volatile(VMM386_CALL() : "=a"(lo), "=d"(hi) : VTD_SVC(VTD_Get_Real_Time_Svc) : "cc", "memory");
    return ((unsigned long long)hi << 32) | lo;
}
#endif
