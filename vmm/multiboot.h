#ifndef VMM_MULTIBOOT_H
#define VMM_MULTIBOOT_H
#include <stdint.h>

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002u
#define BOOT_MAX_MMAP 32
#define BOOT_MAX_MODS 16

struct boot_mmap { uint64_t base, len; uint32_t type; };
struct boot_module { uint32_t start, end; char name[128]; };

/* What kmain keeps of the multiboot information (copied: the original may
 * sit in VM 1's first megabyte). */
struct boot_info {
    char cmdline[256];
    char loader[32];
    uint32_t mem_lower_kb, mem_upper_kb;
    int nmmap;
    struct boot_mmap mmap[BOOT_MAX_MMAP];
    int nmods;
    struct boot_module mods[BOOT_MAX_MODS];
};

extern struct boot_info boot_info;
int multiboot_parse(uint32_t magic, uint32_t mbi_phys, struct boot_info *bi);
/* The command line as the loader passed it (0: none), before any parsing:
 * the log port (log=) is needed before the first line is written. */
const char *multiboot_cmdline(uint32_t magic, uint32_t mbi_phys);
/* A module whose name (its first word) ends in ".ini" is the profile that
 * Get_Profile_String and friends read (vxd/profile.c); the first other
 * module is the boot disk of boot=module.  NULL when there is none. */
const struct boot_module *boot_profile_module(void);
const struct boot_module *boot_disk_module(void);
/* The n-th disk module (0: the first, VM 1's with boot=module), or NULL. */
const struct boot_module *boot_disk_module_n(int n);
#endif
