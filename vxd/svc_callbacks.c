/* VMM services that register VxD callbacks: breakpoints, V86 callbacks,
 * Call_When_VM_Returns, interrupt and fault hooks, time-outs.  The DDK
 * services take register-level procedures; the VMM386_*_Ex services also
 * take cdecl C functions (ECX flags), which the C forms of include/vmm.h use. */
#include "vxd/regs.h"
#include "vxd/svc_check.h"
#include "vxd/svc_names.h"
#include "vmm/console.h"
#include "vmm/vm.h"
#include "vmm/timer.h"
#include "vmm/timeout.h"
#include "callbacks/invoke.h"
#include "callbacks/breakpoints.h"
#include "callbacks/v86callback.h"
#include "callbacks/vmreturns.h"
#include "callbacks/faulthooks.h"
#include "v86/intchain.h"
#include "include/vmm.h"
#include "vmm/thread.h"
#include "vmm/events.h"
#include "vmm/lib/printf.h"
#include "vmm/lib/x86.h"

extern char fault_pass_stub[];

static struct vxd_callback cb_from(const struct vxd_regs *r, uint32_t flags)
{
    return (struct vxd_callback){ (const void *)r->esi, flags & VMM386_CB_C, r->edx };
}

/* ---- breakpoints */
static void install_bp(struct vxd_regs *r, uint32_t flags)
{
    struct vxd_callback cb = cb_from(r, flags);
    regs_set_cf(r, bp_install(cur_vm, r->eax, &cb, flags & VMM386_BP_INT3, flags & VMM386_BP_ROM) != BP_OK);
}

void svc_Install_V86_Break_Point(struct vxd_regs *r) { install_bp(r, 0); }
void svc_VMM386_Install_V86_Break_Point_Ex(struct vxd_regs *r) { install_bp(r, r->ecx); }
void svc_Remove_V86_Break_Point(struct vxd_regs *r) { regs_set_cf(r, bp_remove(cur_vm, r->eax) != BP_OK); }

void svc_VMM386_Get_Break_Point_Info(struct vxd_regs *r)
{
    r->ecx = (uint32_t)bp_hits(cur_vm, r->eax);
    regs_set_cf(r, (int32_t)r->ecx < 0);
}

/* ---- V86 callbacks */
static void allocate_cb(struct vxd_regs *r, uint32_t flags)
{
    struct vxd_callback cb = cb_from(r, flags);
    uint32_t a = v86cb_allocate(&cb);
    r->eax = a;
    regs_set_cf(r, !a);
}

void svc_Allocate_V86_Call_Back(struct vxd_regs *r) { allocate_cb(r, 0); }
void svc_VMM386_Allocate_V86_Call_Back_Ex(struct vxd_regs *r) { allocate_cb(r, r->ecx); }

/* ---- Call_When_VM_Returns */
static void when_returns(struct vxd_regs *r, uint32_t flags)
{
    struct vxd_callback cb = cb_from(r, flags);
    regs_set_cf(r, !vmreturns_request(cur_vm, (int32_t)r->eax, &cb));
}

void svc_Call_When_VM_Returns(struct vxd_regs *r) { when_returns(r, 0); }
void svc_VMM386_Call_When_VM_Returns_Ex(struct vxd_regs *r) { when_returns(r, r->ecx); }

/* ---- V86 interrupt hooks: one adapter per hooked (vector, procedure) */
#define MAX_VXD_INT_HOOKS 128
struct int_hook_slot { bool used; unsigned vec; struct vxd_callback cb; };
static struct int_hook_slot int_hooks[MAX_VXD_INT_HOOKS];

static bool int_hook_adapter(struct vm *vm, struct Client_Reg_Struc *c, unsigned vec, void *ref)
{
    (void)c;
    return invoke_int_hook(&((struct int_hook_slot *)ref)->cb, vm, vec);
}

static void hook_int(struct vxd_regs *r, uint32_t flags)
{
    unsigned vec = r->eax;
    struct int_hook_slot *s = 0;
    for (int i = 0; i < MAX_VXD_INT_HOOKS && !s; i++)
        if (!int_hooks[i].used)
            s = &int_hooks[i];
    if (vec > 0xFF || !s) {
        regs_set_cf(r, true);
        return;
    }
    /* Allowed, as in the DDK, but no author means it. */
    for (int i = 0; i < MAX_VXD_INT_HOOKS; i++)
        if (int_hooks[i].used && int_hooks[i].vec == vec && int_hooks[i].cb.proc == (const void *)r->esi) {
            char who[48];
            kprintf("vmm386: warning: %s hooks INT %02Xh with procedure %08x a second time: "
                    "it will run twice per interrupt\n",
                    vxd_caller(svc_call_site(r), who, sizeof who), vec, r->esi);
            break;
        }
    *s = (struct int_hook_slot){ true, vec, { (const void *)r->esi, flags & VMM386_CB_C, 0 } };
    /* a C hook straight from the chain, past the adapter */
    bool ok = v86_hook_int_c(vec, int_hook_adapter, s, s->cb.flags & VMM386_CB_C ? s->cb.proc : 0) == 0;
    s->used = ok;
    regs_set_cf(r, !ok);
}

static void unhook_int(struct vxd_regs *r)
{
    for (int i = 0; i < MAX_VXD_INT_HOOKS; i++) {
        struct int_hook_slot *s = &int_hooks[i];
        if (s->used && s->vec == r->eax && s->cb.proc == (const void *)r->esi) {
            v86_unhook_int(s->vec, int_hook_adapter, s);
            s->used = false;
            regs_set_cf(r, false);
            return;
        }
    }
    regs_set_cf(r, true);
}

