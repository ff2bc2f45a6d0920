/* VMM386_DOS_Ready: vmm386 boots DOS inside the VM, so at Device_Init (unlike
 * under Windows, which starts from DOS) there is no DOS yet to hook.  The
 * message goes to every device, EBX = the VM, at the VM's first INT 21h
 * AH=4Bh (EXEC: CONFIG.SYS is done, its drivers -- HIMEM.SYS... -- are
 * loaded, DOS is about to run the shell), before DOS sees that call.  The
 * client registers (CB_Client_Pointer) are the VM's at that INT 21h. */
#include "vxd/dosready.h"
#include "vxd/control.h"
#include "v86/intchain.h"
#include "vmm/console.h"

#define DOS_EXEC 0x4B

/* The hook is there only while some VM has not had the message: once every
 * VM has, INT 21h keeps the fast path; a new VM puts it back. */
static bool hooked;

static bool int21_hook(struct vm *vm, struct Client_Reg_Struc *c, unsigned vec, void *ref);

static void hook(bool on)
{
    if (on && !hooked)
        v86_hook_int(0x21, int21_hook, 0);
    else if (!on && hooked)
        v86_unhook_int(0x21, int21_hook, 0);
    hooked = on;
}

static bool int21_hook(struct vm *vm, struct Client_Reg_Struc *c, unsigned vec, void *ref)
{
    (void)vec, (void)ref;
    if (vm->dos_ready_sent || ((c->Client_EAX >> 8) & 0xFF) != DOS_EXEC)
        return false;
    vm->dos_ready_sent = true;
    kprintf("vmm386: VM %u: DOS is up (first INT 21h AH=4Bh), VMM386_DOS_Ready\n", vm->CB_VMID);
    system_control(VMM386_DOS_Ready, vm, 0, 0, 0);
    bool waiting = false;
    for (struct vm *v = vm_list; v; v = v->next)
        waiting |= !v->dead && !v->dos_ready_sent;
    if (!waiting)
        hook(false);
    return false;                       /* DOS runs the EXEC as usual */
}

void dos_ready_init(void)
{
    hook(true);
}

void dos_ready_vm_created(struct vm *vm)
{
    (void)vm;
    hook(true);
}
