#include "callbacks/dispatch.h"
#include "callbacks/v86page.h"
#include "v86/guestmem.h"
#include "v86/nest.h"

bool callbacks_dispatch_ud(struct vm *vm, struct Client_Reg_Struc *c)
{
    uint32_t lin = v86_lin(c->Client_CS, (uint16_t)c->Client_EIP);
    if (v86page_contains(lin) && lin - v86page_lin == V86PAGE_NEST_RET)
        return nest_return_hit(vm, c);
    return false;
}

bool callbacks_dispatch_int3(struct vm *vm, struct Client_Reg_Struc *c)
{
    (void)vm, (void)c;
    return false;
}

void callbacks_on_iret(struct vm *vm, struct Client_Reg_Struc *c)
{
    (void)vm, (void)c;
}

bool callbacks_fault_hook(struct vm *vm, struct Client_Reg_Struc *c, unsigned trapno)
{
    (void)vm, (void)c, (void)trapno;
    return false;
}
