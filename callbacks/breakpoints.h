/* V86 breakpoints (Install_V86_Break_Point, seeds 000/001).
 *
 * The breakpoint opcode is patched into the VM's RAM, or (VMM386_BP_ROM)
 * into its own copy of a ROM page (vm_rom_private: read-only to the VM); the #UD (ARPL) or #BP
 * (INT3) it raises is looked up by linear address in a two-level index
 * (page, offset), so the dispatch cost does not depend on how many
 * breakpoints are installed.
 */
#ifndef CALLBACKS_BREAKPOINTS_H
#define CALLBACKS_BREAKPOINTS_H

#include <stdint.h>
#include <stdbool.h>
#include "vmm/vm.h"
#include "callbacks/invoke.h"

#define MAX_V86_BREAK_POINTS 10240
#define BP_INDEX_PAGES 2                /* a VM page's index: 4096 16-bit slot numbers */

enum bp_error { BP_OK, BP_NOT_RAM, BP_ALREADY, BP_FULL, BP_NONE };

/* break_addr is seg:off (segment in the high word); int3 selects CCh; rom
 * allows a ROM page (made the VM's own, vm_rom_private). */
enum bp_error bp_install(struct vm *vm, uint32_t break_addr, const struct vxd_callback *cb, bool int3,
                         bool rom);
enum bp_error bp_remove(struct vm *vm, uint32_t break_addr);
/* The VM trapped on an ARPL (#UD, CS:IP at it) or INT3 (#BP, IP after it);
 * lin is the A20-applied linear address of the breakpoint byte. */
bool bp_dispatch(struct vm *vm, struct Client_Reg_Struc *c, uint32_t lin, bool int3);
/* A VM is destroyed: its breakpoints go.  A fork gets its parent's. */
void bp_vm_gone(struct vm *vm);
void bp_fork(struct vm *parent, struct vm *child);
/* Hit count of the breakpoint at break_addr, or -1. */
int32_t bp_hits(struct vm *vm, uint32_t break_addr);

/* For the debugger: iterate over installed breakpoints. */
struct bp_info { uint16_t seg, off; uint32_t lin, hits; uint8_t opcode; uint32_t vmid; };
int bp_list(struct bp_info *out, int max);

#endif
