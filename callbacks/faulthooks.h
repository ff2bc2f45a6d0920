/* Hook_V86_Fault: per-exception chains of handlers that see a V86 fault
 * before the monitor does (the newest first; the first that handles it
 * ends the chain). */
#ifndef CALLBACKS_FAULTHOOKS_H
#define CALLBACKS_FAULTHOOKS_H
#include <stdbool.h>
#include "vmm/vm.h"
#include "callbacks/invoke.h"
#define MAX_FAULT_HOOKS 64
bool fault_hook_install(unsigned fault, const struct vxd_callback *cb);
/* Is proc already in fault's chain? */
bool fault_hook_present(unsigned fault, const void *proc);
bool fault_hook_remove(unsigned fault, const void *proc);
bool fault_hooks_run(struct vm *vm, unsigned fault);
extern unsigned fault_hooks_installed;
#endif
