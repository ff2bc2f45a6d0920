/* Copies what we need out of the multiboot v1 information block. */
#include <stdbool.h>
#include "vmm/multiboot.h"
#include "vmm/mem.h"
#include "vmm/lib/string.h"

struct boot_info boot_info;

#define MBI_MEM     (1u << 0)
#define MBI_CMDLINE (1u << 2)
#define MBI_MODS    (1u << 3)
#define MBI_MMAP    (1u << 6)
#define MBI_LOADER  (1u << 9)

struct mbi {
    uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
    uint32_t drives_length, drives_addr, config_table, boot_loader_name;
};
struct mb_mod { uint32_t start, end, string, reserved; };
struct mb_mmap { uint32_t size; uint64_t base, len; uint32_t type; } __attribute__((packed));

/* The boot page tables map physical 0..4 MiB only. */
static const void *low(uint32_t phys) { return phys < 0x400000 ? P2V(phys) : 0; }

const char *multiboot_cmdline(uint32_t magic, uint32_t mbi_phys)
{
    if (magic != MULTIBOOT_BOOTLOADER_MAGIC || !low(mbi_phys))
        return 0;
    const struct mbi *m = low(mbi_phys);
    return (m->flags & MBI_CMDLINE) ? low(m->cmdline) : 0;
}

int multiboot_parse(uint32_t magic, uint32_t mbi_phys, struct boot_info *bi)
{
    if (magic != MULTIBOOT_BOOTLOADER_MAGIC || !low(mbi_phys))
        return -1;
    const struct mbi *m = low(mbi_phys);
    if ((m->flags & MBI_CMDLINE) && low(m->cmdline))
        strncpy_z(bi->cmdline, low(m->cmdline), sizeof bi->cmdline);
    if ((m->flags & MBI_LOADER) && low(m->boot_loader_name))
        strncpy_z(bi->loader, low(m->boot_loader_name), sizeof bi->loader);
    if (m->flags & MBI_MEM) {
        bi->mem_lower_kb = m->mem_lower;
        bi->mem_upper_kb = m->mem_upper;
    }
    if ((m->flags & MBI_MMAP) && low(m->mmap_addr)) {
        uint32_t off = 0;
        while (off + sizeof(struct mb_mmap) <= m->mmap_length && bi->nmmap < BOOT_MAX_MMAP) {
            const struct mb_mmap *e = low(m->mmap_addr + off);
            bi->mmap[bi->nmmap].base = e->base;
            bi->mmap[bi->nmmap].len = e->len;
            bi->mmap[bi->nmmap].type = e->type;
            bi->nmmap++;
            off += e->size + 4;
        }
    }
    if ((m->flags & MBI_MODS) && low(m->mods_addr)) {
        const struct mb_mod *mod = low(m->mods_addr);
        for (uint32_t i = 0; i < m->mods_count && bi->nmods < BOOT_MAX_MODS; i++) {
            struct boot_module *b = &bi->mods[bi->nmods++];
            b->start = mod[i].start;
            b->end = mod[i].end;
            if (low(mod[i].string))
                strncpy_z(b->name, low(mod[i].string), sizeof b->name);
        }
    }
    return 0;
}

static bool is_profile(const struct boot_module *m)
{
    size_t n = 0;
    while (m->name[n] && m->name[n] != ' ')
        n++;
    if (n < 4)
        return false;
    const char *e = m->name + n - 4;
    return e[0] == '.' && (e[1] | 0x20) == 'i' && (e[2] | 0x20) == 'n' && (e[3] | 0x20) == 'i';
}

const struct boot_module *boot_profile_module(void)
{
    for (int i = 0; i < boot_info.nmods; i++)
        if (is_profile(&boot_info.mods[i]))
            return &boot_info.mods[i];
    return 0;
}

const struct boot_module *boot_disk_module(void)
{
    return boot_disk_module_n(0);
}

const struct boot_module *boot_disk_module_n(int n)
{
    for (int i = 0; i < boot_info.nmods; i++)
        if (!is_profile(&boot_info.mods[i]) && n-- == 0)
            return &boot_info.mods[i];
    return 0;
}
