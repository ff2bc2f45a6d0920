/* The time slicer: shares the CPU among the VMs the primary scheduler
 * would otherwise tie on.  The VM whose slice it is holds Cur_Run_VM_Boost;
 * a slice lasts the granularity scaled by the VM's time-slice priority
 * (foreground when it has the focus, background otherwise).  A VM without
 * VMStat_Background gets no slices while another VM has the focus; a focus
 * VM with VMStat_Exclusive gets them all. */
#ifndef VMM_TIMESLICE_H
#define VMM_TIMESLICE_H
#include <stdint.h>
#include <stdbool.h>
#include "vmm/vm.h"

#define TS_DEFAULT_FG 100
#define TS_DEFAULT_BG 50
#define TS_MAX_PRIORITY 10000
#define TS_DEFAULT_GRANULARITY_MS 20

extern struct vm *slice_owner;
extern uint32_t ts_granularity_ms;

bool timeslice_eligible(const struct vm *vm);
/* Before the scheduler picks: a slice owner that cannot run, or a VM with
 * events waiting, passes the slice on. */
void timeslice_check(void);
/* End the current slice now (Release_Time_Slice). */
void timeslice_release(void);
/* ms of the clock went by, all of it the running VM's (or nobody's). */
void timeslice_tick(uint32_t ms);
void timeslice_vm_gone(struct vm *vm);
/* The CPU halts (no VM runnable): time is nobody's. */
void timeslice_cpu_idle(bool idle);
/* Share of the CPU (percent) a VM would get: Get_Time_Slice_Priority ESI. */
uint32_t timeslice_share(const struct vm *vm);
#endif
