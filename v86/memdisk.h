#ifndef V86_MEMDISK_H
#define V86_MEMDISK_H
#include <stdint.h>
#include <stdbool.h>
#include "vmm/vm.h"
/* boot=module: a floppy image loaded by the boot loader, served to the VM as
 * BIOS drive 00h by an INT 13h hook (other drives go to the real BIOS). */
bool memdisk_install(struct vm *vm, uint32_t phys, uint32_t size);
/* A fork sees its parent's disk as it is now, then its own copy-on-write. */
bool memdisk_fork(struct vm *parent, struct vm *child);
/* Is this BIOS drive the VM's module disk? */
bool memdisk_serves(const struct vm *vm, uint8_t drive);
void memdisk_free(struct memdisk *d);
#endif
