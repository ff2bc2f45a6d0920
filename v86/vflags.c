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

uint32_t v86_flags_image(const struct vm *vm, const struct Client_Reg_Struc *c)
{
    uint32_t f = (c->Client_EFlags & V86_SAFE_FLAGS32) | EFL_RESERVED1;
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
    vm->vflags = (vm->vflags & ~(EFL_IOPL | EFL_NT)) | (image & (EFL_IOPL | EFL_NT));
    v86_set_vif(vm, c, image & EFL_IF);
    vm->shadow_tf = false;
}
