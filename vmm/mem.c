/* Physical pages and the kernel half of every page directory. */
#include "vmm/mem.h"
#include "vmm/multiboot.h"
#include "vmm/panic.h"
#include "vmm/hw/cpu.h"
#include "vmm/lib/string.h"
#include "vmm/lib/x86.h"

extern char _kernel_end[];

struct palloc phys_pages;
uint32_t ram_top;

static uint32_t frame_bitmap[PALLOC_WORDS(PHYSMAP_MAX >> PAGE_SHIFT)];
static uint32_t *kpd;                   /* master directory (physmap address) */
static uint32_t kpd_phys;
static uint32_t *pds[MAX_VMS + 1];      /* every directory made by pd_create */
static int npds;

void tlb_flush_page(uint32_t linear)
{
    if (cpu.family >= 4)
        __asm__ volatile("invlpg (%0)" :: "r"(linear) : "memory");
    else
        tlb_flush_all();
}

uint32_t page_alloc(void)
{
    uint32_t p = palloc_alloc(&phys_pages);
    if (p)
        memset(P2V(p), 0, PAGE_SIZE);
    return p;
}

void page_free(uint32_t phys)
{
    if (!palloc_free(&phys_pages, phys))
        panic("page_free: bad frame %x", phys);
}

void *kpages_alloc(uint32_t n)
{
    uint32_t p = palloc_alloc_contig(&phys_pages, n);
    if (!p)
        return 0;
    memset(P2V(p), 0, n * PAGE_SIZE);
    return P2V(p);
}

static void add_ram(uint64_t base, uint64_t len)
{
    if (base >= PHYSMAP_MAX)
        return;
    if (base + len > PHYSMAP_MAX)
        len = PHYSMAP_MAX - base;
    palloc_add_free(&phys_pages, base, len);
    if (base + len > ram_top)
        ram_top = (uint32_t)(base + len);
}

void mem_init(const struct boot_info *bi)
{
    palloc_init(&phys_pages, frame_bitmap, PHYSMAP_MAX >> PAGE_SHIFT);
    if (bi->nmmap) {
        for (int i = 0; i < bi->nmmap; i++)
            if (bi->mmap[i].type == 1)
                add_ram(bi->mmap[i].base, bi->mmap[i].len);
    } else {
        add_ram(0, (uint64_t)bi->mem_lower_kb << 10);
        add_ram(0x100000, (uint64_t)bi->mem_upper_kb << 10);
    }
    /* VM 1 owns the first megabyte; then the kernel image and the modules. */
    palloc_reserve(&phys_pages, 0, 0x100000);
    palloc_reserve(&phys_pages, 0x100000, V2P(_kernel_end) - 0x100000);
    for (int i = 0; i < bi->nmods; i++)
        palloc_reserve(&phys_pages, bi->mods[i].start, bi->mods[i].end - bi->mods[i].start);
    if (ram_top < 0x400000)
        panic("need at least 4 MB of RAM (found %u KB)", ram_top >> 10);

    /* Until CR3 switches, only physical 0..BOOT_MAPPED is reachable: the
     * tables below come from the lowest free frames, after the kernel and
     * the modules. */
    kpd_phys = page_alloc();
    kpd = P2V(kpd_phys);
    for (uint32_t pa = 0; pa < ram_top; pa += 0x400000) {
        uint32_t ptp = page_alloc();
        if (!ptp || ptp >= BOOT_MAPPED)
            panic("mem_init: no low frame for the physmap");
        uint32_t *pt = P2V(ptp);
        for (int i = 0; i < 1024; i++)
            pt[i] = (pa + i * PAGE_SIZE) | PTE_P | PTE_W;
        kpd[PDX(KERNEL_VMA + pa)] = ptp | PTE_P | PTE_W;
    }
    write_cr3(kpd_phys);
}

uint32_t kernel_pd_phys(void) { return kpd_phys; }

uint32_t pd_create(void)
{
    if (npds >= (int)(sizeof pds / sizeof pds[0]))
        return 0;
    uint32_t p = page_alloc();
    if (!p)
        return 0;
    uint32_t *pd = P2V(p);
    for (int i = PDX(KERNEL_VMA); i < 1024; i++)
        pd[i] = kpd[i];
    pds[npds++] = pd;
    return p;
}

void pd_destroy(uint32_t phys)
{
    uint32_t *pd = P2V(phys);
    for (int i = 0; i < npds; i++)
        if (pds[i] == pd) {
            pds[i] = pds[--npds];
            break;
        }
    page_free(phys);
}

void kernel_pde_set(uint32_t linear, uint32_t pde)
{
    kpd[PDX(linear)] = pde;
    for (int i = 0; i < npds; i++)
        pds[i][PDX(linear)] = pde;
    tlb_flush_all();
}
