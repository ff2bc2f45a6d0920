/* The real 8254 channel 0 drives the VMM's 1 ms tick (vmm/timer.c). */
#include "vmm/hw/pit.h"
#include "vmm/lib/x86.h"

void pit_init(void)
{
    outb(0x43, 0x34);                   /* ch 0, lo/hi, mode 2 (rate generator) */
    outb(0x40, PIT_TICK_DIVISOR & 0xFF);
    outb(0x40, PIT_TICK_DIVISOR >> 8);
}

uint16_t pit_read_counter0(void)
{
    uint32_t f = irq_save();
    outb(0x43, 0x00);                   /* latch ch 0 */
    uint16_t v = inb(0x40);
    v |= inb(0x40) << 8;
    irq_restore(f);
    return v;
}
