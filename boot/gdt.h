#ifndef BOOT_GDT_H
#define BOOT_GDT_H
#include <stdint.h>
/* Must match boot/segments.inc */
#define KERNEL_CS  0x08
#define KERNEL_DS  0x10
#define TSS_SEL    0x18
#define DF_TSS_SEL 0x20
void gdt_init(void);
void gdt_set_tss(int sel, uint32_t base, uint32_t limit);
#endif
