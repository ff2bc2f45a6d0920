#include "vmm/bench.h"
#include "vmm/cmdline.h"
#include "vmm/vm.h"
#include "v86/guestmem.h"
#include "vmm/lib/x86.h"

bool bench_floor(struct trapframe *tf)
{
    struct Client_Reg_Struc *c = &tf->crs;
    if (!(c->Client_EFlags & EFL_VM))
        return false;
    uint32_t lin = v86_lin(c->Client_CS, (uint16_t)c->Client_EIP);
    const uint8_t *p = vm_flat(cur_vm, lin, 2);
    if (!p || p[0] != 0x0F || p[1] != 0x0B)
        return false;
    c->Client_EIP = (uint16_t)(c->Client_EIP + 2);
    return true;
}
