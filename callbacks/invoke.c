#include "callbacks/invoke.h"
#include "vxd/regs.h"
#include "vxd/svc_names.h"
#include "vmm/console.h"
#include "vmm/lib/x86.h"
#include "vmm/thread.h"
#include "include/vmm.h"

static bool is_c(const struct vxd_callback *cb) { return cb->flags & VMM386_CB_C; }
static CLIENT_STRUCT *crs_of(struct vm *vm) { return (CLIENT_STRUCT *)vm_crs(vm); }

static void regs_init(struct vxd_regs *r, struct vm *vm, const struct vxd_callback *cb)
{
    *r = (struct vxd_regs){ 0 };
    r->ebx = (uint32_t)vm;
    r->edx = cb->refdata;
    r->ebp = (uint32_t)vm_crs(vm);
    r->eflags = 0x2;
}

void invoke_break_point_regs(const struct vxd_callback *cb, struct vm *vm, uint32_t break_addr, uint32_t lin)
{
    struct vxd_regs r;
    regs_init(&r, vm, cb);
    r.eax = break_addr;
    r.esi = lin;
    vxd_call_regs(&r, cb->proc);
}

void invoke_v86_call_back_regs(const struct vxd_callback *cb, struct vm *vm)
{
    struct vxd_regs r;
    regs_init(&r, vm, cb);
    vxd_call_regs(&r, cb->proc);
}

void invoke_vm_returns(const struct vxd_callback *cb, struct vm *vm, bool timed_out)
{
    if (is_c(cb)) {
        ((VMReturns_HANDLER)cb->proc)((VMHANDLE)vm, crs_of(vm), cb->refdata, timed_out);
        return;
    }
    struct vxd_regs r;
    regs_init(&r, vm, cb);
    regs_set_cf(&r, timed_out);
    vxd_call_regs(&r, cb->proc);
}

void invoke_time_out(const struct vxd_callback *cb, struct vm *vm, uint32_t late)
{
    if (is_c(cb)) {
        ((TimeOut_HANDLER)cb->proc)((VMHANDLE)vm, crs_of(vm), cb->refdata, late);
        return;
    }
    struct vxd_regs r;
    regs_init(&r, vm, cb);
    r.ecx = late;
    vxd_call_regs(&r, cb->proc);
}

/* An event callback may change EAX, EBX, ECX, EDX, ESI, EDI and the flags,
 * but must give the flags back in the state the VMM's C code relies on: the
 * direction flag clear, and interrupts as it got them.  (The DDK says
 * "enabled"; vmm386's ring 0 runs with interrupts off outside the idle HLT,
 * and calls callbacks so: a callback that turns them on opens the VMM to
 * re-entry it is not written for.)  vxd_call_regs and c_flags() have
 * already repaired both (CLD, CLI); this names the culprit. */
#define CB_BAD_FLAGS (EFL_IF | EFL_DF)

static __attribute__((noinline)) void bad_return(const struct vxd_callback *cb, uint32_t fl, const char *kind)
{
    char who[48];
    kprintf("vmm386: %s callback %s at %08x returned with %s%s%s (repaired)\n", kind,
            vxd_caller((uint32_t)cb->proc, who, sizeof who), (uint32_t)cb->proc,
            fl & EFL_IF ? "interrupts enabled" : "", (fl & CB_BAD_FLAGS) == CB_BAD_FLAGS ? " and " : "",
            fl & EFL_DF ? "the direction flag set" : "");
}

static inline void check_return(const struct vxd_callback *cb, uint32_t fl, const char *kind)
{
    if (__builtin_expect(fl & CB_BAD_FLAGS, 0))
        bad_return(cb, fl, kind);
}

/* Right after a C callback returns: its flags, then CLD and CLI. */
static inline uint32_t c_flags(void)
{
    uint32_t f;
    __asm__ volatile("pushfl; popl %0; cld; cli" : "=r"(f) :: "memory", "cc");
    return f;
}

