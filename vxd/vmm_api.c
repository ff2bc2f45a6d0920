/* The VMM's own V86 API (device 1: INT 2Fh AX=1684h BX=0001h gives its
 * entry point): what DOS programs such as VMSTART.COM use to start VMs.
 *
 *   AH=00h  version: AX = vmm386 major.minor, BX = this VM's ID, CX = VMs
 *   AH=01h  boot a new VM from disk module BL (the BL-th multiboot module that
 *           is not the .ini profile, from 0): AX = its VM ID
 *   AH=02h  fork this VM: the copy starts at CX:DX with this VM's registers
 *           as they are after this call, but AX = 0; here AX = its VM ID
 *   AH=03h  end this VM (a normal close)
 *   AH=04h  give the focus to the VM with ID BX
 * Carry set on failure (AX = 0). */
#include "include/vmm.h"
#include "vmm/vm.h"
#include "vmm/vmlife.h"
#include "vmm/focus.h"
#include "v86/vflags.h"

static void set_ax(struct Client_Reg_Struc *c, uint16_t ax)
{
    c->Client_EAX = (c->Client_EAX & ~0xFFFFu) | ax;
}

static void result(struct Client_Reg_Struc *c, struct vm *vm)
{
    set_ax(c, vm ? (uint16_t)vm->CB_VMID : 0);
    if (vm)
        c->Client_EFlags &= ~EFL_CF;
    else
        c->Client_EFlags |= EFL_CF;
}

void vmm_v86_api(VMHANDLE hvm, CLIENT_STRUCT *pcrs)
{
    struct vm *vm = (struct vm *)hvm;
    struct Client_Reg_Struc *c = &pcrs->CRS;
    switch ((c->Client_EAX >> 8) & 0xFF) {
    case 0x00:
        set_ax(c, (VMM386_VERSION_MAJOR << 8) | VMM386_VERSION_MINOR);
        c->Client_EBX = (c->Client_EBX & ~0xFFFFu) | (uint16_t)vm->CB_VMID;
        c->Client_ECX = (c->Client_ECX & ~0xFFFFu) | (uint16_t)vm_count();
        c->Client_EFlags &= ~EFL_CF;
        break;
    case 0x01:
        result(c, vmm386_create_vm(VM_BOOT, 0, c->Client_EBX & 0xFF, 0, 0));
        break;
    case 0x02:
        result(c, vmm386_create_vm(VM_FORK, vm, 0, (uint16_t)c->Client_ECX, (uint16_t)c->Client_EDX));
        break;
    case 0x03:
        vm_end(vm, 0, "closed by the VM (V86 API)");
        break;
    case 0x04: {
        struct vm *to = vm_by_id(c->Client_EBX & 0xFFFF);
        result(c, to && focus_set(to) ? to : 0);
        break;
    }
    default:
        result(c, 0);
    }
}
