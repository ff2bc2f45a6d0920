/* Flat ring-0 code and data segments plus the two TSS descriptors. */
#include "boot/gdt.h"
#include "vmm/lib/x86.h"

struct seg_desc {
    uint16_t limit_lo, base_lo;
    uint8_t base_mid, access, gran, base_hi;
} __attribute__((packed));

static struct seg_desc gdt[8] __attribute__((aligned(8)));

static void set(int sel, uint32_t base, uint32_t limit, uint8_t access, uint8_t gran)
{
    struct seg_desc *d = &gdt[sel >> 3];
    d->limit_lo = limit & 0xFFFF;
    d->base_lo = base & 0xFFFF;
    d->base_mid = (base >> 16) & 0xFF;
    d->access = access;
    d->gran = (gran & 0xF0) | ((limit >> 16) & 0x0F);
    d->base_hi = base >> 24;
}

void gdt_set_tss(int sel, uint32_t base, uint32_t limit)
{
    set(sel, base, limit, 0x89, 0x00);  /* present, 32-bit available TSS, byte granular */
}

void gdt_init(void)
{
    set(KERNEL_CS, 0, 0xFFFFF, 0x9A, 0xC0);     /* ring 0 code, 4 GiB */
    set(KERNEL_DS, 0, 0xFFFFF, 0x92, 0xC0);     /* ring 0 data, 4 GiB */
    struct dtr d = { sizeof gdt - 1, (uint32_t)gdt };
    lgdt(&d);
    __asm__ volatile(
        "ljmp %0, $1f\n1:\n"
        "mov %1, %%ax\n mov %%ax, %%ds\n mov %%ax, %%es\n mov %%ax, %%ss\n"
        "xor %%eax, %%eax\n mov %%ax, %%fs\n mov %%ax, %%gs\n"
        :: "i"(KERNEL_CS), "i"(KERNEL_DS) : "eax", "memory");
}