void invoke_event(const struct vxd_callback *cb, struct vm *vm)
{
    if (is_c(cb)) {
        ((Event_HANDLER)cb->proc)((VMHANDLE)vm, crs_of(vm), cb->refdata);
        check_return(cb, c_flags(), "event");
        return;
    }
    struct vxd_regs r;
    regs_init(&r, vm, cb);
    vxd_call_regs(&r, cb->proc);
    check_return(cb, r.eflags, "event");
}

bool invoke_int_hook(const struct vxd_callback *cb, struct vm *vm, unsigned vec)
{
    if (is_c(cb))
        return ((V86Int_HANDLER)cb->proc)(vec, (VMHANDLE)vm, crs_of(vm));
    struct vxd_regs r;
    regs_init(&r, vm, cb);
    r.eax = vec;
    regs_set_cf(&r, true);
    vxd_call_regs(&r, cb->proc);
    return !regs_cf(&r);
}

/* A DDK fault handler that does not handle the fault jumps to the previous
 * handler; the "previous handler" vmm386 hands out is fault_pass_stub,
 * which records that it was reached. */
volatile uint32_t fault_passed;

bool invoke_fault_hook(const struct vxd_callback *cb, struct vm *vm, unsigned fault)
{
    if (is_c(cb))
        return ((V86Fault_HANDLER)cb->proc)(fault, (VMHANDLE)vm, crs_of(vm));
    struct vxd_regs r;
    regs_init(&r, vm, cb);
    r.eax = fault;
    fault_passed = 0;
    vxd_call_regs(&r, cb->proc);
    return !fault_passed;
}

uint32_t invoke_io(const struct vxd_callback *cb, struct vm *vm, uint32_t type, uint16_t port, uint32_t out)
{
    if (is_c(cb))
        return ((IO_HANDLER)cb->proc)((VMHANDLE)vm, type, port, crs_of(vm), out);
    struct vxd_regs r;
    regs_init(&r, vm, cb);
    r.eax = out;
    r.ecx = type;
    r.edx = port;
    vxd_call_regs(&r, cb->proc);
    return r.eax;
}

void invoke_priority_event(const struct vxd_callback *cb, struct vm *vm, bool timed_out)
{
    if (is_c(cb)) {
        ((PriorityEvent_HANDLER)cb->proc)((VMHANDLE)vm, crs_of(vm), cb->refdata, timed_out);
        check_return(cb, c_flags(), "priority event");
        return;
    }
    struct vxd_regs r;
    regs_init(&r, vm, cb);
    r.edi = (uint32_t)thread_current();
    regs_set_cf(&r, timed_out);
    vxd_call_regs(&r, cb->proc);
    check_return(cb, r.eflags, "priority event");
}

void invoke_thread_time_out(const struct vxd_callback *cb, struct vm *vm, struct thread *t, uint32_t late)
{
    CLIENT_STRUCT *crs = (CLIENT_STRUCT *)thread_crs(t);
    if (is_c(cb)) {
        ((ThreadTimeOut_HANDLER)cb->proc)((VMHANDLE)vm, (THREADHANDLE)t, crs, cb->refdata, late);
        return;
    }
    struct vxd_regs r;
    regs_init(&r, vm, cb);
    r.ebp = (uint32_t)crs;
    r.edi = (uint32_t)t;
    r.ecx = late;
    vxd_call_regs(&r, cb->proc);
}

void invoke_restricted_event(const struct vxd_callback *cb, struct vm *vm, struct thread *t, bool timed_out)
{
    if (is_c(cb)) {
        ((RestrictedEvent_HANDLER)cb->proc)((VMHANDLE)vm, (THREADHANDLE)t, crs_of(vm), cb->refdata, timed_out);
        check_return(cb, c_flags(), "restricted event");
        return;
    }
    struct vxd_regs r;
    regs_init(&r, vm, cb);
    r.edi = (uint32_t)t;
    regs_set_cf(&r, timed_out);
    vxd_call_regs(&r, cb->proc);
    check_return(cb, r.eflags, "restricted event");
}
