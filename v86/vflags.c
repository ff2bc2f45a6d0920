#include "v86/vflags.h"
#include "v86/fastpath.h"
#include "vmm/console.h"

bool vme_enabled;

bool v86_enter_iopl3(struct vm *vm)
{
    unsigned n = vm_count();
    if (n != 1) {
        kprintf("vmm386: iopl=3 refused: %u VMs (trusted mode is for a single VM)\n", n);
        return false;
    }
    struct Client_Reg_Struc *c = vm_crs(vm);
    uint32_t f = irq_save();
    vm->v86_eflags_set = EFL_VM | EFL_RESERVED1 | EFL_IOPL;
    vm->v86_eflags_owned |= EFL_IF;     /* its IF is the real one */
    c->Client_EFlags = (c->Client_EFlags & ~(EFL_IF | EFL_VIF | EFL_VIP)) | EFL_IOPL |
                       (vm->vflags & EFL_IF);
    v86_fast_block |= V86_SLOW_IOPL3;
    v86_fastpath_iopl3();
    irq_restore(f);
    kprintf("vmm386: VM %u runs at IOPL 3 (trusted mode: CLI/STI/PUSHF/POPF/IRET do not trap)\n",
            vm->CB_VMID);
    return true;
}

