#ifndef BOOT_TSS_H
#define BOOT_TSS_H
#include <stdint.h>
#include <stdbool.h>

struct tss {
    uint32_t link, esp0, ss0, esp1, ss1, esp2, ss2, cr3, eip, eflags;
    uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
    uint32_t es, cs, ss, ds, fs, gs, ldt;
    uint16_t trap, iomap_base;
} __attribute__((packed));

/* The kernel TSS is followed by the VME interrupt redirection bitmap and the
 * I/O permission bitmap (one bit per port, 1 = trap) and a terminating 0xFF. */
struct tss_full {
    struct tss tss;
    uint8_t int_redirect[32];
    uint8_t io_bitmap[8192];
    uint8_t io_end;
} __attribute__((packed));

_Static_assert(sizeof(struct tss) == 104, "TSS size");
_Static_assert(__builtin_offsetof(struct tss, iomap_base) == 0x66, "TSS iomap offset");
_Static_assert(__builtin_offsetof(struct tss_full, io_bitmap) ==
               __builtin_offsetof(struct tss_full, int_redirect) + 32, "redirection bitmap precedes I/O bitmap");

extern struct tss_full kernel_tss;
extern struct tss df_tss;

void tss_init(uint32_t kernel_cr3);
static inline void tss_set_esp0(uint32_t esp0) { kernel_tss.tss.esp0 = esp0; }
/* Trap (true) or pass (false) V86 accesses to one port. */
void tss_io_trap(uint16_t port, bool trap);
/* VME: INT n for this vector traps to the monitor (true) or goes straight
 * to the V86 IVT (false). */
void tss_int_trap(uint8_t vector, bool trap);
#endif
