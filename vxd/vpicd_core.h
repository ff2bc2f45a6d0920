/* What the core's interrupt path asks VPICD (vxd/vpicd.c). */
#ifndef VXD_VPICD_CORE_H
#define VXD_VPICD_CORE_H
#include <stdint.h>
#include <stdbool.h>
struct vm;
/* A hardware interrupt on a line a VxD virtualized: its Hw_Int_Proc runs
 * (cur = the VM that was running) and it ends the physical interrupt
 * itself.  false: nobody virtualized the line. */
bool vpicd_hw_int(int irq, struct vm *cur);
/* Lines virtualized by a VxD (bit n = IRQ n): physically unmasked. */
uint16_t vpicd_virtualized_lines(void);
#endif
