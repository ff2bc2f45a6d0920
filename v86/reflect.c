#include "v86/reflect.h"
#include "v86/guestmem.h"
#include "v86/vflags.h"
#include "v86/intchain.h"
#include "vmm/cmdline.h"
#include "vmm/console.h"
#include "callbacks/vmreturns.h"
#include "vmm/trap.h"

void v86_simulate_int(struct vm *vm, struct Client_Reg_Struc *c, uint8_t vec)
{
    uint16_t sp = (uint16_t)c->Client_ESP;
    uint16_t frame[3] = { (uint16_t)c->Client_EIP, c->Client_CS, (uint16_t)v86_flags_image(vm, c) };
    if (sp >= sizeof frame) {
        /* The usual case, every interrupt delivered: the frame lies inside
         * the stack segment, one copy (below 110000h: inside the VM). */
        __builtin_memcpy((void *)(vm->CB_High_Linear + v86_lin(c->Client_SS, sp - sizeof frame)), frame,
                         sizeof frame);
        c->Client_ESP = (c->Client_ESP & 0xFFFF0000u) | (uint16_t)(sp - sizeof frame);
    } else {
        client_push16(vm, c, frame[2]);
        client_push16(vm, c, frame[1]);
        client_push16(vm, c, frame[0]);
    }
    v86_set_vif(vm, c, false);
    c->Client_EFlags &= ~(EFL_TF | EFL_AC);
    vm->shadow_tf = false;
    const uint16_t *ivt = (const uint16_t *)(vm->CB_High_Linear + vec * 4u);   /* its page 0 */
    c->Client_EIP = ivt[0];
    c->Client_CS = ivt[1];
}

bool v86_reflect_int_chain(struct vm *vm, struct Client_Reg_Struc *c, uint8_t vec)
{
    if (cmdline.trace_int)
        kprintf("int VM%u %02x AX=%04x at %04x:%04x\n", vm->CB_VMID, vec,
                c->Client_EAX & 0xFFFF, c->Client_CS, c->Client_EIP & 0xFFFF);
    if (!v86_int_chain[vec]) {
        v86_simulate_int(vm, c, vec);   /* no hook: nothing can attach to the frame */
        return true;
    }
    /* Call_When_VM_Returns from a hook attaches to the frame pushed below. */
    void *saved = vmreturns_hooks_begin(vm);
    bool serviced = v86_run_int_hooks(vm, c, vec);
    if (!serviced)
        v86_simulate_int(vm, c, vec);
    vmreturns_hooks_end(vm, c, saved, !serviced);
    return !serviced;
}

/* The interrupt the VM's controller has for it, in: acknowledged, then the
 * hook chain and the IVT.  A controller that wants to see the handler's
 * IRET (VPICD, for a VID_IRET_Proc) flags the vector, and is called again
 * inside the frame's Call_When_VM_Returns bracket to ask for it. */
static void deliver_hw_vector(struct vm *vm, struct Client_Reg_Struc *c, int vec)
{
    if (!(vec & VMM386_INTC_WATCH_IRET)) {
        v86_reflect_int(vm, c, (uint8_t)vec);
        return;
    }
    void *saved = vmreturns_hooks_begin(vm);
    vm_int_watch_iret(vm);
    bool pushed = v86_reflect_int(vm, c, (uint8_t)vec);
    vmreturns_hooks_end(vm, c, saved, pushed);
}

static inline void deliver_hw_int(struct vm *vm, struct Client_Reg_Struc *c)
{
    int vec = vm_int_ack(vm);
    if (vec >= 0)
        deliver_hw_vector(vm, c, vec);
}

void v86_reflect_fault(struct vm *vm, struct Client_Reg_Struc *c, uint8_t vec)
{
    uint32_t csip = ((uint32_t)c->Client_CS << 16) | (c->Client_EIP & 0xFFFF);
    if (csip == vm->last_fault_csip) {
        if (++vm->fault_repeat >= FAULT_RUNAWAY_LIMIT)
            vm_terminate(vm, "exception %u repeated %u times at %04x:%04x",
                         vec, vm->fault_repeat, c->Client_CS, c->Client_EIP & 0xFFFF);
    } else {
        vm->last_fault_csip = csip;
        vm->fault_repeat = 1;
    }
    if (cmdline.trace_fault)
        kprintf("fault VM%u exception %u at %04x:%04x reflected\n", vm->CB_VMID, vec,
                c->Client_CS, c->Client_EIP & 0xFFFF);
    v86_reflect_int(vm, c, vec);
}

