/* Static VxDs: registration and the init / exit control messages. */
#ifndef VXD_VXD_H
#define VXD_VXD_H
#include "vmm/vm.h"
/* Register the VMM's DDB and every DDB of the .vxd_ddbs section. */
void vxd_init(void);
/* On VM 1's stack, before it boots: Sys_Critical_Init, Device_Init and
 * Init_Complete to every device in init order (a device that fails one is
 * unloaded with a message; the others go on), then Sys_VM_Init. */
void vxd_sys_vm_init(struct vm *vm);
/* System_Exit and Sys_Critical_Exit, in reverse init order. */
void vxd_system_exit(void);
#endif
