/* Which ring-3 -> ring-0 transfer did the VM just make?  Decided only from
 * monitor-owned tables; the bytes in guest memory are never trusted. */
#include "callbacks/dispatch.h"
#include "callbacks/v86page.h"
#include "callbacks/breakpoints.h"
#include "callbacks/v86callback.h"
#include "callbacks/vmreturns.h"
#include "callbacks/faulthooks.h"
#include "v86/guestmem.h"
#include "v86/nest.h"
#include "vmm/trap.h"

bool callbacks_dispatch_ud(struct vm *vm, struct Client_Reg_Struc *c)
{
    uint32_t lin = a20_wrap(v86_lin(c->Client_CS, (uint16_t)c->Client_EIP), vm->a20);
    if (v86page_contains(lin)) {
        uint16_t off = lin - v86page_lin;
        if (off == V86PAGE_NEST_RET)
            return nest_return_hit(vm, c);
        if (off >= V86PAGE_RETURNS)
            return vmreturns_dispatch(vm, c, off);
        return v86cb_dispatch(vm, c, off);
    }
    return bp_dispatch(vm, c, lin, false);
}

bool callbacks_dispatch_int3(struct vm *vm, struct Client_Reg_Struc *c)
{
    uint16_t ip = (uint16_t)(c->Client_EIP - 1);            /* #BP is a trap: IP is past the CC */
    return bp_dispatch(vm, c, a20_wrap(v86_lin(c->Client_CS, ip), vm->a20), true);
}

bool callbacks_fault_hook(struct vm *vm, struct Client_Reg_Struc *c, unsigned trapno)
{
    (void)c;
    /* Hook_V86_Fault covers the exceptions, not hardware interrupts. */
    return fault_hooks_installed && trapno < 32 && fault_hooks_run(vm, trapno);
}
