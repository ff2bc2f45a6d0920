#ifndef VMM_HW_PIC_H
#define VMM_HW_PIC_H
#include <stdint.h>
#include <stdbool.h>
#define IRQ_VECTOR_BASE 0x50    /* where the real PICs deliver (as Win386's VPICD) */
#define IRQ_TIMER 0
#define IRQ_KEYBOARD 1
#define IRQ_CASCADE 2
#define IRQ_FLOPPY 6
#define IRQ_ATA0 14
#define IRQ_ATA1 15
void pic_init(uint8_t *bios_master_mask, uint8_t *bios_slave_mask);
void pic_eoi(int irq);
void pic_mask(int irq, bool masked);
/* Set both real masks at once (bit set = masked). */
void pic_set_masks(uint8_t master, uint8_t slave);
bool pic_is_spurious(int irq);          /* IRQ 7/15 with ISR bit clear */
#endif
