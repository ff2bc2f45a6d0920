/* VMM services about threads (vmm/thread.h): register level, the DDK's
 * registers.  A thread handle is refused the way a VM handle is: carry set
 * and a log line naming the service and the calling VxD. */
#include "vxd/regs.h"
#include "vxd/svc_check.h"
#include "vmm/thread.h"
#include "vmm/console.h"
#include "vmm/lib/printf.h"
#include "include/vmm.h"

/* A live thread in EDI, or NULL with carry set and the refusal logged. */
static struct thread *svc_thread(struct vxd_regs *r, uint16_t svc)
{
    struct thread *t = thread_validate((const void *)r->edi);
    if (t) {
        regs_set_cf(r, false);
        return t;
    }
    char why[48];
    snprintf(why, sizeof why, "invalid thread handle %08x", r->edi);
    svc_refuse(r, svc, why);
    regs_set_cf(r, true);
    return 0;
}

void svc_Get_Cur_Thread_Handle(struct vxd_regs *r) { r->edi = (uint32_t)thread_current(); }
void svc_Get_Sys_Thread_Handle(struct vxd_regs *r) { r->edi = (uint32_t)thread_sys(); }
void svc_Test_Cur_Thread_Handle(struct vxd_regs *r)
{
    regs_set_zf(r, r->edi && r->edi == (uint32_t)thread_current());
}
void svc_Test_Sys_Thread_Handle(struct vxd_regs *r)
{
    regs_set_zf(r, r->edi && r->edi == (uint32_t)thread_sys());
}

/* ZF set when EDI is a live thread that is its VM's initial thread. */
void svc_Test_Initial_Thread_Handle(struct vxd_regs *r)
{
    struct thread *t = thread_validate((const void *)r->edi);
    regs_set_zf(r, t && t->initial);
}

void svc_Validate_Thread_Handle(struct vxd_regs *r)
{
    svc_thread(r, VMM_Validate_Thread_Handle);
}

/* EBX = VM -> EDI = its initial thread (an invalid VM: carry, EDI = 0). */
void svc_Get_Initial_Thread_Handle(struct vxd_regs *r)
{
    struct vm *vm = svc_vm(r, VMM_Get_Initial_Thread_Handle);
    r->edi = vm ? (uint32_t)vm->threads : 0;
    if (vm)
        regs_set_cf(r, false);
}

/* VMMcall VMMCreateThread, <SS, ESP, CS, EIP, DS, ES, ThreadType,
 * InitCallback, RefData> (on the stack above the return address) -> EAX =
 * the thread, 0 when refused.  In the current VM; V86 segments and 16-bit
 * offsets until threads run protected-mode code. */
void svc_VMMCreateThread(struct vxd_regs *r)
{
    const uint32_t *a = (const uint32_t *)(r + 1) + 1;
    r->eax = 0;
    if ((a[0] | a[2] | a[4] | a[5] | a[1] | a[3]) > 0xFFFF) {
        svc_refuse(r, VMM_VMMCreateThread, "a segment or offset above FFFFh (V86 threads only)");
        return;
    }
    if (!cur_vm) {
        svc_refuse(r, VMM_VMMCreateThread, "no VM runs yet");
        return;
    }
    struct thread *t = thread_create(cur_vm, (uint16_t)a[0], a[1], (uint16_t)a[2], a[3],
                                     (uint16_t)a[4], (uint16_t)a[5], a[6], (void *)a[7], a[8]);
    r->eax = (uint32_t)t;
}

/* EDI = thread: neither an initial thread nor the current one (DDK). */
void svc_VMMTerminateThread(struct vxd_regs *r)
{
    struct thread *t = svc_thread(r, VMM_VMMTerminateThread);
    if (!t)
        return;
    if (t->initial || t == thread_current() || t->state != THREAD_LIVE) {
        svc_refuse(r, VMM_VMMTerminateThread,
                   t->initial ? "a VM's initial thread (end the VM instead)" :
                   t->state != THREAD_LIVE ? "a thread being created" : "the current thread");
        regs_set_cf(r, true);
        return;
    }
    thread_end(t, 0, "VMMTerminateThread");
    regs_set_cf(r, false);
}

void svc_Call_When_Thread_Switched(struct vxd_regs *r)
{
    regs_set_cf(r, !thread_call_when_switched((const void *)r->esi));
}
