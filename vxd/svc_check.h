/* Checks the services make on what a VxD passed them. */
#ifndef VXD_SVC_CHECK_H
#define VXD_SVC_CHECK_H
#include <stdint.h>
#include <stdbool.h>
#include "vxd/regs.h"
#include "vmm/vm.h"

/* The call site of the VMMcall that entered the service whose registers are
 * r (the entry stub's return address sits right above them). */
static inline uint32_t svc_call_site(const struct vxd_regs *r)
{
    return *(const uint32_t *)(r + 1) - 6;      /* FF 15 <slot>: 6 bytes */
}

/* A service that takes a VM handle in EBX: a valid one returns it.  An
 * invalid one (0, garbage, a dead VM) is refused: carry set, the log names
 * the service and the calling VxD, and NULL is returned. */
struct vm *svc_vm_checked(struct vxd_regs *r, uint16_t svc);
static inline struct vm *svc_vm(struct vxd_regs *r, uint16_t svc)
{
    struct vm *vm = (struct vm *)r->ebx;
    if (vm && vm == cur_vm && !vm->dead)        /* the current VM: the common case, inline */
        return vm;
    return svc_vm_checked(r, svc);
}
/* Log a refusal: "vmm386: <service> from <caller>: <why>, refused". */
void svc_refuse(const struct vxd_regs *r, uint16_t svc, const char *why);
#endif
