#include "vmm/bench.h"
#include "vmm/cmdline.h"
#include "vmm/vm.h"
#include "v86/guestmem.h"
#include "vmm/lib/x86.h"

bool bench_floor(struct trapframe *tf)
{
    struct Client_Reg_Struc *c = &tf->crs;
    if (!cmdline.bench || tf->trapno != T_UD || !(c->Client_EFlags & EFL_VM))
        return false;
    uint32_t lin = v86_lin(c->Client_CS, (uint16_t)c->Client_EIP);
    if (vm_peek16(cur_vm, lin) != 0x0B0F)
        return false;
    c->Client_EIP = (uint16_t)(c->Client_EIP + 2);
    return true;
}
