#include "callbacks/faulthooks.h"
#include "v86/fastpath.h"

struct fault_hook {
    unsigned fault;
    struct vxd_callback cb;
    bool used;
};

static struct fault_hook hooks[MAX_FAULT_HOOKS];
static unsigned order[MAX_FAULT_HOOKS];     /* installation order, newest last */
static unsigned n;
unsigned fault_hooks_installed;      /* == n, for the monitor's quick check */

bool fault_hook_install(unsigned fault, const struct vxd_callback *cb)
{
    if (fault > 0x1F || n == MAX_FAULT_HOOKS)
        return false;
    for (unsigned i = 0; i < MAX_FAULT_HOOKS; i++) {
        if (hooks[i].used)
            continue;
        hooks[i] = (struct fault_hook){ fault, *cb, true };
        order[n++] = i;
        fault_hooks_installed = n;
        v86_fastpath_fault_hooks(n);
        return true;
    }
    return false;
}

bool fault_hook_present(unsigned fault, const void *proc)
{
    for (unsigned k = 0; k < n; k++)
        if (hooks[order[k]].fault == fault && hooks[order[k]].cb.proc == proc)
            return true;
    return false;
}

bool fault_hook_remove(unsigned fault, const void *proc)
{
    for (unsigned k = n; k-- > 0;) {
        struct fault_hook *h = &hooks[order[k]];
        if (h->fault == fault && h->cb.proc == proc) {
            h->used = false;
            for (unsigned j = k; j + 1 < n; j++)
                order[j] = order[j + 1];
            fault_hooks_installed = --n;
            v86_fastpath_fault_hooks(n);
            return true;
        }
    }
    return false;
}

bool fault_hooks_run(struct vm *vm, unsigned fault)
{
    for (unsigned k = n; k-- > 0;) {
        struct fault_hook *h = &hooks[order[k]];
        if (h->fault == fault && invoke_fault_hook(&h->cb, vm, fault))
            return true;
    }
    return false;
}
