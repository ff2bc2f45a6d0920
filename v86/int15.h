#ifndef V86_INT15_H
#define V86_INT15_H
#include <stdint.h>
#include "vmm/vm.h"
/* INT 15h services whose BIOS versions switch to protected mode or describe
 * memory a V86 VM cannot see: AH=87h block move, AH=88h, AX=E801h and
 * AX=E820h extended memory size/map, AH=89h (refused).  The VM's extended
 * memory is ext_kb of private pages reached only through AH=87h. */
void int15_install(struct vm *vm, uint32_t ext_kb);
/* A fork gets a copy of its parent's extended memory. */
void int15_fork(struct vm *parent, struct vm *child);
#endif
