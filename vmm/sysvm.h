#ifndef VMM_SYSVM_H
#define VMM_SYSVM_H
#include "vmm/vm.h"
/* Runs on VM 1's ring-0 stack: prepare VM 1, read its boot sector through
 * its own BIOS (nested execution of INT 13h) and enter it at 0000:7C00. */
void sys_vm_boot(struct vm *vm) __attribute__((noreturn));
/* The same for a VM_BOOT VM, on its own stack after VM_Init: its module
 * (vm->boot_module) is its drive 00h. */
void vm_boot_module(struct vm *vm) __attribute__((noreturn));
#endif
