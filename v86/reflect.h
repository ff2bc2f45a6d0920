/* Delivering interrupts into a V86 VM as a real-mode CPU would. */
#ifndef V86_REFLECT_H
#define V86_REFLECT_H

#include <stdint.h>
#include "vmm/vm.h"
#include "vmm/lib/x86.h"
#include "vmm/events.h"
#include "vmm/sched.h"
#include "v86/vflags.h"
#include "vmm/intc.h"
#include "vmm/cmdline.h"
#include "v86/intchain.h"

/* Simulate_Int: push FLAGS, CS, IP; clear IF, TF and AC; jump through the
 * VM's IVT entry (read from the VM's own page 0). */
void v86_simulate_int(struct vm *vm, struct Client_Reg_Struc *c, uint8_t vec);
/* An INT from the VM (software, fault or hardware): the hook chain, then
 * the IVT.  Logged under trace=int.  False: a hook serviced it (no frame
 * was pushed, the VM goes on where it was).  Inline, the common case:
 * nobody hooked on the vector and no log, Simulate_Int at once. */
bool v86_reflect_int_chain(struct vm *vm, struct Client_Reg_Struc *c, uint8_t vec);
static inline bool v86_reflect_int(struct vm *vm, struct Client_Reg_Struc *c, uint8_t vec)
{
    if (v86_int_chain[vec] || cmdline.trace_int)
        return v86_reflect_int_chain(vm, c, vec);
    v86_simulate_int(vm, c, vec);
    return true;
}
/* A CPU exception in the VM delivered to the VM's own vector 0, 1, 3-6, with
 * runaway detection (the same fault at one CS:IP over and over). */
void v86_reflect_fault(struct vm *vm, struct Client_Reg_Struc *c, uint8_t vec);
/* Before resuming the VM: deliver one pending virtual hardware interrupt if
 * the VM's IF allows it; otherwise arrange to trap when it does (VIP). */
void v86_deliver_pending(struct vm *vm, struct Client_Reg_Struc *c);
/* Back to the VM from a trap: the scheduler may run another VM first;
 * pending events run first (they may simulate an interrupt or raise one),
 * then a pending virtual interrupt; last the safe mask on EFLAGS
 * (v86_safe_eflags).  The common
 * case first: no event queued, nothing requested, no STI shadow to watch. */
static inline void v86_resume(struct vm *vm, struct Client_Reg_Struc *c)
{
    if (sched_resched)
        sched_preempt();                /* another VM may run first; then back to this one */
    events_resume(vm);
    /* EIP past FFFFh too: deliver_pending stops such a VM before it runs on.
     * A request the VM cannot take yet (its IF off, no VME) waits for the
     * STI, POPF or IRET that turns IF on: nothing to do now (the disk
     * interrupt that comes in while the BIOS waits with CLI). */
    if (vm->sti_shadow | (c->Client_EFlags & EFL_VIP) | (c->Client_EIP > 0xFFFF) ||
        (vm->int_requested && (vme_enabled || v86_vif(vm, c))))
        v86_deliver_pending(vm, c);
    c->Client_EFlags = v86_safe_eflags(vm, c->Client_EFlags);
}

/* Trusted mode: a VM running with its (real) IF clear holds off the VMM's
 * own interrupts.  Each trap from it is a moment to take what waits (the
 * clock above all), as in the idle HLT; a VM polling the PIT with
 * interrupts off then still sees time pass.  First thing on every path
 * from V86 mode (v86_trap() and the fast paths' C ends). */
static inline void v86_iopl3_window(const struct vm *vm, const struct Client_Reg_Struc *c)
{
    if (v86_iopl3(vm) && !(c->Client_EFlags & EFL_IF)) {
        sti();
        __asm__ volatile("nop");
        cli();
    }
}

#define FAULT_RUNAWAY_LIMIT 20000

#endif
