/* The VMM clock: a 1 ms tick from the real PIT.  Each tick advances every
 * VM's virtual PIT; time-outs (Set_Global_Time_Out and friends) hang off it. */
#include "vmm/timer.h"
#include "vmm/vpit.h"
#include "vmm/vm.h"
#include "vmm/hw/pit.h"
#include "vmm/kdb.h"
#include "vmm/timeout.h"
#include "vmm/sched.h"

volatile uint32_t system_time_ms;

void timer_init(void)
{
    pit_init();
}

void timer_tick(void)
{
    system_time_ms++;
    for (struct vm *vm = vm_list; vm; vm = vm->next)
        vpit_advance(vm, PIT_TICK_DIVISOR);
    timeout_run();
    sched_tick();
    kdb_poll();
}
