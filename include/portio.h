/* portio.h -- port I/O for C VxDs (what the DDK's C compilers gave as
 * _inp/_outp): a VxD runs at ring 0 and reaches its hardware directly.
 * NASM VxDs use IN and OUT. */
#ifndef VMM386_PORTIO_H
#define VMM386_PORTIO_H
#include "vmm_types.h"

static inline BYTE inb(WORD port)
{
    BYTE v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline void outb(WORD port, BYTE v)
{
    __asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(port));
}

#endif
