/* vpicd.h -- the VPICD's services (device 3), for VxD authors.
 *
 * VPICD owns the real interrupt controllers.  A VxD that wants a hardware
 * interrupt line virtualizes it (VPICD_Virtualize_IRQ with a
 * VPICD_IRQ_Descriptor); from then on the line's interrupts go to its
 * VID_Hw_Int_Proc instead of the default owner.  The procedure decides which
 * VM sees the interrupt (VPICD_Set_Int_Request) and ends the physical
 * interrupt (VPICD_Phys_EOI: until then the line stays in service in the
 * real PIC).  Ordinals and the descriptor layout are the DDK's.
 *
 * Register level, as in the DDK: Virtualize_IRQ EDI = descriptor -> EAX =
 * IRQ handle, CF on failure; the others EAX = IRQ handle (Set/Clear and
 * Get_Status also EBX = VM); Get_Status returns ECX = VPICD_Stat_* bits.
 * Hw_Int_Proc is called with EAX = IRQ handle, EBX = current VM (and
 * EDX = VID_Hw_Int_Ref with VPICD_OPT_REF_DATA).  With the vmm386 option
 * VPICD_OPT_VMM386_C it is a cdecl C function (VPICD_HW_INT_HANDLER), as are
 * the other procedures (the handler types below).  Every procedure of the
 * descriptor may be 0 but Hw_Int_Proc; each is called with EAX = IRQ handle,
 * EBX = VM:
 *   VID_Virt_Int_Proc    the VM is given the interrupt (its frame is about
 *                        to be pushed);
 *   VID_EOI_Proc         the VM ended the line in its virtual PIC;
 *   VID_Mask_Change_Proc the VM changed the line's mask: ECX = 0
 *                        unmasked, nonzero masked;
 *   VID_IRET_Proc        the VM's handler returned (IRET); carry set when
 *                        VID_IRET_Time_Out ms passed first (0: no time-out),
 *                        and then it is not called again for that interrupt.
 * IRQ 0 may be virtualized for its virtual side only (VTD does): the real
 * IRQ 0 is the VMM's clock and never reaches a Hw_Int_Proc.
 */
#ifndef VMM386_VPICD_H
#define VMM386_VPICD_H
#include "vmm.h"

#define VPICD_Get_Version_Svc       0x0000
#define VPICD_Virtualize_IRQ_Svc    0x0001
#define VPICD_Set_Int_Request_Svc   0x0002
#define VPICD_Clear_Int_Request_Svc 0x0003
#define VPICD_Phys_EOI_Svc          0x0004
#define VPICD_Get_Complete_Status_Svc 0x0005
#define VPICD_Get_Status_Svc        0x0006
#define VPICD_SERVICE_COUNT         0x0007

#define VPICD_OPT_READ_HW_IRR       0x0001
#define VPICD_OPT_REF_DATA          0x0002
#define VPICD_OPT_VMM386_C          0x4000  /* vmm386: the procs are cdecl C functions */

/* Get_Status / Get_Complete_Status bits (ECX) */
#define VPICD_Stat_IRET_Pending     0x0001
#define VPICD_Stat_In_Service       0x0002
#define VPICD_Stat_Phys_Mask        0x0004
#define VPICD_Stat_Phys_In_Serv     0x0008
#define VPICD_Stat_Virt_Mask        0x0010
#define VPICD_Stat_Virt_Req         0x0020
#define VPICD_Stat_Phys_Req         0x0040
#define VPICD_Stat_Virt_Dev_Req     0x0080

struct VPICD_IRQ_Descriptor {
    WORD  VID_IRQ_Number;
    WORD  VID_Options;
    DWORD VID_Hw_Int_Proc;
    DWORD VID_Virt_Int_Proc;
    DWORD VID_EOI_Proc;
    DWORD VID_Mask_Change_Proc;
    DWORD VID_IRET_Proc;
    DWORD VID_IRET_Time_Out;
    DWORD VID_Hw_Int_Ref;
};
typedef struct VPICD_IRQ_Descriptor VID, *PVID;
typedef DWORD HIRQ;
OFFSET_ASSERT(struct VPICD_IRQ_Descriptor, VID_Hw_Int_Proc, 4);
OFFSET_ASSERT(struct VPICD_IRQ_Descriptor, VID_Hw_Int_Ref, 0x1C);

typedef void (*VPICD_HW_INT_HANDLER)(HIRQ hIRQ, VMHANDLE hVM, DWORD RefData);
/* VID_EOI_Proc: the VM in hVM ended the line in its virtual PIC (a guest
 * EOI cleared its in-service bit).  Register level: EAX = IRQ handle, EBX = VM. */
typedef void (*VPICD_EOI_HANDLER)(HIRQ hIRQ, VMHANDLE hVM);
typedef void (*VPICD_VIRT_INT_HANDLER)(HIRQ hIRQ, VMHANDLE hVM);
typedef void (*VPICD_MASK_CHANGE_HANDLER)(HIRQ hIRQ, VMHANDLE hVM, BOOL Masking);
typedef void (*VPICD_IRET_HANDLER)(HIRQ hIRQ, VMHANDLE hVM, BOOL TimedOut);

#define VPICD_SVC(n) [svcnum] "i"(VMM386_SERVICE_DWORD(VPICD_DEVICE_ID, n))

/* 0: refused (line out of range, already virtualized, no procedure). */
static inline HIRQ VPICD_Virtualize_IRQ(PVID pvid)
{
    HIRQ h;
    BYTE c;
    __asm__ volatile(VMM386_CALL() "setc %1" : "=a"(h), "=qm"(c) : "D"(pvid), VPICD_SVC(VPICD_Virtualize_IRQ_Svc)
                     : "cc", "memory");
    return c ? 0 : h;
}
static inline void VPICD_Set_Int_Request(HIRQ hIRQ, VMHANDLE hVM)
{
    __asm__ volatile(VMM386_CALL() :: "a"(hIRQ), "b"(hVM), VPICD_SVC(VPICD_Set_Int_Request_Svc) : "cc", "memory");
}
static inline void VPICD_Clear_Int_Request(HIRQ hIRQ, VMHANDLE hVM)
{
    __asm__ volatile(VMM386_CALL() :: "a"(hIRQ), "b"(hVM), VPICD_SVC(VPICD_Clear_Int_Request_Svc) : "cc", "memory");
}
static inline void VPICD_Phys_EOI(HIRQ hIRQ)
{
    __asm__ volatile(VMM386_CALL() :: "a"(hIRQ), VPICD_SVC(VPICD_Phys_EOI_Svc) : "cc", "memory");
}
static inline DWORD VPICD_Get_Status(HIRQ hIRQ, VMHANDLE hVM)
{
    DWORD st;
    __asm__ volatile(VMM386_CALL() : "=c"(st) : "a"(hIRQ), "b"(hVM), VPICD_SVC(VPICD_Get_Status_Svc) : "cc", "memory");
    return st;
}
#endif
