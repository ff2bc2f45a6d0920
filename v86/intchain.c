#include "v86/intchain.h"
#include "boot/tss.h"
#include "v86/vflags.h"
#include "vmm/cmdline.h"
#include "include/vmm.h"

struct int_hook {
    v86_int_hook_fn fn;
    void *ref;
    struct int_hook *next;
    V86Int_HANDLER c_proc;              /* a VxD's C hook: called directly */
};

static struct int_hook pool[V86_MAX_INT_HOOKS];
static struct int_hook *free_list;
struct int_hook *v86_int_chain[256];      /* read by the #GP fast path (boot/fastpath.asm) */
static bool pool_ready;

static struct int_hook *node_alloc(void)
{
    if (!pool_ready) {
        for (int i = 0; i < V86_MAX_INT_HOOKS; i++) {
            pool[i].next = free_list;
            free_list = &pool[i];
        }
        pool_ready = true;
    }
    struct int_hook *h = free_list;
    if (h)
        free_list = h->next;
    return h;
}

static void redirect_update(unsigned vec)
{
    if (vme_enabled)
        tss_int_trap(vec, v86_int_chain[vec] || cmdline.trace_int);
}

void v86_int_redirect_sync(void)
{
    for (unsigned v = 0; v < 256; v++)
        redirect_update(v);
}

int v86_hook_int(unsigned vec, v86_int_hook_fn fn, void *ref)
{
    return v86_hook_int_c(vec, fn, ref, 0);
}

int v86_hook_int_c(unsigned vec, v86_int_hook_fn fn, void *ref, const void *c_proc)
{
    if (vec > 255)
        return -1;
    struct int_hook *h = node_alloc();
    if (!h)
        return -1;
    h->fn = fn;
    h->ref = ref;
    h->c_proc = (V86Int_HANDLER)c_proc;
    h->next = v86_int_chain[vec];
    v86_int_chain[vec] = h;
    redirect_update(vec);
    return 0;
}

int v86_unhook_int(unsigned vec, v86_int_hook_fn fn, void *ref)
{
    if (vec > 255)
        return -1;
    for (struct int_hook **pp = &v86_int_chain[vec]; *pp; pp = &(*pp)->next) {
        if ((*pp)->fn == fn && (*pp)->ref == ref) {
            struct int_hook *h = *pp;
            *pp = h->next;
            h->next = free_list;
            free_list = h;
            redirect_update(vec);
            return 0;
        }
    }
    return -1;
}

bool v86_run_int_hooks(struct vm *vm, struct Client_Reg_Struc *c, unsigned vec)
{
    for (struct int_hook *h = v86_int_chain[vec & 0xFF]; h; ) {
        struct int_hook *next = h->next;   /* a hook may unhook itself */
        if (h->c_proc ? h->c_proc(vec, (VMHANDLE)vm, (CLIENT_STRUCT *)vm_crs(vm)) != 0
                      : h->fn(vm, c, vec, h->ref))
            return true;
        h = next;
    }
    return false;
}

int v86_int_hook_count(unsigned vec)
{
    int n = 0;
    for (struct int_hook *h = v86_int_chain[vec & 0xFF]; h; h = h->next)
        n++;
    return n;
}
