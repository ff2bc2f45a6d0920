#include "vxd/dynalink.h"
#include "vmm/panic.h"

void dynalink(struct trapframe *tf)
{
    const uint16_t *w = (const uint16_t *)tf->crs.Client_EIP;
    panic("VxDcall to unknown device %04x service %04x at %08x",
          w[1], w[0] & 0x7FFF, tf->crs.Client_EIP - 2);
}
