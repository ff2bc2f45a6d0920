/* Semaphores (Create/Destroy/Wait/Signal_Semaphore): a token count; a VM
 * that waits with no token left blocks (with Wait_Semaphore's Block_*
 * flags) until another VM, an event or a time-out signals. */
#ifndef VMM_SEMAPHORE_H
#define VMM_SEMAPHORE_H
#include <stdint.h>
#include <stdbool.h>

#define MAX_SEMAPHORES 64
/* A handle (never 0), or 0 when none is free. */
uint32_t semaphore_create(int32_t tokens);
bool semaphore_destroy(uint32_t handle);
/* The current VM takes a token, blocking until there is one. */
bool semaphore_wait(uint32_t handle, uint32_t block_flags);
bool semaphore_signal(uint32_t handle);
#endif
