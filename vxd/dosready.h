#ifndef VXD_DOSREADY_H
#define VXD_DOSREADY_H
/* Hook INT 21h to send VMM386_DOS_Ready (vxd/dosready.c). */
void dos_ready_init(void);
/* A new VM will want the message too: the hook goes back if it was off. */
#include "vmm/vm.h"
void dos_ready_vm_created(struct vm *vm);
#endif
