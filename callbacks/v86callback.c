#include "callbacks/v86callback.h"
#include "callbacks/v86page.h"
#include "v86/guestmem.h"

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

uint32_t v86cb_count(void) { return count; }
uint32_t v86cb_hits(uint32_t index) { return index < count ? table[index].hits : 0; }
