#ifndef VMM_TIMER_H
#define VMM_TIMER_H
#include <stdint.h>
#include "include/vmm.h"
/* Milliseconds since the VMM programmed the PIT (Get_System_Time). */
extern volatile uint32_t system_time_ms;
void timer_init(void);
void timer_tick(void);          /* IRQ 0, every PIT_TICK_DIVISOR clocks */
extern VMM386_TICK_PROC tick_hook;      /* VMM386_Hook_Timer_Tick */
#endif
