/* A VM's life: creation, first instruction, end (rules in vmm/vmlife.h). */
#include "vmm/vmlife.h"
#include "vmm/sched.h"
#include "vmm/thread.h"
#include "vmm/mem.h"
#include "vmm/sysvm.h"
#include "vmm/multiboot.h"
#include "vmm/cmdline.h"
#include "vmm/console.h"
#include "vmm/panic.h"
#include "vmm/events.h"
#include "v86/memdisk.h"
#include "v86/biosdisk.h"
#include "v86/int15.h"
#include "v86/reflect.h"
#include "v86/intchain.h"
#include "callbacks/breakpoints.h"
#include "callbacks/vmreturns.h"
#include "vxd/vxd.h"
#include "vxd/control.h"
#include "vxd/dosready.h"
#include "include/vmm.h"

static uint8_t exit_status;
static bool exit_status_set;

/* On the new VM's own stack: VM_Init, then its first instruction. */
static void __attribute__((noreturn)) vm_first_run(struct vm *vm)
{
    if (!system_control(VM_Init, vm, 0, 0, 0)) {
        vm_end(vm, VNE_InitFail, "a VxD failed VM_Init");
        panic("unreachable");
    }
    if (vm->boot_module >= 0)
        vm_boot_module(vm);
    vm->CB_VM_Status &= ~VMStat_Creating;
    kprintf("vmm386: VM %u runs at %04x:%04x\n", vm->CB_VMID, vm_crs(vm)->Client_CS,
            vm_crs(vm)->Client_EIP & 0xFFFF);
    v86_deliver_pending(vm, vm_crs(vm));
    trapret_to(vm->tf0);
}

static bool fork_state(struct vm *parent, struct vm *vm)
{
    if (!memdisk_fork(parent, vm))
        return false;
    int15_fork(parent, vm);
    bp_fork(parent, vm);
    return true;
}

struct vm *vmm386_create_vm(enum vm_kind kind, struct vm *parent, uint32_t module,
                            uint16_t cs, uint16_t ip)
{
    if (kind == VM_BOOT && (module > 0xFF || !boot_disk_module_n((int)module))) {
        kprintf("vmm386: no disk module %u to boot a VM from\n", module);
        return 0;
    }
    uint32_t free_before = phys_pages.nfree;
    struct vm *vm = vm_create(kind, parent);
    if (!vm) {
        kprintf("vmm386: cannot create a VM (%u VMs, %u KB free)\n", vm_count(),
                phys_pages.nfree * 4);
        return 0;
    }
    vm->boot_module = kind == VM_BOOT ? (int)module : -1;
    if (kind == VM_FORK) {
        struct Client_Reg_Struc *c = vm_crs(vm);
        c->Client_CS = cs;
        c->Client_EIP = ip;
        c->Client_EAX = 0;
        if (!fork_state(parent, vm)) {
            vm_end(vm, VNE_CreateFail, "out of memory for the fork");
            return 0;
        }
    }
    if (!system_control(Create_VM, vm, 0, 0, 0)) {
        vm_end(vm, VNE_CreateFail, "a VxD failed Create_VM");
        return 0;
    }
    if (!system_control(VM_Critical_Init, vm, 0, 0, 0)) {
        vm_end(vm, VNE_CrInitFail, "a VxD failed VM_Critical_Init");
        return 0;
    }
    if (kind == VM_FORK)
        kprintf("vmm386: VM %u created: a fork of VM %u at %04x:%04x\n", vm->CB_VMID,
                parent->CB_VMID, cs, ip);
    else
        kprintf("vmm386: VM %u created: boots module %u (%u KB free before)\n", vm->CB_VMID,
                module, free_before * 4);
    dos_ready_vm_created(vm);
    biosdisk_vms_changed();
    sched_start(vm, vm_first_run);
    return vm;
}

/* fork=N: the first program VM 1's DOS starts (INT 21h AH=4Bh) is where
 * DOS is up; the copies start at that INT 21h too, each running it. */
static uint32_t forks_pending;

static bool fork_at_exec(struct vm *vm, struct Client_Reg_Struc *c, unsigned vec, void *ref)
{
    (void)vec, (void)ref;
    if (!forks_pending || vm != sys_vm || ((c->Client_EAX >> 8) & 0xFF) != 0x4B)
        return false;
    uint32_t n = forks_pending;
    forks_pending = 0;
    kprintf("vmm386: VM 1's DOS starts a program: forking %u VM%s\n", n, n > 1 ? "s" : "");
    for (uint32_t i = 0; i < n; i++) {
        struct vm *child = vmm386_create_vm(VM_FORK, vm, 0, c->Client_CS, (uint16_t)c->Client_EIP);
        if (!child)
            break;
        struct Client_Reg_Struc *cc = vm_crs(child);
        cc->Client_EAX = c->Client_EAX;
        v86_simulate_int(child, cc, 0x21);
    }
    return false;
}

void vmlife_boot_vms(void)
{
    bool vm1_module = sys_vm->memdisk != 0;
    for (int m = vm1_module ? 1 : 0; boot_disk_module_n(m); m++)
        vmm386_create_vm(VM_BOOT, 0, (uint32_t)m, 0, 0);
    if ((forks_pending = cmdline.fork))
        v86_hook_int(0x21, fork_at_exec, 0);
}

void vmlife_destroy(struct vm *vm)
{
    thread_vm_destroy(vm);              /* its other threads' end first */
    system_control(VM_Not_Executeable, vm, 0, 0, vm->vne_flags);
    system_control(Destroy_VM, vm, 0, 0, 0);
    bp_vm_gone(vm);
    vmreturns_vm_gone(vm);
    memdisk_free(vm->memdisk);
    vm->memdisk = 0;
    uint32_t before = phys_pages.nfree;
    uint32_t id = vm->CB_VMID;
    vm_destroy(vm);
    biosdisk_vms_changed();
    kprintf("vmm386: VM %u destroyed, %u pages freed (%u KB free)\n", id,
            phys_pages.nfree - before, phys_pages.nfree * 4);
}

void vmlife_last_vm_gone(struct vm *vm)
{
    /* A VM other than VM 1 gets its end messages as any VM does; VM 1's end
     * is the system's (System_Exit and Sys_Critical_Exit follow). */
    if (vm != sys_vm) {
        thread_vm_destroy(vm);
        system_control(VM_Not_Executeable, vm, 0, 0, vm->vne_flags);
        system_control(Destroy_VM, vm, 0, 0, 0);
    }
    kprintf("vmm386: no VMs left\n");
    vxd_system_exit();
    machine_exit(exit_status_set && cmdline.exit_qemu ? exit_status : EXIT_NO_VMS);
}

void vmlife_vm_exit(struct vm *vm, uint8_t code)
{
    if (!exit_status_set || (!exit_status && code)) {
        exit_status = code;
        exit_status_set = true;
    }
    if (vm_count() <= 1 && vm == sys_vm) {
        vxd_system_exit();
        machine_exit(exit_status);
    }
    vm_end(vm, 0, code ? "exit request with a non-zero code" : "exit request");
}
