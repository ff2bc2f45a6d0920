/* Registers of a register-level VxD call, in PUSHAD order with the flags
 * above them: the layout the service entry stubs (vxd/service_entry.asm)
 * leave on the stack and vxd_call_regs() takes. */
#ifndef VXD_REGS_H
#define VXD_REGS_H

#include <stdint.h>
#include <stdbool.h>
#include "include/vmm_types.h"

struct vxd_regs {
    uint32_t edi, esi, ebp, esp_unused, ebx, edx, ecx, eax;
    uint32_t eflags;
};
OFFSET_ASSERT(struct vxd_regs, edi, 0);
OFFSET_ASSERT(struct vxd_regs, ebp, 8);
OFFSET_ASSERT(struct vxd_regs, ebx, 16);
OFFSET_ASSERT(struct vxd_regs, eax, 28);
OFFSET_ASSERT(struct vxd_regs, eflags, 32);

#define REGS_CF 0x001u
#define REGS_ZF 0x040u

static inline void regs_set_cf(struct vxd_regs *r, bool cf)
{
    r->eflags = cf ? (r->eflags | REGS_CF) : (r->eflags & ~REGS_CF);
}
static inline void regs_set_zf(struct vxd_regs *r, bool zf)
{
    r->eflags = zf ? (r->eflags | REGS_ZF) : (r->eflags & ~REGS_ZF);
}
static inline bool regs_cf(const struct vxd_regs *r) { return r->eflags & REGS_CF; }

/* Call a register-level procedure with *r loaded into EAX..EDI and EBP;
 * the registers and flags it returns are stored back into *r. */
void vxd_call_regs(struct vxd_regs *r, const void *proc);

#endif