/* Still on the instruction right after an STI?  Then an interrupt must
 * wait for it: single-step it (TF) and deliver on the #DB. */
static bool in_sti_shadow(struct vm *vm, struct Client_Reg_Struc *c, bool pending)
{
    if (!vm->sti_shadow)
        return false;
    uint32_t csip = ((uint32_t)c->Client_CS << 16) | (c->Client_EIP & 0xFFFF);
    if (csip != vm->shadow_csip) {
        vm->sti_shadow = false;
        return false;
    }
    if (pending && !(c->Client_EFlags & EFL_TF)) {
        c->Client_EFlags |= EFL_TF;
        vm->shadow_tf = true;
    }
    return true;
}

void v86_deliver_pending(struct vm *vm, struct Client_Reg_Struc *c)
{
    /* Past the end of the code segment a 386 would have faulted on the next
     * fetch; an emulator that does not check the limit (QEMU) runs the VM on
     * at CS:10000h.  Stop it here, on the way back, before an interrupt frame
     * with a truncated IP could send it somewhere else. */
    if (c->Client_EIP > 0xFFFF)
        vm_terminate(vm, "execution past the end of the code segment at %04x:%04x",
                     c->Client_CS, c->Client_EIP);
    if (vme_enabled) {                  /* (without VME VIP is never the VM's: v86_safe_eflags) */
        c->Client_EFlags &= ~EFL_VIP;
        /* Call_When_VM_Ints_Enabled: with VME the STI that enables must trap. */
        if (vm->n_ints_waiters && !v86_vif(vm, c))
            c->Client_EFlags |= EFL_VIP;
    }
    if (!vm->int_requested && !vm->sti_shadow)
        return;                         /* the common case: nothing requested */
    if (!vm->sti_shadow) {
        if (v86_vif(vm, c)) {
            deliver_hw_int(vm, c);      /* the next common one: in it goes, if any */
            return;
        }
        /* IF off: the STI, POPF or IRET that turns it on delivers (without
         * VME it traps); nothing to ask the controller now. */
        if (!vme_enabled)
            return;
    }
    bool pending = vm_int_pending(vm);
    if (in_sti_shadow(vm, c, pending) || !pending)
        return;
    if (!v86_vif(vm, c)) {
        /* With VME the CPU traps the STI/POPF that enables interrupts. */
        if (vme_enabled)
            c->Client_EFlags |= EFL_VIP;
        return;
    }
    deliver_hw_int(vm, c);
}

/* boot/fastpath.asm's deliver: an STI/POPF/IRET it emulated turned the
 * VM's IF on with an interrupt requested.  What v86_deliver_pending() would
 * do, without its checks the fast path has made (no VME, not trusted, no
 * STI shadow, TF clear, IP below 10000h, IF on, int_requested set).  The
 * controller acknowledges here; the common case, a vector nobody hooked,
 * with room for its frame on the stack and nothing for the way back (no
 * event queued, no scheduler waiting), is returned for the asm to push
 * its frame (SIMULATE_INT: the FLAGS image its PUSHF shows).  Anything
 * else is done here, the way back trap() takes included: -1. */
int v86_deliver_fast(struct trapframe *tf);
int v86_deliver_fast(struct trapframe *tf)
{
    struct vm *vm = cur_vm;
    struct Client_Reg_Struc *c = &tf->crs;
    LONG vec = intc_proc((VMHANDLE)vm, VMM386_INTC_ACK);
    if (vec >= 0 && !(vec & VMM386_INTC_WATCH_IRET) && !v86_int_chain[vec & 0xFF] &&
        (uint16_t)c->Client_ESP >= 6 && !(sched_resched | events_queued | cmdline.trace_int))
        return (int)(vec & 0xFF);           /* the asm indexes the IVT with it */
    if (vec >= 0)
        deliver_hw_vector(vm, c, vec);
    v86_resume(vm, c);
    return -1;
}
