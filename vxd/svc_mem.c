/* Page services for VxDs (cdecl, the DDK's arguments): _PageAllocate,
 * _PageFree, _PhysIntoV86, _LinMapIntoV86 and _MapPhysToLinear.  Enough for a device
 * like VDD to give a VM the real video memory or a copy of its own. */
#include "include/vmm.h"
#include "vmm/vm.h"
#include "vmm/mem.h"
#include "vmm/console.h"
#include "vmm/lib/x86.h"

#define V86_MAPPABLE_PAGES 0x100        /* the first megabyte */
#define MAX_PAGE_BLOCKS    64

/* What _PageAllocate handed out: the pages go back whole to the pool. */
static struct { uint32_t lin, n; } blocks[MAX_PAGE_BLOCKS];

uint64_t svc__PageAllocate(uint32_t n, uint32_t type, VMHANDLE vm, uint32_t align, uint32_t min_phys,
                           uint32_t max_phys, uint32_t *phys, uint32_t flags)
{
    (void)type, (void)vm, (void)align, (void)min_phys, (void)max_phys, (void)flags;
    int slot = -1;
    for (int i = 0; i < MAX_PAGE_BLOCKS && slot < 0; i++)
        if (!blocks[i].n)
            slot = i;
    void *p = (slot >= 0 && n && n <= 1024) ? kpages_alloc(n) : 0;
    if (!p)
        return 0;
    blocks[slot].lin = (uint32_t)p;
    blocks[slot].n = n;
    if (phys && (uint32_t)phys >= KERNEL_VMA)
        *phys = V2P(p);
    return (uint64_t)(uint32_t)p << 32 | (uint32_t)p;       /* EDX = linear, EAX = handle */
}

uint32_t svc__PageFree(uint32_t handle, uint32_t flags)
{
    (void)flags;
    for (int i = 0; i < MAX_PAGE_BLOCKS; i++) {
        if (!blocks[i].n || blocks[i].lin != handle)
            continue;
        for (uint32_t k = 0; k < blocks[i].n; k++)
            palloc_free(&phys_pages, V2P(handle) + k * 4096);
        blocks[i].n = 0;
        return 1;
    }
    kprintf("vmm386: _PageFree(%08x): not a page handle, refused\n", handle);
    return 0;
}

static bool map(const char *who, VMHANDLE h, uint32_t page, uint32_t n, uint32_t first_frame_page)
{
    struct vm *vm = (struct vm *)h;
    if (!vm_validate(vm) || page >= V86_MAPPABLE_PAGES || n > V86_MAPPABLE_PAGES - page) {
        kprintf("vmm386: %s(VM %08x, page %x, %u pages) refused\n", who, (uint32_t)h, page, n);
        return false;
    }
    uint32_t f = irq_save();
    for (uint32_t i = 0; i < n; i++)
        vm_map_v86(vm, page + i, (first_frame_page + i) << 12);
    irq_restore(f);
    return true;
}

uint32_t svc__PhysIntoV86(uint32_t phys_page, VMHANDLE vm, uint32_t page, uint32_t n, uint32_t flags)
{
    (void)flags;
    if (phys_page >= PHYSMAP_MAX >> 12)
        return 0;
    return map("_PhysIntoV86", vm, page, n, phys_page);
}

/* Only ring-0 memory of the physmap (heap, pages): its frames are
 * contiguous, physical = linear - KERNEL_VMA. */
uint32_t svc__LinMapIntoV86(uint32_t lin_page, VMHANDLE vm, uint32_t page, uint32_t n, uint32_t flags)
{
    (void)flags;
    uint32_t first = KERNEL_VMA >> 12, end = (KERNEL_VMA + PHYSMAP_MAX) >> 12;
    if (lin_page < first || lin_page >= end || n > end - lin_page)
        return 0;
    return map("_LinMapIntoV86", vm, page, n, lin_page - first) ? page : 0;
}

uint32_t svc__MapPhysToLinear(uint32_t phys, uint32_t bytes, uint32_t flags)
{
    (void)flags;
    if (phys >= PHYSMAP_MAX || bytes > PHYSMAP_MAX - phys)
        return 0xFFFFFFFFu;
    return (uint32_t)P2V(phys);
}