void svc_Hook_V86_Int_Chain(struct vxd_regs *r) { hook_int(r, 0); }
void svc_VMM386_Hook_V86_Int_Chain_Ex(struct vxd_regs *r) { hook_int(r, r->ecx); }
void svc_Unhook_V86_Int_Chain(struct vxd_regs *r) { unhook_int(r); }
void svc_VMM386_Unhook_V86_Int_Chain_Ex(struct vxd_regs *r) { unhook_int(r); }

/* ---- V86 fault hooks */
static void hook_fault(struct vxd_regs *r, uint32_t flags)
{
    struct vxd_callback cb = { (const void *)r->esi, flags & VMM386_CB_C, 0 };
    if (fault_hook_present(r->eax, cb.proc)) {
        char who[48];
        kprintf("vmm386: warning: %s hooks V86 fault %02Xh with procedure %08x a second time: "
                "it will run twice per fault\n", vxd_caller(svc_call_site(r), who, sizeof who),
                r->eax, r->esi);
    }
    bool ok = fault_hook_install(r->eax, &cb);
    if (ok)
        r->esi = (uint32_t)fault_pass_stub;     /* "previous handler": pass it on */
    regs_set_cf(r, !ok);
}

void svc_Hook_V86_Fault(struct vxd_regs *r) { hook_fault(r, 0); }
void svc_VMM386_Hook_V86_Fault_Ex(struct vxd_regs *r) { hook_fault(r, r->ecx); }
void svc_Unhook_V86_Fault(struct vxd_regs *r) { regs_set_cf(r, !fault_hook_remove(r->eax, (const void *)r->esi)); }
void svc_VMM386_Unhook_V86_Fault_Ex(struct vxd_regs *r) { svc_Unhook_V86_Fault(r); }

/* ---- time-outs */
struct vxd_timeout { uint32_t handle; struct vm *vm; struct vxd_callback cb; struct thread *thread; };
static struct vxd_timeout timeouts[MAX_TIMEOUTS];

static void time_out_fired(void *arg, uint32_t late)
{
    struct vxd_timeout *t = arg;
    struct vm *vm = t->vm ? t->vm : cur_vm;
    struct vxd_callback cb = t->cb;
    struct thread *th = t->thread;
    t->handle = 0;
    if (th)
        invoke_thread_time_out(&cb, vm, th, late);
    else
        invoke_time_out(&cb, vm, late);
}

/* A thread ended (vmm/events.c's events_thread_gone): its time-outs go. */
void thread_time_outs_gone(struct thread *th)
{
    for (int i = 0; i < MAX_TIMEOUTS; i++)
        if (timeouts[i].handle && timeouts[i].thread == th) {
            timeout_cancel(timeouts[i].handle);
            timeouts[i].handle = 0;
        }
}

/* A global time-out (vm NULL) counts system time; a VM's, as in the DDK,
 * the VM's execution time; a thread's (th) that thread's. */
static void set_time_out(struct vxd_regs *r, struct vm *vm, struct thread *th, uint32_t flags)
{
    struct vxd_timeout *t = 0;
    for (int i = 0; i < MAX_TIMEOUTS && !t; i++)
        if (!timeouts[i].handle)
            t = &timeouts[i];
    uint32_t h = 0;
    if (t && (!vm || vm_validate(vm))) {
        t->vm = vm;
        t->thread = th;
        t->cb = cb_from(r, flags);
        t->handle = 1;                  /* claimed before the clock can fire it */
        h = timeout_set(r->eax, vm, th ? &th->exec_time_ms : vm ? &vm->exec_time_ms : 0, time_out_fired, t);
        t->handle = h;
    }
    r->esi = h;
}

void svc_Set_Global_Time_Out(struct vxd_regs *r) { set_time_out(r, 0, 0, 0); }

/* A VM time-out for EBX: an invalid VM (0 is not "global") gets ESI = 0. */
static void set_vm_time_out(struct vxd_regs *r, uint32_t flags)
{
    struct vm *vm = svc_vm(r, VMM_Set_VM_Time_Out);
    if (!vm) {
        r->esi = 0;
        return;
    }
    set_time_out(r, vm, 0, flags);
    regs_set_cf(r, !r->esi);
}

void svc_Set_VM_Time_Out(struct vxd_regs *r) { set_vm_time_out(r, 0); }

/* Set_Thread_Time_Out: EDI = thread; an invalid one gets ESI = 0, carry and
 * a log line.  A VM time-out of the thread's VM, marked with the thread. */
static void set_thread_time_out(struct vxd_regs *r, uint32_t flags)
{
    struct thread *th = thread_validate((const void *)r->edi);
    if (!th) {
        char why[40];
        snprintf(why, sizeof why, "invalid thread handle %08x", r->edi);
        svc_refuse(r, VMM_Set_Thread_Time_Out, why);
        r->esi = 0;
        regs_set_cf(r, true);
        return;
    }
    set_time_out(r, thread_vm(th), th, flags);
    regs_set_cf(r, !r->esi);
}

void svc_Set_Thread_Time_Out(struct vxd_regs *r) { set_thread_time_out(r, 0); }
void svc_VMM386_Set_Time_Out_Ex(struct vxd_regs *r)
{
    if (r->ecx & VMM386_TO_THREAD)
        set_thread_time_out(r, r->ecx);
    else if (r->ecx & VMM386_TO_VM)
        set_vm_time_out(r, r->ecx);
    else
        set_time_out(r, 0, 0, r->ecx);
}

void svc_Cancel_Time_Out(struct vxd_regs *r)
{
    for (int i = 0; r->esi && i < MAX_TIMEOUTS; i++)
        if (timeouts[i].handle == r->esi) {
            timeout_cancel(r->esi);
            timeouts[i].handle = 0;
        }
}

void svc_Get_System_Time(struct vxd_regs *r) { r->eax = system_time_ms; }
