#ifndef VMM_IRQ_H
#define VMM_IRQ_H
#include "vmm/hw/pic.h"
/* A hardware interrupt: EOI the real PIC, then the timer or the owning VM. */
void irq_dispatch(int irq);
#endif
