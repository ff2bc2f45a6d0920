/* V86 callbacks (Allocate_V86_Call_Back): addresses in the VMM's break page
 * that a V86 program far-calls.  The VMM does Simulate_Far_Ret first, then
 * calls the callback, so the program resumes after its CALL FAR.  Never
 * freed (as documented): a fixed table of V86PAGE_NUM_CALLBACKS. */
#ifndef CALLBACKS_V86CALLBACK_H
#define CALLBACKS_V86CALLBACK_H
#include <stdint.h>
#include <stdbool.h>
#include "vmm/vm.h"
#include "callbacks/invoke.h"

/* seg:off of the new callback, 0 when the table is full. */
uint32_t v86cb_allocate(const struct vxd_callback *cb);
/* The VM executed the callback at break-page offset `off`. */
bool v86cb_dispatch(struct vm *vm, struct Client_Reg_Struc *c, uint16_t off);
uint32_t v86cb_count(void);
uint32_t v86cb_hits(uint32_t index);
#endif
