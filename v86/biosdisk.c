/* Sharing the real BIOS disk between VMs, as Windows does: a VM's INT 13h
 * to a BIOS drive runs inside the critical section (claimed on the way in,
 * released when the BIOS IRETs to the VM: Call_When_VM_Returns), so one VM
 * at a time is inside the BIOS disk code, and the disk controller's
 * interrupt goes to that VM (vmm/irq.c).  Module disks (v86/memdisk.c) are
 * not the BIOS's: passed on to their own hook.  With VM 1 alone there is
 * nothing to share: the hook is there only otherwise (VM 1's INT 13h calls
 * then keep the fast path).
 *
 * The floppy controller reads and writes by DMA to physical addresses,
 * which are VM 1's memory: a VM other than VM 1 gets "drive not ready"
 * for a floppy drive the VMM has no module disk for (no VDMAD yet). */
#include "v86/biosdisk.h"
#include "v86/intchain.h"
#include "v86/guestmem.h"
#include "v86/memdisk.h"
#include "vmm/critsect.h"
#include "vmm/console.h"
#include "callbacks/vmreturns.h"
#include "include/vmm.h"
#include "vmm/lib/x86.h"

#define BDA_DISK_STATUS 0x441
#define ST_NOT_READY 0x80

static void bios_returned(VMHANDLE hvm, CLIENT_STRUCT *pcrs, DWORD refdata, BOOL timed_out)
{
    (void)hvm, (void)pcrs, (void)refdata, (void)timed_out;
    crit_release(1);
}

static bool int13_share(struct vm *vm, struct Client_Reg_Struc *c, unsigned vec, void *ref)
{
    (void)vec, (void)ref;
    uint8_t drive = c->Client_EDX & 0xFF;
    if (memdisk_serves(vm, drive))
        return false;
    if (vm != sys_vm && drive < 0x80) {
        if (!vm->floppy_refused_logged)
            kprintf("vmm386: VM %u: BIOS floppy drive %02x refused (its DMA would reach VM 1's memory)\n",
                    vm->CB_VMID, drive);
        vm->floppy_refused_logged = true;
        c->Client_EAX = (c->Client_EAX & ~0xFF00u) | (ST_NOT_READY << 8);
        c->Client_EFlags |= EFL_CF;
        vm_poke8(vm, BDA_DISK_STATUS, ST_NOT_READY);
        return true;
    }
    struct vxd_callback cb = { (const void *)bios_returned, VMM386_CB_C, 0 };
    crit_claim(1, Block_Svc_Ints);
    if (!vmreturns_request(vm, 0, &cb))
        crit_release(1);                /* no return slot: not shared this time */
    return false;                       /* on to the BIOS */
}

void biosdisk_vms_changed(void)
{
    static bool hooked;
    /* needed unless VM 1 is alone: several share, and a VM other than VM 1
     * must never reach the BIOS floppy (DMA) */
    bool want = !(vm_count() == 1 && vm_list == sys_vm);
    if (want && !hooked)
        v86_hook_int(0x13, int13_share, 0);
    else if (!want && hooked)
        v86_unhook_int(0x13, int13_share, 0);
    hooked = want;
}
