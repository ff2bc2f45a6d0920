#ifndef VMM_EXTMEM_H
#define VMM_EXTMEM_H
#include <stdint.h>
#include "vmm/vm.h"
/* A VM's extended memory beyond the HMA: ext_kb of private pages, the
 * VMM's memory, freed with the VM (vm_destroy).  The VM reaches it only
 * through V86MMGR's INT 15h AH=87h block move (vxd/v86mmgr.c), which finds
 * its pages with VMM386_Get_V86_Ext_Page. */
void extmem_alloc(struct vm *vm, uint32_t ext_kb);
/* A fork gets a copy of its parent's extended memory. */
void extmem_fork(struct vm *parent, struct vm *child);
#endif
