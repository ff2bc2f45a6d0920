/* The #GP fast path (boot/fastpath.asm): CLI, STI, PUSHF(D), POPF(D),
 * INT n with an empty hook chain and IRET from V86 mode, emulated on the
 * CPU's own trap frame with three or four registers saved, no
 * Client_Reg_Struc, no C.  Everything else, and every one of these in an
 * odd case, goes to the general path (trap() -> v86_trap()) untouched:
 *   - a non-zero error code, TF set (single-step), EIP at FFFFh or beyond;
 *   - a prefix other than one 66h (PUSHFD/POPFD), a 2-byte instruction whose
 *     second byte is on the next page;
 *   - a stack item that would straddle SS:FFFF (the general path raises
 *     the #SS the 386 would), a stack at the segment's end (SP < 6 for INT);
 *   - a hooked vector (the hooks see a full Client_Reg_Struc);
 *   - an STI that sets the VM's IF with a virtual interrupt requested at
 *     the VM's PIC, unless NOP or CLI follows it (see op_sti);
 *   - v86_fast_block non-zero: VME, trace= / debug= options, fast=off, a
 *     V86 fault hook installed, an event queued (V86_SLOW_EVENTS), and
 *     V86_SLOW_RESCHED, which a scheduler sets while it wants the next
 *     trap to go through v86_resume().
 * In trusted mode (iopl=3, V86_SLOW_IOPL3 the only block bit) only INT n
 * and I/O to trapped ports trap.  INT n arrives through a DPL 3 gate
 * (boot/softint.asm) for most vectors, else as a #GP with an error code
 * naming the IDT entry: both reflect it under the same conditions; I/O
 * takes op_io as above; nothing else is fast then.
 * A POPF/IRET (or STI; NOP) that turns the VM's IF on with an interrupt
 * requested is emulated here and then goes, with the full frame, to
 * v86_deliver_fast() (v86_resume(): the interrupt before the next
 * instruction).
 * The fast path runs with interrupts off (an interrupt gate) throughout. */
#ifndef V86_FASTPATH_H
#define V86_FASTPATH_H

#include <stdint.h>
#include <stdbool.h>

#define V86_SLOW_OFF      0x01u         /* fast=off on the command line */
#define V86_SLOW_DEBUG    0x02u         /* trace=, debug=magic: the C path logs */
#define V86_SLOW_VME      0x04u         /* VME: the CPU does most of this itself */
#define V86_SLOW_RESCHED  0x08u         /* a scheduler wants v86_resume() to run */
#define V86_SLOW_FAULT_HOOK 0x10u       /* a V86 fault hook is installed (Hook_V86_Fault) */
#define V86_SLOW_IOPL3    0x20u         /* iopl=3: VM 1 runs at IOPL 3 */
#define V86_SLOW_EVENTS   0x40u         /* an event is queued (vmm/events.c keeps it) */

/* Non-zero: every #GP takes the general path.  Read by the asm on each
 * trap; set and clear bits with interrupts off. */
extern volatile uint32_t v86_fast_block;

/* Install the fast entry on vector 13 and set the boot-time block bits. */
void v86_fastpath_init(void);
/* Trusted mode begins (v86_enter_iopl3): INT n from V86 mode through DPL 3
 * gates (boot/softint.asm), for every vector the CPU never raises itself
 * and the VMM does not use (INT 20h, the hardware interrupts). */
void v86_fastpath_iopl3(void);
/* callbacks/faulthooks.c: n V86 fault hooks are installed now. */
void v86_fastpath_fault_hooks(unsigned n);

#endif
