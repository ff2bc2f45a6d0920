/* The trap frame every vector stub builds (boot/vectors.asm), in push order.
 * Above trapno it is exactly a Client_Reg_Struc; the fields from Client_ESP
 * on exist only for traps out of V86 mode (the CPU pushes them then). */
#ifndef VMM_TRAP_H
#define VMM_TRAP_H

#include <stdint.h>
#include "include/crs.h"

struct trapframe {
    uint32_t trapno;
    struct Client_Reg_Struc crs;
};
OFFSET_ASSERT(struct trapframe, crs, 4);
_Static_assert(sizeof(struct trapframe) == 4 + 0x6C, "trapframe size (TRAPFRAME_SIZE in boot/trapentry.asm)");

/* CPU exception vectors */
#define T_DE 0
#define T_DB 1
#define T_NMI 2
#define T_BP 3
#define T_OF 4
#define T_BR 5
#define T_UD 6
#define T_NM 7
#define T_DF 8
#define T_TS 10
#define T_NP 11
#define T_SS 12
#define T_GP 13
#define T_PF 14
#define T_MF 16
#define T_AC 17
#define T_DYNALINK 0x20     /* INT 20h from ring 0: VMMcall/VxDcall */

void trap(struct trapframe *tf);
/* Resume the frame: never returns (boot/trapentry.asm). */
void trapret_to(struct trapframe *tf) __attribute__((noreturn));

/* Ring-0 fault recovery for guest-memory accessors: a fault at an address
 * inside [start,end) resumes at fixup. */
struct extable_entry { uint32_t start, end, fixup; };

#endif
