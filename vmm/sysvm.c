#include "vmm/sysvm.h"
#include "vmm/cmdline.h"
#include "vmm/console.h"
#include "vmm/hw/vga.h"
#include "vmm/multiboot.h"
#include "vmm/panic.h"
#include "callbacks/v86page.h"
#include "v86/guestmem.h"
#include "v86/nest.h"
#include "v86/memdisk.h"
#include "vmm/extmem.h"
#include "v86/reflect.h"
#include "v86/vflags.h"
#include "vxd/vxd.h"
#include "vmm/vmlife.h"
#include "vmm/lib/x86.h"
#include "vmm/hw/serial.h"

#define BOOT_SEG_OFF 0x7C00
#define BDA_COM_PORTS 0x400
#define BDA_EQUIPMENT 0x410
#define DEFAULT_EXT_KB 4096
#define BDA_CURSOR_PAGE0 0x450

/* The UART that carries the VMM's log (COM1 unless log= says otherwise):
 * take it out of the BIOS data area so DOS does not find it (the ports
 * read as absent, vmm/dbgport.c).  log=e9 or none leaves every UART. */
static void hide_log_uart(struct vm *vm)
{
    uint16_t log = serial_port();
    int at = -1;
    for (int i = 0; i < 4 && at < 0 && log != LOG_E9 && log != LOG_NONE; i++)
        if (vm_peek16(vm, BDA_COM_PORTS + 2 * i) == log)
            at = i;
    if (at < 0)
        return;
    for (int i = at; i < 3; i++)
        vm_poke16(vm, BDA_COM_PORTS + 2 * i, vm_peek16(vm, BDA_COM_PORTS + 2 * i + 2));
    vm_poke16(vm, BDA_COM_PORTS + 6, 0);
    uint16_t eq = vm_peek16(vm, BDA_EQUIPMENT);
    unsigned n = (eq >> 9) & 7;
    vm_poke16(vm, BDA_EQUIPMENT, (eq & ~0x0E00) | ((n ? n - 1 : 0) << 9));
}

/* VM 1 takes the display: its BIOS cursor (0040:0050, page 0) continues
 * below the VMM's boot lines instead of writing over them. */
static void hand_over_screen(struct vm *vm)
{
    int row, col;
    vga_cursor(&row, &col);
    if (col) {
        row++;
        col = 0;
    }
    if (row > 24)
        row = 24;
    vm_poke16(vm, BDA_CURSOR_PAGE0, (uint16_t)((row << 8) | col));
    console_vga(false);
}

static uint8_t choose_drive(struct vm *vm)
{
    enum boot_source b = cmdline.boot;
    if (b == BOOT_DEFAULT)
        b = boot_disk_module() ? BOOT_MODULE : BOOT_FD0;
    if (b == BOOT_MODULE) {
        const struct boot_module *m = boot_disk_module();
        if (m && memdisk_install(vm, m->start, m->end - m->start))
            return 0x00;
        kprintf("vmm386: no usable boot module, trying fd0\n");
        return 0x00;
    }
    return b == BOOT_HD0 ? 0x80 : 0x00;
}

/* Read sector 1 of `drive` to 0000:7C00 with the VM's INT 13h. */
static bool read_boot_sector(struct vm *vm, uint8_t drive)
{
    struct Client_Reg_Struc *c = vm_crs(vm);
    for (int tries = 0; tries < 4; tries++) {
        begin_nest_v86_exec(vm);
        c = vm_crs(vm);
        c->Client_EAX = 0x0201;
        c->Client_ECX = 0x0001;
        c->Client_EDX = drive;
        c->Client_ES = 0;
        c->Client_EBX = BOOT_SEG_OFF;
        exec_int(vm, 0x13);
        bool ok = !(c->Client_EFlags & EFL_CF);
        uint8_t status = (c->Client_EAX >> 8) & 0xFF;
        end_nest_exec(vm);
        if (ok)
            return true;
        kprintf("vmm386: boot sector read from drive %02x failed (status %02x)\n", drive, status);
        begin_nest_v86_exec(vm);
        c = vm_crs(vm);
        c->Client_EAX = 0x0000;
        c->Client_EDX = drive;
        exec_int(vm, 0x13);
        end_nest_exec(vm);
    }
    return false;
}

/* Read the boot sector of `drive` and enter it at 0000:7C00 with DL set. */
static void __attribute__((noreturn)) boot_drive(struct vm *vm, uint8_t drive)
{
    if (!read_boot_sector(vm, drive))
        vm_terminate(vm, "cannot read the boot sector of drive %02x", drive);
    if (vm_peek16(vm, BOOT_SEG_OFF + 510) != 0xAA55)
        kprintf("vmm386: warning: boot sector of drive %02x has no 55AA signature\n", drive);

    struct Client_Reg_Struc *c = vm_crs(vm);
    c->Client_CS = 0;
    c->Client_EIP = BOOT_SEG_OFF;
    c->Client_DS = c->Client_ES = c->Client_SS = 0;
    c->Client_ESP = BOOT_SEG_OFF;
    c->Client_EDX = drive;
    vm->CB_VM_Status &= ~VMStat_Creating;
    kprintf("vmm386: VM %u boots drive %02x at 0000:7C00\n", vm->CB_VMID, drive);
    if (vm == sys_vm)
        hand_over_screen(vm);
    v86_deliver_pending(vm, c);
    trapret_to(vm->tf0);
}

/* What the VMM does to every VM's BIOS state before it boots. */
static void prepare_low_memory(struct vm *vm)
{
    v86page_init(vm);
    hide_log_uart(vm);
    extmem_alloc(vm, cmdline.ext_kb ? cmdline.ext_kb : DEFAULT_EXT_KB);
}

void sys_vm_boot(struct vm *vm)
{
    prepare_low_memory(vm);
    if (cmdline.iopl3)
        v86_enter_iopl3(vm);
    uint8_t drive = choose_drive(vm);
    vxd_sys_vm_init(vm);
    vmlife_boot_vms();
    boot_drive(vm, drive);
}

void vm_boot_module(struct vm *vm)
{
    prepare_low_memory(vm);
    const struct boot_module *m = boot_disk_module_n(vm->boot_module);
    if (!m || !memdisk_install(vm, m->start, m->end - m->start))
        vm_terminate(vm, "module %d is not a usable disk", vm->boot_module);
    boot_drive(vm, 0x00);
}
