/* The VM's view of EFLAGS.
 *
 * The real EFLAGS of a V86 VM always has VM=1, IF=1, IOPL=0, so every
 * IOPL-sensitive instruction traps.  The VM's own IF ("virtual IF"), IOPL and
 * NT live in vm->vflags (or in EFLAGS.VIF when the CPU does VME).  POPF and
 * IRET may change only the arithmetic flags, TF, DF (and AC, ID for the
 * 32-bit forms) in the real register: VM, RF, VIF, VIP are never the VM's.
 */
#ifndef V86_VFLAGS_H
#define V86_VFLAGS_H

#include "vmm/vm.h"
#include "vmm/lib/x86.h"

#define V86_SAFE_FLAGS16 (EFL_CF | EFL_PF | EFL_AF | EFL_ZF | EFL_SF | EFL_TF | EFL_DF | EFL_OF)
#define V86_SAFE_FLAGS32 (V86_SAFE_FLAGS16 | EFL_AC | EFL_ID)
#define V86_VIRTUAL_FLAGS (EFL_IF | EFL_IOPL | EFL_NT)
/* What the real EFLAGS of a running VM always holds. */
#define V86_FORCED_FLAGS (EFL_VM | EFL_IF | EFL_RESERVED1)
/* What a VM's real EFLAGS never takes from a flags image it supplies (POPF,
 * IRET): the VM's IOPL, NT, RF, VIF and VIP are the monitor's.  On the way
 * back the fast path clears these and sets vm->v86_eflags_set. */
#define V86_NEVER_FLAGS (EFL_IOPL | EFL_NT | EFL_RF | EFL_VIF | EFL_VIP)


/* Trusted mode (iopl=3, README): the VM runs at IOPL 3, so CLI, STI, PUSHF,
 * POPF and IRET run on the CPU and its IF is the real EFLAGS.IF.  INT n
 * still traps (a #GP naming the vector: the IDT gates are DPL 0), I/O still
 * goes through the TSS permission bitmap, HLT is still privileged. */
static inline bool v86_iopl3(const struct vm *vm) { return vm->v86_eflags_set & EFL_IOPL; }
/* Put a VM in trusted mode: refused (false, logged) unless it is the only
 * VM (vm_count()).  Its real IF takes over its virtual IF. */
bool v86_enter_iopl3(struct vm *vm);

extern bool vme_enabled;

/* What V86 code may own in its real EFLAGS.  With VME, NT (the CPU's own
 * POPF writes it) and VIF/VIP (the VM's virtual interrupt state) too. */
#define V86_OWNED_FLAGS     V86_SAFE_FLAGS32
#define V86_OWNED_FLAGS_VME (V86_SAFE_FLAGS32 | EFL_NT | EFL_VIF | EFL_VIP)

/* The safe mask, applied on every return to V86 mode: IOPL=0, IF=1, VM=1,
 * no RF, no NT (without VME), no reserved bits (in trusted mode IOPL=3 and
 * the VM's own IF), whatever the saved EFLAGS
 * held.  A CPU or emulator that leaves odd bits in EFLAGS (QEMU 7.2's
 * CMPXCHG8B, a VxD writing Client_EFlags) must not hand the VM its real IF
 * or IOPL: real hardware never lets V86 code change IOPL, but the monitor
 * does not depend on that. */
static inline uint32_t v86_safe_eflags(const struct vm *vm, uint32_t f)
{
    /* vm->v86_eflags_owned: V86_OWNED_FLAGS(_VME), with IF in trusted mode */
    return (f & vm->v86_eflags_owned) | vm->v86_eflags_set;     /* V86_FORCED_FLAGS, or IOPL 3 */
}

/* The VM's IF (inline: every interrupt delivered asks). */
static inline bool v86_vif(const struct vm *vm, const struct Client_Reg_Struc *c)
{
    if (v86_iopl3(vm))
        return (c->Client_EFlags & EFL_IF) != 0;
    return vme_enabled ? (c->Client_EFlags & EFL_VIF) != 0 : (vm->vflags & EFL_IF) != 0;
}
static inline void v86_set_vif(struct vm *vm, struct Client_Reg_Struc *c, bool on)
{
    if (on) {
        vm->vflags |= EFL_IF;
        c->Client_EFlags |= EFL_VIF;
    } else {
        vm->vflags &= ~EFL_IF;
        c->Client_EFlags &= ~EFL_VIF;
    }
    if (!vme_enabled || v86_iopl3(vm))
        c->Client_EFlags &= ~EFL_VIF;
    if (v86_iopl3(vm))
        c->Client_EFlags = on ? c->Client_EFlags | EFL_IF : c->Client_EFlags & ~EFL_IF;
}
/* The EFLAGS image PUSHF(D) shows the VM: a real-mode 386's view.
 * With VME the CPU itself runs the 16-bit PUSHF and POPF: PUSHF shows
 * IOPL=3 and POPF writes NT into the real EFLAGS.  The images built here
 * must agree with those, so under VME NT lives in the real register and
 * IOPL reads 3; without VME both are the VM's own, kept in vm->vflags. */
static inline uint32_t v86_flags_image(const struct vm *vm, const struct Client_Reg_Struc *c)
{
    uint32_t f = (c->Client_EFlags & V86_SAFE_FLAGS32) | EFL_RESERVED1;
    if (v86_iopl3(vm) || vme_enabled)   /* what the CPU's own PUSHF shows */
        f |= EFL_IOPL | (c->Client_EFlags & EFL_NT);
    else
        f |= vm->vflags & (EFL_IOPL | EFL_NT);
    if (v86_vif(vm, c))
        f |= EFL_IF;
    if (vm->shadow_tf)
        f &= ~EFL_TF;                   /* our single-step, not the VM's */
    return f;
}
/* POPF / POPFD / IRET(D): take what the VM may take from `image`.  Inline:
 * Simulate_Iret and the general path's POPF/IRET. */
static inline void v86_load_flags(struct vm *vm, struct Client_Reg_Struc *c, uint32_t image, bool is32)
{
    uint32_t safe = is32 ? V86_SAFE_FLAGS32 : V86_SAFE_FLAGS16;
    bool iopl3 = v86_iopl3(vm), on = image & EFL_IF;
    /* One pass over the real EFLAGS (Simulate_Iret and every POPF/IRET of
     * the general path come here): the VM's safe flags; the monitor's
     * IOPL, NT, RF, VIF; IOPL 3 in trusted mode (v86_eflags_set). */
    uint32_t f = (c->Client_EFlags & ~(safe | EFL_IOPL | EFL_NT | EFL_RF | EFL_VIF)) | (image & safe) |
                 V86_FORCED_FLAGS | vm->v86_eflags_set;
    if (vme_enabled || iopl3)
        f |= image & EFL_NT;                    /* NT in V86 mode is harmless */
    if (iopl3)                                  /* the VM's IF is the real one */
        f = on ? f | EFL_IF : f & ~EFL_IF;
    else if (vme_enabled && on)
        f |= EFL_VIF;
    c->Client_EFlags = f;
    vm->vflags = (vm->vflags & ~V86_VIRTUAL_FLAGS) | (image & V86_VIRTUAL_FLAGS);   /* v86_set_vif's too */
    vm->shadow_tf = false;
}


#endif
