/* Bitmap physical page allocator.
 *
 * One bit per 4 KiB frame, set = used.  Frame 0 stays used for good: it
 * holds VM 1's IVT, and 0 doubles as the "no memory" return value.
 * Only the first 4 GiB is managed since addresses are returned as 32 bits;
 * 64-bit arithmetic is limited to shifts and compares (no libgcc calls).
 */
#include "vmm/palloc.h"

#define FRAMES_4G       (1u << (32 - PAGE_SHIFT))
#define PAGE_MASK64     ((uint64_t)PAGE_SIZE - 1)
#define WORD_FULL       0xFFFFFFFFu

static bool used(const struct palloc *pa, uint32_t f)
{
    return pa->bitmap[f / 32] & (1u << (f % 32));
}

static void set_used(struct palloc *pa, uint32_t f)
{
    pa->bitmap[f / 32] |= 1u << (f % 32);
}

static void set_free(struct palloc *pa, uint32_t f)
{
    pa->bitmap[f / 32] &= ~(1u << (f % 32));
}

void palloc_init(struct palloc *pa, uint32_t *bitmap, uint32_t nframes)
{
    uint32_t i;

    if (nframes > FRAMES_4G)
        nframes = FRAMES_4G;
    pa->bitmap = bitmap;
    pa->nframes = nframes;
    pa->nfree = 0;
    pa->hint = 1;
    for (i = 0; i < PALLOC_WORDS(nframes); i++)
        bitmap[i] = WORD_FULL;
}

/* End address of [base, base+len), saturating instead of wrapping. */
static uint64_t range_end(uint64_t base, uint64_t len)
{
    return len > UINT64_MAX - base ? UINT64_MAX : base + len;
}

/* Clip a frame number to the managed range. */
static uint32_t clip(const struct palloc *pa, uint64_t frame)
{
    return frame > pa->nframes ? pa->nframes : (uint32_t)frame;
}

void palloc_add_free(struct palloc *pa, uint64_t base, uint64_t len)
{
    uint64_t end = range_end(base, len);
    uint32_t f, last;

    if (base > UINT64_MAX - PAGE_MASK64)
        return;
    /* Whole frames only: round the start up and the end down. */
    f = clip(pa, (base + PAGE_MASK64) >> PAGE_SHIFT);
    last = clip(pa, end >> PAGE_SHIFT);
    if (f == 0)
        f = 1;
    for (; f < last; f++) {
        if (used(pa, f)) {
            set_free(pa, f);
            pa->nfree++;
        }
    }
}

void palloc_reserve(struct palloc *pa, uint64_t base, uint64_t len)
{
    uint64_t end = range_end(base, len);
    uint32_t f, last;

    if (len == 0)
        return;
    /* Any frame the range touches: round the start down, the end up. */
    f = clip(pa, base >> PAGE_SHIFT);
    last = clip(pa, (end >> PAGE_SHIFT) + ((end & PAGE_MASK64) != 0));
    for (; f < last; f++) {
        if (!used(pa, f)) {
            set_used(pa, f);
            pa->nfree--;
        }
    }
}

/* Lowest free frame in [from, to), skipping full bitmap words; 0 if none. */
static uint32_t find_free(const struct palloc *pa, uint32_t from, uint32_t to)
{
    uint32_t f = from;

    while (f < to) {
        if (f % 32 == 0 && pa->bitmap[f / 32] == WORD_FULL) {
            f += 32;
            continue;
        }
        if (!used(pa, f))
            return f;
        f++;
    }
    return 0;
}

uint32_t palloc_alloc(struct palloc *pa)
{
    uint32_t f;

    if (pa->nfree == 0)
        return 0;
    if (pa->hint == 0 || pa->hint >= pa->nframes)
        pa->hint = 1;
    f = find_free(pa, pa->hint, pa->nframes);
    if (f == 0)
        f = find_free(pa, 1, pa->hint);
    if (f == 0)
        return 0;               /* nfree out of step: never hand out 0 */
    set_used(pa, f);
    pa->nfree--;
    pa->hint = f + 1 < pa->nframes ? f + 1 : 1;
    return f << PAGE_SHIFT;
}

uint32_t palloc_alloc_contig(struct palloc *pa, uint32_t n)
{
    uint32_t f, start = 1, run = 0;

    if (n == 0 || n > pa->nfree)
        return 0;
    for (f = 1; f < pa->nframes; f++) {
        if (used(pa, f)) {
            run = 0;
            continue;
        }
        if (run++ == 0)
            start = f;
        if (run == n)
            break;
    }
    if (run < n)
        return 0;
    for (f = start; f < start + n; f++)
        set_used(pa, f);
    pa->nfree -= n;
    return start << PAGE_SHIFT;
}

bool palloc_free(struct palloc *pa, uint32_t phys)
{
    uint32_t f = phys >> PAGE_SHIFT;

    if (phys & (PAGE_SIZE - 1))
        return false;           /* not a frame address: caller bug */
    if (f == 0 || f >= pa->nframes || !used(pa, f))
        return false;
    set_free(pa, f);
    pa->nfree++;
    return true;
}

bool palloc_is_free(const struct palloc *pa, uint32_t phys)
{
    uint32_t f = phys >> PAGE_SHIFT;

    return f < pa->nframes && !used(pa, f);
}
