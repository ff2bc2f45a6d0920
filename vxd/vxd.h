#ifndef VXD_VXD_H
#define VXD_VXD_H
#include "vmm/vm.h"
/* Static VxDs: Sys_Critical_Init, Device_Init, Init_Complete in init order. */
void vxd_init(void);
/* Sys_VM_Init for VM 1. */
void vxd_sys_vm_init(struct vm *vm);
#endif
