#include "vxd/vxd.h"

void vxd_init(void)
{
}

void vxd_sys_vm_init(struct vm *vm)
{
    (void)vm;
}
