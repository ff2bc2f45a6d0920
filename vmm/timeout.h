/* Time-outs on the VMM's 1 ms clock (Set_Global_Time_Out, Set_VM_Time_Out,
 * Set_Thread_Time_Out, Cancel_Time_Out).  A time-out counts on a clock:
 * system time, or (as the DDK's VM and thread time-outs) the execution
 * time of one VM or thread, which stands still while it does not run.
 * Callbacks run from the timer interrupt with interrupts off, like the
 * DDK's: they must be quick and use only asynchronous services. */
#ifndef VMM_TIMEOUT_H
#define VMM_TIMEOUT_H
#include <stdint.h>
#include <stdbool.h>
#include "vmm/vm.h"

typedef void (*timeout_fn)(void *arg, uint32_t late_ms);

#define MAX_TIMEOUTS 256
/* vm: NULL for a global time-out (never fires for a dead VM otherwise).
 * clock: NULL for system time, else the execution-time counter it waits
 * on (vm->exec_time_ms, a thread's exec_time_ms).  Returns a handle, 0
 * when none is free. */
uint32_t timeout_set(uint32_t ms, struct vm *vm, const volatile uint32_t *clock, timeout_fn fn, void *arg);
bool timeout_cancel(uint32_t handle);
void timeout_run(void);                 /* from timer_tick */
/* A VM is destroyed: its time-outs are cancelled. */
void timeout_vm_gone(struct vm *vm);

struct timeout_info { uint32_t handle, due_ms, vmid; int32_t left_ms; bool exec_time; };
int timeout_list(struct timeout_info *out, int max);
#endif
