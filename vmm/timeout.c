#include "vmm/timeout.h"
#include "vmm/timer.h"
#include "vmm/lib/x86.h"

struct timeout {
    uint32_t handle;                    /* 0 = free; low 8 bits = index + 1 */
    uint32_t due;                       /* on its clock */
    const volatile uint32_t *clock;     /* system_time_ms, or an execution time */
    struct vm *vm;
    timeout_fn fn;
    void *arg;
};

static struct timeout table[MAX_TIMEOUTS];
static uint32_t generation;
static uint32_t active;

uint32_t timeout_set(uint32_t ms, struct vm *vm, const volatile uint32_t *clock, timeout_fn fn, void *arg)
{
    if (!clock)
        clock = &system_time_ms;
    uint32_t f = irq_save();
    uint32_t h = 0;
    for (uint32_t i = 0; i < MAX_TIMEOUTS; i++) {
        if (table[i].handle)
            continue;
        generation++;
        h = (generation << 8) | (i + 1);
        table[i] = (struct timeout){ h, *clock + ms, clock, vm, fn, arg };
        active++;
        break;
    }
    irq_restore(f);
    return h;
}

bool timeout_cancel(uint32_t handle)
{
    uint32_t i = (handle & 0xFF) - 1;
    if (!handle || i >= MAX_TIMEOUTS)
        return false;
    uint32_t f = irq_save();
    bool ok = table[i].handle == handle;
    if (ok) {
        table[i].handle = 0;
        active--;
    }
    irq_restore(f);
    return ok;
}

void timeout_run(void)
{
    if (!active)
        return;
    for (uint32_t i = 0; i < MAX_TIMEOUTS; i++) {
        struct timeout *t = &table[i];
        if (!t->handle)
            continue;
        uint32_t now = *t->clock;
        if ((int32_t)(now - t->due) < 0)
            continue;
        struct timeout fired = *t;
        t->handle = 0;
        active--;
        if (fired.vm && fired.vm->dead)
            continue;
        fired.fn(fired.arg, now - fired.due);
    }
}

int timeout_list(struct timeout_info *out, int max)
{
    int n = 0;
    for (uint32_t i = 0; i < MAX_TIMEOUTS && n < max; i++)
        if (table[i].handle)
            out[n++] = (struct timeout_info){ table[i].handle, table[i].due,
                                              table[i].vm ? table[i].vm->CB_VMID : 0,
                                              (int32_t)(table[i].due - *table[i].clock),
                                              table[i].clock != &system_time_ms };
    return n;
}

void timeout_vm_gone(struct vm *vm)
{
    uint32_t f = irq_save();
    for (uint32_t i = 0; i < MAX_TIMEOUTS; i++)
        if (table[i].handle && table[i].vm == vm) {
            table[i].handle = 0;
            active--;
        }
    irq_restore(f);
}
