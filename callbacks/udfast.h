/* The #UD fast path: an ARPL from V86 mode, the VMM's own ring-3 -> ring-0
 * transfer.  boot/udfast.asm checks V86 mode, an IP below 10000h, the
 * opcode and v86_fast_block (fast=off, trace=/debug= options), builds the
 * full Client_Reg_Struc as every stub does and calls the V86 callback or
 * the breakpoint dispatch below directly, past trap()'s routing.  Each
 * dispatches a plain hit with the handler seeing that Client_Reg_Struc,
 * resumes the VM as trap() would (v86_resume), or, in any odd case, passes
 * the frame to trap() untouched:
 *   - our own TF (STI shadow) or a ROM write being stepped: v86_trap()'s
 *     bookkeeping comes first;
 *   - the nest return and Call_When_VM_Returns addresses of the V86 page, a
 *     callback whose return frame is at the stack segment's end, an address
 *     that reaches the page only through the A20 wrap;
 *   - no breakpoint there, one reached through another CS, or its opcode
 *     gone. */
#ifndef CALLBACKS_UDFAST_H
#define CALLBACKS_UDFAST_H

#include <stdbool.h>
#include "vmm/trap.h"
#include "vmm/vm.h"
#include "v86/vflags.h"
#include "v86/reflect.h"

/* Also, in trusted mode with the VM's IF clear, lets waiting interrupts in
 * first, as v86_trap() does (v86_iopl3_window). */
static inline bool ud_fast_ok(const struct vm *vm, const struct Client_Reg_Struc *c)
{
    if (vm->shadow_tf || vm->rom_step_page)
        return false;
    v86_iopl3_window(vm, c);
    return true;
}

/* CS:IP in the V86 page (callbacks/v86callback.c), anywhere else
 * (callbacks/breakpoints.c). */
void v86cb_ud_fast(struct trapframe *tf);
void bp_ud_fast(struct trapframe *tf);

#endif
