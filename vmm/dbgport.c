/* Ports the harness and the guest share:
 *   E9h  guest debug console: each line the VM writes is logged "VM<n>: ...".
 *   F4h  test exit: "VM<n>: exit 0xNN", then the VM ends, and with the last
 *        VM the machine, with the first non-zero code of any VM (only under
 *        exit=qemu; otherwise the write is logged and ignored).
 * And the UART that is the VMM's log line (COM1 unless log= says otherwise):
 * hidden from the VMs, and so refused to VCD, which gives the others out. */
#include "vmm/vm.h"
#include "vmm/devices.h"
#include "vmm/console.h"
#include "vmm/cmdline.h"
#include "vmm/panic.h"
#include "v86/io.h"
#include "vxd/vxd.h"
#include "vmm/vmlife.h"
#include "vmm/hw/serial.h"

static void e9_flush(struct vm *vm)
{
    vm->e9buf[vm->e9len] = 0;
    kprintf("VM%u: %s\n", vm->CB_VMID, vm->e9buf);
    vm->e9len = 0;
}

static uint32_t e9_io(struct vm *vm, uint16_t port, unsigned size, bool out, uint32_t val, void *ctx)
{
    (void)port, (void)size, (void)ctx;
    if (!out)
        return 0xE9;                    /* what Bochs and QEMU answer: "present" */
    char ch = (char)val;
    if (ch == '\n') {
        e9_flush(vm);
    } else if (ch != '\r') {
        vm->e9buf[vm->e9len++] = (ch >= 0x20 && ch < 0x7F) ? ch : '.';
        if (vm->e9len == (int)sizeof vm->e9buf - 1)
            e9_flush(vm);
    }
    return 0;
}

static uint32_t exit_io(struct vm *vm, uint16_t port, unsigned size, bool out, uint32_t val, void *ctx)
{
    (void)port, (void)size, (void)ctx;
    if (!out)
        return 0xFF;
    if (vm->e9len)
        e9_flush(vm);
    kprintf("VM%u: exit 0x%02x\n", vm->CB_VMID, val & 0xFF);
    if (cmdline.exit_qemu)
        vmlife_vm_exit(vm, (uint8_t)val);   /* the machine ends with the last VM */
    return 0;
}

static uint32_t log_uart_io(struct vm *vm, uint16_t port, unsigned size, bool out, uint32_t val, void *ctx)
{
    (void)vm, (void)port, (void)size, (void)val, (void)ctx;
    return out ? 0 : 0xFF;              /* no UART here, as far as the VM can tell */
}

void dbgport_install(void)
{
    io_install(0xE9, 1, e9_io, 0, 0);
    io_install(0xF4, 1, exit_io, 0, 0);
    uint16_t log = serial_port();
    if (log != LOG_E9 && log != LOG_NONE)
        io_install(log, 8, log_uart_io, 0, 0);
}
