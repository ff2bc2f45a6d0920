/* The hardware interrupt hook (VMM386_Hook_Hw_Int); the dispatch is inline
 * in vmm/irq.h. */
#include "vmm/irq.h"

VMM386_HW_INT_PROC irq_hook;
