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
 *   AH=05h  a new thread in this VM, starting at CX:DX with the stack SI:DI
 *           (DS and ES as the caller's, the other registers 0): AX = its
 *           thread ID
 *   AH=06h  end the calling thread (refused for the VM's initial thread:
 *           AH=03h ends the VM)
 *   AH=07h  AX = the calling thread's ID, BX = 1 when it is the VM's initial
 *           thread, CX = the VM's threads
 * Carry set on failure (AX = 0). */
#include "include/vmm.h"
#include "vmm/vm.h"
#include "vmm/vmlife.h"
#include "vmm/focus.h"
#include "vmm/thread.h"
#include "v86/vflags.h"

static void set_ax(struct Client_Reg_Struc *c, uint16_t ax)
{
    c->Client_EAX = (c->Client_EAX & ~0xFFFFu) | ax;
}

static void set_cf(struct Client_Reg_Struc *c, bool cf)
{
    if (cf)
        c->Client_EFlags |= EFL_CF;
    else
        c->Client_EFlags &= ~EFL_CF;
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
    case 0x05: {
        struct thread *t = thread_create(vm, (uint16_t)c->Client_ESI, c->Client_EDI & 0xFFFF,
                                         (uint16_t)c->Client_ECX, c->Client_EDX & 0xFFFF,
                                         c->Client_DS, c->Client_ES, 0, 0, 0);
        set_ax(c, t ? t->tcb.TCB_ThreadId : 0);
        set_cf(c, !t);
        break;
    }
    case 0x06: {
        struct thread *t = thread_current();
        if (t->initial) {
            set_ax(c, 0);
            set_cf(c, true);
            break;
        }
        thread_end(t, 0, "ended by the thread (V86 API)");
        break;
    }
    case 0x07: {
        struct thread *t = thread_current();
        set_ax(c, t->tcb.TCB_ThreadId);
        c->Client_EBX = (c->Client_EBX & ~0xFFFFu) | (t->initial ? 1 : 0);
        c->Client_ECX = (c->Client_ECX & ~0xFFFFu) | (uint16_t)thread_count(vm);
        set_cf(c, false);
        break;
    }
    default:
        result(c, 0);
    }
}
