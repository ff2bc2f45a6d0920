#include "callbacks/v86callback.h"
#include "callbacks/v86page.h"
#include "v86/guestmem.h"
#include "v86/reflect.h"
#include "callbacks/udfast.h"

struct v86cb {
    struct vxd_callback cb;
    uint32_t hits;
};

static struct v86cb table[V86PAGE_NUM_CALLBACKS];
static uint32_t count;

uint32_t v86cb_allocate(const struct vxd_callback *cb)
{
    if (count == V86PAGE_NUM_CALLBACKS || !v86page_seg)
        return 0;
    table[count].cb = *cb;
    return ((uint32_t)v86page_seg << 16) | (V86PAGE_CALLBACKS + count++);
}

bool v86cb_dispatch(struct vm *vm, struct Client_Reg_Struc *c, uint16_t off)
{
    uint32_t i = off - V86PAGE_CALLBACKS;
    if (off < V86PAGE_CALLBACKS || i >= count)
        return false;
    table[i].hits++;
    /* Simulate_Far_Ret: the VM continues after its CALL FAR. */
    c->Client_EIP = client_pop16(vm, c);
    c->Client_CS = client_pop16(vm, c);
    invoke_v86_call_back(&table[i].cb, vm);
    return true;
}

/* The same from the #UD fast path (callbacks/udfast.h): the return frame is
 * read in place when it lies inside the stack segment (SP <= FFFCh). */
void v86cb_ud_fast(struct trapframe *tf)
{
    struct vm *vm = cur_vm;
    struct Client_Reg_Struc *c = &tf->crs;
    uint32_t lin = a20_wrap(v86_lin(c->Client_CS, (uint16_t)c->Client_EIP), vm->a20);
    uint32_t i = lin - v86page_lin - V86PAGE_CALLBACKS;
    uint16_t sp = (uint16_t)c->Client_ESP;
    if (!v86page_contains(lin) || i >= count || sp > 0xFFFC || !ud_fast_ok(vm, c)) {
        trap(tf);
        return;
    }
    const uint16_t *frame = vm_flat(vm, v86_lin(c->Client_SS, sp), 4);
    table[i].hits++;
    c->Client_EIP = frame[0];
    c->Client_CS = frame[1];
    c->Client_ESP = (c->Client_ESP & 0xFFFF0000u) | (uint16_t)(sp + 4);
    invoke_v86_call_back(&table[i].cb, vm);
    v86_resume(vm, c);
}

uint32_t v86cb_count(void) { return count; }
uint32_t v86cb_hits(uint32_t index) { return index < count ? table[index].hits : 0; }
