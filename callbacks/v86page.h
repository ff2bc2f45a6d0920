/* The VMM's own V86 segment.
 *
 * One page at the top of conventional memory (taken from the BIOS memory
 * size at 0040:0013 before DOS boots), filled with the breakpoint opcode
 * ARPL (63h), which raises #UD in V86 mode.  Offset 0 is the return point of
 * nested execution; V86 callbacks are the offsets after it.  The page is
 * ordinary VM memory, so a VM that scribbles on it only hurts itself: what
 * an address means is decided by monitor-owned tables, never by its bytes.
 */
#ifndef CALLBACKS_V86PAGE_H
#define CALLBACKS_V86PAGE_H

#include <stdint.h>
#include <stdbool.h>
#include "vmm/vm.h"

#define V86_BREAK_OPCODE 0x63           /* ARPL: #UD in V86 mode */
/* Layout of the page */
#define V86PAGE_NEST_RET        0x0000  /* return point of nested execution */
#define V86PAGE_CALLBACKS       0x0010  /* Allocate_V86_Call_Back: 1024 addresses */
#define V86PAGE_NUM_CALLBACKS   1024
#define V86PAGE_RETURNS         0x0800  /* Call_When_VM_Returns: 512 return addresses */
#define V86PAGE_NUM_RETURNS     512

extern uint16_t v86page_seg;            /* segment of the page (offset 0 = its first byte) */
extern uint32_t v86page_lin;

/* Reserve the page in VM 1 (lowers the BIOS memory size). */
void v86page_init(struct vm *vm);
static inline bool v86page_contains(uint32_t lin)
{
    return v86page_lin && lin >= v86page_lin && lin < v86page_lin + 4096;
}

#endif
