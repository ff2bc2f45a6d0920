#include "callbacks/vmreturns.h"
#include "callbacks/v86page.h"
#include "v86/guestmem.h"
#include "vmm/timeout.h"

struct vm_return {
    bool used, attached, timed_out, called_at_timeout;
    struct vm *vm;
    int32_t timeout_ms;
    uint32_t timeout;                   /* handle, 0 = none */
    uint16_t ret_cs, ret_ip;            /* the real return address */
    struct vxd_callback cb;
    struct vm_return *next_pending;     /* requests made in the current hook chain */
};

static struct vm_return slots[V86PAGE_NUM_RETURNS];
static struct vm_return *pending;       /* waiting for the frame of the interrupt being reflected */
static int hook_depth;

static void on_timeout(void *arg, uint32_t late)
{
    (void)late;
    struct vm_return *r = arg;
    r->timeout = 0;
    r->timed_out = true;
    if (r->vm->dead)
        return;
    r->called_at_timeout = true;
    invoke_vm_returns(&r->cb, r->vm, true);
}

/* Point the interrupt frame at SS:SP back to slot r. */
static void attach(struct vm *vm, struct Client_Reg_Struc *c, struct vm_return *r)
{
    uint16_t sp = (uint16_t)c->Client_ESP;
    uint16_t frame[2];
    vm_read_seg(vm, c->Client_SS, sp, frame, sizeof frame);
    r->ret_ip = frame[0];
    r->ret_cs = frame[1];
    frame[0] = V86PAGE_RETURNS + (r - slots);
    frame[1] = v86page_seg;
    vm_write_seg(vm, c->Client_SS, sp, frame, sizeof frame);
    r->attached = true;
    if (r->timeout_ms)
        r->timeout = timeout_set(r->timeout_ms < 0 ? -r->timeout_ms : r->timeout_ms, vm, 0, on_timeout, r);
}

static void release(struct vm_return *r)
{
    if (r->timeout)
        timeout_cancel(r->timeout);
    r->used = false;
}

/* The interrupt returned at once (a hook serviced it): the callback runs now. */
static void returned_now(struct vm *vm, struct vm_return *r)
{
    invoke_vm_returns(&r->cb, vm, false);
    release(r);
}

bool vmreturns_request(struct vm *vm, int32_t timeout_ms, const struct vxd_callback *cb)
{
    struct vm_return *r = 0;
    for (int i = 0; i < V86PAGE_NUM_RETURNS && !r; i++)
        if (!slots[i].used)
            r = &slots[i];
    if (!r || !v86page_seg)
        return false;
    *r = (struct vm_return){ .used = true, .vm = vm, .timeout_ms = timeout_ms, .cb = *cb };
    if (hook_depth > 0) {
        r->next_pending = pending;
        pending = r;
    } else {
        attach(vm, vm_crs(vm), r);      /* after Simulate_Int: the frame is at SS:SP */
    }
    return true;
}

void *vmreturns_hooks_begin(struct vm *vm)
{
    (void)vm;
    void *saved = pending;
    pending = 0;
    hook_depth++;
    return saved;
}

void vmreturns_hooks_end(struct vm *vm, struct Client_Reg_Struc *c, void *saved, bool frame_pushed)
{
    struct vm_return *list = pending;
    pending = saved;
    hook_depth--;
    /* Requests come in reverse; the first made must be outermost on return. */
    struct vm_return *rev = 0;
    while (list) {
        struct vm_return *n = list->next_pending;
        list->next_pending = rev;
        rev = list;
        list = n;
    }
    for (struct vm_return *r = rev; r;) {
        struct vm_return *n = r->next_pending;
        if (frame_pushed)
            attach(vm, c, r);
        else
            returned_now(vm, r);
        r = n;
    }
}

bool vmreturns_dispatch(struct vm *vm, struct Client_Reg_Struc *c, uint16_t off)
{
    uint32_t i = off - V86PAGE_RETURNS;
    if (off < V86PAGE_RETURNS || i >= V86PAGE_NUM_RETURNS)
        return false;
    struct vm_return *r = &slots[i];
    if (!r->used || !r->attached || r->vm != vm)
        return false;                   /* a stray jump: not honoured */
    c->Client_CS = r->ret_cs;
    c->Client_EIP = r->ret_ip;
    bool call = !(r->timed_out && r->timeout_ms > 0);
    struct vxd_callback cb = r->cb;
    release(r);
    if (call)
        invoke_vm_returns(&cb, vm, false);
    return true;
}

int vmreturns_pending(void)
{
    int n = 0;
    for (int i = 0; i < V86PAGE_NUM_RETURNS; i++)
        n += slots[i].used;
    return n;
}

void vmreturns_vm_gone(struct vm *vm)
{
    for (int i = 0; i < V86PAGE_NUM_RETURNS; i++)
        if (slots[i].used && slots[i].vm == vm)
            release(&slots[i]);
}
