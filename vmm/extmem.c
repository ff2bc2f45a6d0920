/* A VM's extended memory pages (vmm/extmem.h). */
#include "vmm/extmem.h"
#include "vmm/mem.h"
#include "vmm/console.h"
#include "vmm/lib/string.h"

#define RESERVED_PAGES 1024             /* left for the VMM and later VMs */

static void alloc_pages(struct vm *vm, uint32_t want)
{
    vm->ext_frames = want ? kpages_alloc((want * 4 + 4095) / 4096) : 0;
    for (uint32_t i = 0; vm->ext_frames && i < want; i++) {
        if (!(vm->ext_frames[i] = page_alloc()))
            break;
        vm->ext_pages = i + 1;
    }
}

void extmem_fork(struct vm *parent, struct vm *child)
{
    alloc_pages(child, parent->ext_pages);
    for (uint32_t i = 0; i < child->ext_pages; i++)
        memcpy(P2V(child->ext_frames[i]), P2V(parent->ext_frames[i]), 4096);
}

void extmem_alloc(struct vm *vm, uint32_t ext_kb)
{
    uint32_t want = ext_kb / 4;
    uint32_t spare = phys_pages.nfree > RESERVED_PAGES ? phys_pages.nfree - RESERVED_PAGES : 0;
    if (want > spare / 2)
        want = spare / 2;
    alloc_pages(vm, want);
    kprintf("vmm386: VM %u has %u KB of extended memory (INT 15h)\n", vm->CB_VMID,
            64 + vm->ext_pages * 4);
}
