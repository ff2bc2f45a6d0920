#include "vmm/heap.h"
#include "vmm/mem.h"
#include "vmm/lib/string.h"

#define CHUNK_PAGES 16
#define MAGIC_USED 0x55534544u          /* "USED" */
#define MAGIC_FREE 0x46524545u          /* "FREE" */

struct block {
    uint32_t magic;
    uint32_t size;                      /* bytes after the header */
    struct block *next;                 /* free list only */
    uint32_t pad;
};

static struct block *free_list;

static void add_chunk(size_t need)
{
    uint32_t pages = (need + sizeof(struct block) + 4095) / 4096;
    if (pages < CHUNK_PAGES)
        pages = CHUNK_PAGES;
    struct block *b = kpages_alloc(pages);
    if (!b)
        return;
    b->magic = MAGIC_FREE;
    b->size = pages * 4096 - sizeof *b;
    b->next = free_list;
    free_list = b;
}

void *kmalloc(size_t n)
{
    n = (n + 15) & ~(size_t)15;
    for (int attempt = 0; attempt < 2; attempt++) {
        for (struct block **pp = &free_list; *pp; pp = &(*pp)->next) {
            struct block *b = *pp;
            if (b->size < n)
                continue;
            if (b->size >= n + sizeof *b + 16) {        /* split off the tail */
                struct block *rest = (struct block *)((char *)(b + 1) + n);
                rest->magic = MAGIC_FREE;
                rest->size = b->size - n - sizeof *b;
                rest->next = b->next;
                *pp = rest;
                b->size = n;
            } else {
                *pp = b->next;
            }
            b->magic = MAGIC_USED;
            return b + 1;
        }
        add_chunk(n);
    }
    return 0;
}

void kfree(void *p)
{
    if (!p)
        return;
    struct block *b = (struct block *)p - 1;
    if (b->magic != MAGIC_USED)
        return;                         /* not ours, or freed twice */
    b->magic = MAGIC_FREE;
    b->next = free_list;
    free_list = b;
}

void *svc__HeapAllocate(uint32_t bytes, uint32_t flags)
{
    void *p = kmalloc(bytes);
    if (p && (flags & HEAPZEROINIT))
        memset(p, 0, bytes);
    return p;
}

uint32_t svc__HeapFree(void *p, uint32_t flags)
{
    (void)flags;
    struct block *b = (struct block *)p - 1;
    if (!p || b->magic != MAGIC_USED)
        return 0;
    kfree(p);
    return 1;
}

uint32_t svc__HeapGetSize(void *p, uint32_t flags)
{
    (void)flags;
    struct block *b = (struct block *)p - 1;
    return p && b->magic == MAGIC_USED ? b->size : 0;
}

/* The DDK's flags: HEAPZEROINIT zero-fills what the block grew by,
 * HEAPZEROREINIT the whole block, HEAPNOCOPY drops the old contents.  On
 * failure (0) the old block stays as it was. */
void *svc__HeapReAllocate(void *p, uint32_t bytes, uint32_t flags)
{
    struct block *b = (struct block *)p - 1;
    if (!p || b->magic != MAGIC_USED)
        return 0;
    uint32_t old = b->size;
    void *n = p;
    if (bytes > old) {
        if (!(n = kmalloc(bytes)))
            return 0;
        if (!(flags & HEAPNOCOPY))
            memcpy(n, p, old);
        kfree(p);
    }
    if (flags & HEAPZEROREINIT)
        memset(n, 0, bytes);
    else if ((flags & HEAPZEROINIT) && bytes > old)
        memset((char *)n + old, 0, bytes - old);
    return n;
}
