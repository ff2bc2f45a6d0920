/* A VM's life: creation with the DDK's control messages (Create_VM,
 * VM_Critical_Init in the creator's context, VM_Init in the new VM's own),
 * its first instruction, and its end (VM_Terminate for a normal close,
 * VM_Not_Executeable with the VNE_* reasons, Destroy_VM, every page back). */
#ifndef VMM_VMLIFE_H
#define VMM_VMLIFE_H
#include <stdint.h>
#include <stdbool.h>
#include "vmm/vm.h"

/* VMM386_Create_VM.  VM_BOOT: boots disk module `module` (the n-th multiboot
 * module that is not the .ini profile, from 0) as its drive
 * 00h.  VM_FORK: a copy of `parent` (its memory, disk, registers) that
 * starts at cs:ip with EAX = 0.  NULL when it could not be made (logged). */
struct vm *vmm386_create_vm(enum vm_kind kind, struct vm *parent, uint32_t module,
                            uint16_t cs, uint16_t ip);
/* Boot a VM for every disk module after the one VM 1 boots, and arm
 * fork=N (forks of VM 1 when its DOS starts its first program). */
void vmlife_boot_vms(void);
/* From the scheduler, off the dead VM's stack: messages, then free it. */
void vmlife_destroy(struct vm *vm);
/* The last VM ended: the system exits. */
void vmlife_last_vm_gone(struct vm *vm) __attribute__((noreturn));
/* Exit status for the test harness: the first non-zero VM exit code. */
void vmlife_vm_exit(struct vm *vm, uint8_t code);
#endif
