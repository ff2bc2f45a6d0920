#include "v86/vflags.h"

bool vme_enabled;

bool v86_vif(const struct vm *vm, const struct Client_Reg_Struc *c)
{
    return vme_enabled ? (c->Client_EFlags & EFL_VIF) != 0 : (vm->vflags & EFL_IF) != 0;
}

void v86_set_vif(struct vm *vm, struct Client_Reg_Struc *c, bool on)
{
    if (on) {
        vm->vflags |= EFL_IF;
        c->Client_EFlags |= EFL_VIF;
    } else {
        vm->vflags &= ~EFL_IF;
        c->Client_EFlags &= ~EFL_VIF;
    }
    if (!vme_enabled)
        c->Client_EFlags &= ~EFL_VIF;
}

/* With VME the CPU itself runs the 16-bit PUSHF and POPF: PUSHF shows
 * IOPL=3 and POPF writes NT into the real EFLAGS.  The images built here
 * must agree with those, so under VME NT lives in the real register and
 * IOPL reads 3; without VME both are the VM's own, kept in vm->vflags. */
uint32_t v86_flags_image(const struct vm *vm, const struct Client_Reg_Struc *c)
{
    uint32_t f = (c->Client_EFlags & V86_SAFE_FLAGS32) | EFL_RESERVED1;
    if (vme_enabled)
        f |= EFL_IOPL | (c->Client_EFlags & EFL_NT);
    else
        f |= vm->vflags & (EFL_IOPL | EFL_NT);
    if (v86_vif(vm, c))
        f |= EFL_IF;
    if (vm->shadow_tf)
        f &= ~EFL_TF;                   /* our single-step, not the VM's */
    return f;
}

void v86_load_flags(struct vm *vm, struct Client_Reg_Struc *c, uint32_t image, bool is32)
{
    uint32_t safe = is32 ? V86_SAFE_FLAGS32 : V86_SAFE_FLAGS16;
    c->Client_EFlags = (c->Client_EFlags & ~safe) | (image & safe) | V86_FORCED_FLAGS;
    c->Client_EFlags &= ~(EFL_IOPL | EFL_NT | EFL_RF);
    if (vme_enabled)
        c->Client_EFlags |= image & EFL_NT;     /* NT in V86 mode is harmless */
    vm->vflags = (vm->vflags & ~(EFL_IOPL | EFL_NT)) | (image & (EFL_IOPL | EFL_NT));
    v86_set_vif(vm, c, image & EFL_IF);
    vm->shadow_tf = false;
}
