#ifndef VMM_VPIT_H
#define VMM_VPIT_H
#include <stdint.h>
#include "vmm/vm.h"
/* Virtual 8254 channel 0 per VM (ports 40h-43h trap).  The VM programs its
 * own rate; the real PIT keeps the VMM's 1 ms tick.  Channel 2 (speaker)
 * and channel 1 go to the hardware. */
void vpit_install(void);
void vpit_advance(struct vm *vm, uint32_t clocks);
#endif
