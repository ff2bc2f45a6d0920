/* The real 8259A pair, owned by the VMM.  Remapped to 50h-5Fh so hardware
 * interrupts never collide with CPU exceptions or the INT 20h dynalink. */
#include "vmm/hw/pic.h"
#include "vmm/lib/x86.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xA0
#define PIC2_DATA 0xA1

void pic_init(uint8_t *bios_master_mask, uint8_t *bios_slave_mask)
{
    /* Remember what the BIOS unmasked: VM 1's virtual PIC starts that way. */
    *bios_master_mask = inb(PIC1_DATA);
    *bios_slave_mask = inb(PIC2_DATA);
    outb(PIC1_CMD, 0x11); io_delay();   /* ICW1: edge, cascade, ICW4 */
    outb(PIC2_CMD, 0x11); io_delay();
    outb(PIC1_DATA, IRQ_VECTOR_BASE); io_delay();
    outb(PIC2_DATA, IRQ_VECTOR_BASE + 8); io_delay();
    outb(PIC1_DATA, 0x04); io_delay();  /* slave on IRQ 2 */
    outb(PIC2_DATA, 0x02); io_delay();
    outb(PIC1_DATA, 0x01); io_delay();  /* 8086 mode */
    outb(PIC2_DATA, 0x01); io_delay();
    /* All lines the BIOS used stay live; the timer and cascade always. */
    outb(PIC1_DATA, *bios_master_mask & ~0x05);
    outb(PIC2_DATA, *bios_slave_mask);
}

void pic_eoi(int irq)
{
    if (irq >= 8)
        outb(PIC2_CMD, 0x60 | (irq & 7));
    outb(PIC1_CMD, 0x60 | (irq >= 8 ? 2 : irq));
}

void pic_mask(int irq, bool masked)
{
    uint16_t port = irq >= 8 ? PIC2_DATA : PIC1_DATA;
    uint8_t bit = 1 << (irq & 7);
    uint8_t m = inb(port);
    outb(port, masked ? (m | bit) : (m & ~bit));
}

void pic_set_masks(uint8_t master, uint8_t slave)
{
    outb(PIC1_DATA, master);
    outb(PIC2_DATA, slave);
}

bool pic_is_spurious(int irq)
{
    uint16_t cmd = irq >= 8 ? PIC2_CMD : PIC1_CMD;
    if ((irq & 7) != 7)
        return false;
    outb(cmd, 0x0B);                    /* read ISR */
    bool spurious = !(inb(cmd) & 0x80);
    outb(cmd, 0x0A);
    if (spurious && irq == 15)
        outb(PIC1_CMD, 0x62);           /* the master did see IRQ 2 */
    return spurious;
}
