#ifndef VMM_HW_PIT_H
#define VMM_HW_PIT_H
#include <stdint.h>
#define PIT_HZ 1193182u
#define PIT_TICK_DIVISOR 1193u          /* ~1 ms: the VMM's clock tick */
void pit_init(void);
uint16_t pit_read_counter0(void);       /* current count of channel 0 */
#endif
