/* Physical page allocator fed by the multiboot memory map.
 *
 * Pure bookkeeping over a bitmap the caller provides, so it is unit-tested
 * on the host.  One bit per 4 KiB frame; set = used/unavailable.
 */
#ifndef VMM_PALLOC_H
#define VMM_PALLOC_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

#define PAGE_SIZE 4096u
#define PAGE_SHIFT 12

struct palloc {
    uint32_t *bitmap;     /* nframes bits, caller-owned storage */
    uint32_t nframes;     /* frames covered: physical 0 .. nframes*4K */
    uint32_t nfree;
    uint32_t hint;        /* where the next search starts */
};

/* Words of bitmap storage needed for nframes frames. */
#define PALLOC_WORDS(nframes) (((nframes) + 31) / 32)

/* Everything starts used; available ranges are then freed, reserved ones
 * (kernel image, modules, first MB) marked used again. */
void palloc_init(struct palloc *pa, uint32_t *bitmap, uint32_t nframes);
/* Mark [base, base+len) available; partial frames at the ends are not. */
void palloc_add_free(struct palloc *pa, uint64_t base, uint64_t len);
/* Mark [base, base+len) used; partial frames at the ends are included. */
void palloc_reserve(struct palloc *pa, uint64_t base, uint64_t len);

/* Allocate one frame; returns its physical address, or 0 when none left
 * (frame 0 is never handed out: it belongs to VM 1's IVT). */
uint32_t palloc_alloc(struct palloc *pa);
/* Allocate n physically contiguous frames; 0 when impossible. */
uint32_t palloc_alloc_contig(struct palloc *pa, uint32_t n);
/* Free one frame; freeing a free or out-of-range frame returns false. */
bool palloc_free(struct palloc *pa, uint32_t phys);
bool palloc_is_free(const struct palloc *pa, uint32_t phys);

#endif
