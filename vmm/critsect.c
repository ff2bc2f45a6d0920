/* The critical section (rules in vmm/critsect.h). */
#include "vmm/critsect.h"
#include "vmm/sched.h"
#include "vmm/thread.h"
#include "vxd/regs.h"
#include "include/vmm.h"

struct vm *crit_owner;
uint32_t crit_claims;
static struct thread *owner_thread;     /* which of crit_owner's threads */

#define MAX_NOT_CRIT_CALLBACKS 16
static struct { const void *proc; uint32_t refdata; } not_crit[MAX_NOT_CRIT_CALLBACKS];

static void run_not_critical(void)
{
    for (int i = 0; i < MAX_NOT_CRIT_CALLBACKS && !crit_owner; i++) {
        if (!not_crit[i].proc)
            continue;
        struct vxd_regs r = { .ebx = (uint32_t)cur_vm, .edx = not_crit[i].refdata, .eflags = 2 };
        const void *proc = not_crit[i].proc;
        not_crit[i].proc = 0;
        vxd_call_regs(&r, proc);
    }
}

void crit_claim(uint32_t n, uint32_t block_flags)
{
    struct vm *vm = cur_vm;
    if (!n)
        return;
    while (crit_owner && owner_thread != thread_current())
        sched_block(&crit_owner, block_flags);
    if (!crit_owner) {
        crit_owner = vm;
        owner_thread = thread_current();
        sched_adjust_priority(vm, Critical_Section_Boost);
    }
    crit_claims += n;
}

static void crit_free(void)
{
    struct vm *was = crit_owner;
    crit_owner = 0;
    owner_thread = 0;
    crit_claims = 0;
    if (was && !was->dead)
        sched_adjust_priority(was, -(int32_t)Critical_Section_Boost);
    sched_wake(&crit_owner, true);
    run_not_critical();
}

bool crit_release(uint32_t n)
{
    if (!crit_owner || owner_thread != thread_current() || n > crit_claims)
        return false;
    crit_claims -= n;
    if (!crit_claims)
        crit_free();
    return true;
}

bool crit_call_when_not_critical(const void *proc, uint32_t refdata)
{
    if (!crit_owner) {
        struct vxd_regs r = { .ebx = (uint32_t)cur_vm, .edx = refdata, .eflags = 2 };
        vxd_call_regs(&r, proc);
        return true;
    }
    for (int i = 0; i < MAX_NOT_CRIT_CALLBACKS; i++)
        if (!not_crit[i].proc) {
            not_crit[i].proc = proc;
            not_crit[i].refdata = refdata;
            return true;
        }
    return false;
}

void crit_vm_gone(struct vm *vm)
{
    if (crit_owner == vm)
        crit_free();
}

void crit_thread_gone(struct thread *t)
{
    if (crit_owner && owner_thread == t)
        crit_free();
}

struct thread *crit_owner_thread(void) { return crit_owner ? owner_thread : 0; }
