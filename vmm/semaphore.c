/* Semaphores (rules in vmm/semaphore.h).  A handle is the slot's
 * generation above its index, so a destroyed one never matches again. */
#include "vmm/semaphore.h"
#include "vmm/sched.h"

struct semaphore {
    uint32_t handle;                    /* 0: free */
    int32_t tokens;                     /* < 0: that many VMs wait */
};

static struct semaphore sems[MAX_SEMAPHORES];
static uint32_t generation;

static struct semaphore *lookup(uint32_t handle)
{
    uint32_t i = (handle & 0xFF) - 1;
    if (!handle || i >= MAX_SEMAPHORES || sems[i].handle != handle)
        return 0;
    return &sems[i];
}

uint32_t semaphore_create(int32_t tokens)
{
    for (uint32_t i = 0; i < MAX_SEMAPHORES; i++)
        if (!sems[i].handle) {
            sems[i].handle = (++generation << 8) | (i + 1);
            sems[i].tokens = tokens;
            return sems[i].handle;
        }
    return 0;
}

bool semaphore_destroy(uint32_t handle)
{
    struct semaphore *s = lookup(handle);
    if (!s)
        return false;
    s->handle = 0;
    sched_wake(s, true);                /* waiters go on, without a token */
    return true;
}

bool semaphore_wait(uint32_t handle, uint32_t block_flags)
{
    struct semaphore *s = lookup(handle);
    if (!s)
        return false;
    if (--s->tokens >= 0)
        return true;
    sched_block(s, block_flags);
    return true;
}

bool semaphore_signal(uint32_t handle)
{
    struct semaphore *s = lookup(handle);
    if (!s)
        return false;
    if (s->tokens++ < 0)
        sched_wake(s, false);
    return true;
}
