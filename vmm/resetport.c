#include "vmm/resetport.h"
#include "vmm/vm.h"
#include "v86/io.h"

#define PCI_CONFIG_ADDR 0xCF8
#define RESET_CF9 0xCF9
#define CF9_RESET 0x04                  /* reset CPU (with bit 1: hard reset) */

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
static uint32_t pci_io(struct vm *vm, uint16_t port, unsigned size, bool out, uint32_t val, void *ctx)
{
    (void)ctx;
    int rcr = out ? cf9_byte(port, size, val) : -1;
    if (rcr >= 0 && (rcr & CF9_RESET))
        vm_terminate(vm, "reset through port CF9h (%02x)", rcr);
    return io_passthrough(port, size, out, val);
}

void resetport_install(void)
{
    io_install(PCI_CONFIG_ADDR, 8, pci_io, 0, IO_WIDE);
}
