/* A VxD callback: either a DDK register-level procedure or (vmm386's C
 * forms) a cdecl C function.  Each kind of callback has one invoke
 * function here that passes the documented registers or arguments. */
#ifndef CALLBACKS_INVOKE_H
#define CALLBACKS_INVOKE_H

#include <stdint.h>
#include <stdbool.h>
#include "vmm/vm.h"
#include "include/vmm.h"

struct vxd_callback {
    const void *proc;
    uint32_t flags;             /* VMM386_CB_C: cdecl C function */
    uint32_t refdata;
};

/* The register-level forms of the two below (invoke.c). */
void invoke_break_point_regs(const struct vxd_callback *cb, struct vm *vm, uint32_t break_addr, uint32_t lin);
void invoke_v86_call_back_regs(const struct vxd_callback *cb, struct vm *vm);

/* EAX=BreakAddr, EBX=VM, EDX=RefData, ESI=BreakLinAddr, EBP=crs.  Inline:
 * the hot ring-3 -> ring-0 transfers call a C form straight from their
 * dispatch (callbacks/udfast.h). */
static inline void invoke_break_point(const struct vxd_callback *cb, struct vm *vm, uint32_t break_addr,
                                      uint32_t lin)
{
    if (cb->flags & VMM386_CB_C)
        ((V86BreakPoint_HANDLER)cb->proc)((VMHANDLE)vm, (CLIENT_STRUCT *)vm_crs(vm), cb->refdata,
                                          break_addr, lin);
    else
        invoke_break_point_regs(cb, vm, break_addr, lin);
}
/* EBX=VM, EDX=RefData, EBP=crs */
static inline void invoke_v86_call_back(const struct vxd_callback *cb, struct vm *vm)
{
    if (cb->flags & VMM386_CB_C)
        ((V86CallBack_HANDLER)cb->proc)((VMHANDLE)vm, (CLIENT_STRUCT *)vm_crs(vm), cb->refdata);
    else
        invoke_v86_call_back_regs(cb, vm);
}
/* EBX=VM, EDX=RefData, EBP=crs, CF=timed out */
void invoke_vm_returns(const struct vxd_callback *cb, struct vm *vm, bool timed_out);
/* EBX=VM (current VM for global), ECX=ms late, EDX=RefData, EBP=crs */
void invoke_time_out(const struct vxd_callback *cb, struct vm *vm, uint32_t late);
/* EBX=VM (the current VM for a global event), EDX=RefData, EBP=crs */
void invoke_event(const struct vxd_callback *cb, struct vm *vm);
/* EBX=VM, EDI=thread (the current one), EDX=RefData, EBP=crs, CF=timed out */
void invoke_priority_event(const struct vxd_callback *cb, struct vm *vm, bool timed_out);
/* Set_Thread_Time_Out: EBX=VM, EDI=thread, ECX=ms late, EDX=RefData, EBP=its crs */
struct thread;
void invoke_thread_time_out(const struct vxd_callback *cb, struct vm *vm, struct thread *t, uint32_t late);
/* The same for a RestrictedEventCallback (its C form takes the thread too). */
struct thread;
void invoke_restricted_event(const struct vxd_callback *cb, struct vm *vm, struct thread *t, bool timed_out);
/* EAX=interrupt, EBX=VM, EBP=crs; true = serviced (CF clear) */
bool invoke_int_hook(const struct vxd_callback *cb, struct vm *vm, unsigned vec);
/* EBX=VM, EBP=crs; true = handled */
bool invoke_fault_hook(const struct vxd_callback *cb, struct vm *vm, unsigned fault);

/* EAX=output data, EBX=VM, ECX=I/O type (Byte_Input...), EDX=port,
 * EBP=crs; returns EAX (the input data) */
uint32_t invoke_io(const struct vxd_callback *cb, struct vm *vm, uint32_t type, uint16_t port, uint32_t out);

#endif
