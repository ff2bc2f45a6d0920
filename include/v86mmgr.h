/* v86mmgr.h -- the V86MMGR services vmm386 has (device 6), for VxD authors.
 * Ordinals are the DDK's.
 *
 * V86MMGR_SetLocalA20: EBX = VM, EAX = 0 turn its A20 gate off, 1 on,
 * anything else only asks; returns EAX = the state before (0/1).  vmm386's
 * registers: the VM's A20 is local to it (each VM has its own HMA).
 */
#ifndef VMM386_V86MMGR_H
#define VMM386_V86MMGR_H
#include "vmm.h"

#define V86MMGR_Get_Version_Svc     0x0000
#define V86MMGR_SetLocalA20_Svc     0x0011
#define V86MMGR_SERVICE_COUNT       0x0012
#define V86MMGR_A20_QUERY           0xFFFFFFFFu

static inline DWORD V86MMGR_SetLocalA20(VMHANDLE hVM, DWORD On)
{
    __asm__ volatile(VMM386_CALL() : "+a"(On) : "b"(hVM),
                     [svcnum] "i"(VMM386_SERVICE_DWORD(V86MMGR_DEVICE_ID, V86MMGR_SetLocalA20_Svc))
                     : "cc", "memory");
    return On;
}
#endif
