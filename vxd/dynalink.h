#ifndef VXD_DYNALINK_H
#define VXD_DYNALINK_H
#include "vmm/trap.h"
/* INT 20h from ring 0: resolve `dd (device << 16) | service` after the
 * instruction, patch the call site and resume. */
void dynalink(struct trapframe *tf);
#endif
