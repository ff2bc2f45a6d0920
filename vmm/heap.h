/* The VMM heap (_HeapAllocate / _HeapFree): first fit over page chunks. */
#ifndef VMM_HEAP_H
#define VMM_HEAP_H
#include <stdint.h>
#include <stddef.h>
#define HEAPZEROINIT   0x00000001u
#define HEAPZEROREINIT 0x00000002u
#define HEAPNOCOPY     0x00000004u
void *kmalloc(size_t n);
void kfree(void *p);
/* DDK cdecl services (the table slots of _HeapAllocate, _HeapFree, _HeapGetSize) */
void *svc__HeapAllocate(uint32_t bytes, uint32_t flags);
uint32_t svc__HeapFree(void *p, uint32_t flags);
uint32_t svc__HeapGetSize(void *p, uint32_t flags);
void *svc__HeapReAllocate(void *p, uint32_t bytes, uint32_t flags);
#endif
