#ifndef VMM_IRQ_H
#define VMM_IRQ_H
#include "vmm/hw/pic.h"
#include "include/vmm.h"
/* A hardware interrupt: the timer, or the hook (VMM386_Hook_Hw_Int). */
void irq_dispatch(int irq);
extern VMM386_HW_INT_PROC irq_hook;
#endif
