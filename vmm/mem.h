/* Kernel memory map and paging.
 *
 * Linear layout (every page directory shares the kernel half):
 *   0x00000000-0x0010FFFF  the running VM (1 MB + HMA), user pages
 *   0xC0000000-0xDFFFFFFF  physmap: physical 0..512 MB, kernel image at 0xC0100000
 *   0xF0000000-0xF7FFFFFF  CB_High_Linear: VM n's address space at
 *                          HIGH_LINEAR_BASE + n * 4 MB, supervisor only
 */
#ifndef VMM_MEM_H
#define VMM_MEM_H

#include <stdint.h>
#include <stdbool.h>
#include "vmm/palloc.h"

#define KERNEL_VMA        0xC0000000u
#define PHYSMAP_MAX       (512u << 20)
#define HIGH_LINEAR_BASE  0xF0000000u
#define HIGH_LINEAR_SLOT  0x00400000u
#define MAX_VMS           32
#define BOOT_MAPPED       (32u << 20)   /* boot/multiboot.asm maps 0..32 MiB */

#define P2V(p) ((void *)((uint32_t)(p) + KERNEL_VMA))
#define V2P(v) ((uint32_t)(v) - KERNEL_VMA)

#define PTE_P   0x001u
#define PTE_W   0x002u
#define PTE_U   0x004u
#define PTE_A   0x020u
#define PTE_D   0x040u
#define PTE_FRAME(e) ((e) & ~0xFFFu)
#define PDX(la) ((la) >> 22)
#define PTX(la) (((la) >> 12) & 0x3FF)

extern struct palloc phys_pages;
extern uint32_t ram_top;            /* highest usable physical address + 1 (capped) */

struct boot_info;
void mem_init(const struct boot_info *bi);

/* A zeroed physical frame (0 when out of memory). */
uint32_t page_alloc(void);
void page_free(uint32_t phys);
/* n contiguous zeroed frames, returned at their physmap address (NULL on failure). */
void *kpages_alloc(uint32_t n);

/* A new page directory sharing the kernel half; returns its physical address. */
uint32_t pd_create(void);
void pd_destroy(uint32_t phys);
/* Set one kernel-half PDE in the master directory and every directory made. */
void kernel_pde_set(uint32_t linear, uint32_t pde);
uint32_t kernel_pd_phys(void);

#endif
