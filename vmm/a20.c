#include "vmm/a20.h"
#include "vmm/vm.h"
#include "v86/io.h"
#include "vmm/lib/x86.h"

#define KBC_DATA 0x60
#define KBC_CMD  0x64
#define PORT92   0x92
#define RESET_CTL 0xCF8                 /* CF9h, inside the PCI config address dword */
#define PCI_CONFIG_ADDR 0xCF8
#define RESET_CF9 0xCF9
#define CF9_RESET 0x04                  /* reset CPU (with bit 1: hard reset) */

#define KBC_WRITE_OUTPORT 0xD1
#define KBC_READ_OUTPORT  0xD0
#define KBC_A20_OFF       0xDD
#define KBC_A20_ON        0xDF
#define OUTPORT_RESET     0x01          /* active low */
#define OUTPORT_A20       0x02
#define P92_RESET         0x01
#define P92_A20           0x02

static uint8_t outport(struct vm *vm)
{
    return OUTPORT_RESET | (vm->a20 ? OUTPORT_A20 : 0);
}

static uint32_t kbc_io(struct vm *vm, uint16_t port, unsigned size, bool out, uint32_t val)
{
    (void)size;
    if (port == KBC_CMD) {
        if (!out) {
            uint8_t st = inb(KBC_CMD);
            return vm->kbc_outport_read >= 0 ? (st | 0x01) : st;    /* OBF */
        }
        switch (val) {
        case KBC_WRITE_OUTPORT:
            vm->kbc_pending_cmd = val;
            return 0;
        case KBC_READ_OUTPORT:
            vm->kbc_outport_read = outport(vm);
            return 0;
        case KBC_A20_OFF:
        case KBC_A20_ON:
            vm_set_a20(vm, val == KBC_A20_ON);
            return 0;
        }
        if (val >= 0xF0 && !(val & OUTPORT_RESET))
            vm_terminate(vm, "reset through the keyboard controller (command %02x)", val);
        vm->kbc_pending_cmd = 0;
        outb(KBC_CMD, val);
        return 0;
    }
    /* KBC_DATA */
    if (!out) {
        if (vm->kbc_outport_read >= 0) {
            uint8_t v = vm->kbc_outport_read;
            vm->kbc_outport_read = -1;
            return v;
        }
        return inb(KBC_DATA);
    }
    if (vm->kbc_pending_cmd == KBC_WRITE_OUTPORT) {
        vm->kbc_pending_cmd = 0;
        if (!(val & OUTPORT_RESET))
            vm_terminate(vm, "reset through the keyboard controller output port (%02x)", val);
        vm_set_a20(vm, val & OUTPORT_A20);
        return 0;
    }
    outb(KBC_DATA, val);
    return 0;
}

static uint32_t port92_io(struct vm *vm, uint16_t port, unsigned size, bool out, uint32_t val)
{
    (void)port, (void)size;
    if (!out)
        return (vm->port92 & ~(P92_A20 | P92_RESET)) | (vm->a20 ? P92_A20 : 0);
    if (val & P92_RESET)
        vm_terminate(vm, "fast reset through port 92h (%02x)", val);
    vm->port92 = val;
    vm_set_a20(vm, val & P92_A20);
    return 0;
}

/* The byte a write puts into the reset control register at CF9h, or -1.
 * Only a dword at CF8h is the PCI configuration address; any narrower (or
 * misaligned) write covering CF9h reaches the byte-wide reset register. */
static int cf9_byte(uint16_t port, unsigned size, uint32_t val)
{
    if (port == PCI_CONFIG_ADDR && size == 4)
        return -1;
    if (port > RESET_CF9 || port + size <= RESET_CF9)
        return -1;
    return (val >> (8 * (RESET_CF9 - port))) & 0xFF;
}

/* CF8h-CFFh: the PCI configuration mechanism stays usable; a write to CF9h
 * with the reset bit is a machine reset. */
static uint32_t pci_io(struct vm *vm, uint16_t port, unsigned size, bool out, uint32_t val)
{
    int rcr = out ? cf9_byte(port, size, val) : -1;
    if (rcr >= 0 && (rcr & CF9_RESET))
        vm_terminate(vm, "reset through port CF9h (%02x)", rcr);
    return io_passthrough(port, size, out, val);
}

void a20_install(void)
{
    io_install(KBC_DATA, 1, kbc_io, 0);
    io_install(KBC_CMD, 1, kbc_io, 0);
    io_install(PORT92, 1, port92_io, 0);
    io_install(RESET_CTL, 8, pci_io, IO_WIDE);
}
