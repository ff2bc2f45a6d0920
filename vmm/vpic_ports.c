/* Ports 20h/21h/A0h/A1h: the VM talks to its virtual PIC (vmm/vpic.c),
 * never to the real one, so it cannot mask or remap the VMM's timer. */
#include "vmm/vm.h"
#include "vmm/devices.h"
#include "v86/io.h"
#include "vmm/hw/pic.h"
#include "vmm/vpit.h"
#include "vxd/vpicd_core.h"

/* The VM that owns the devices decides which real lines are live, as
 * VPICD does: a line it unmasks in its virtual PIC is unmasked in the real
 * one, and a line a VxD virtualized stays unmasked.  The timer (the VMM's clock) and the cascade stay live always. */
static void sync_real_masks(struct vm *vm)
{
    if (vm != sys_vm)
        return;
    uint16_t vxd = vpicd_virtualized_lines();          /* a VxD's: it wants them */
    uint8_t master = vm->vpic.master.imr & ~((1 << IRQ_TIMER) | (1 << IRQ_CASCADE)) & ~vxd;
    pic_set_masks(master, vm->vpic.slave.imr & ~(vxd >> 8));
}

static uint32_t pic_io(struct vm *vm, uint16_t port, unsigned size, bool out, uint32_t val)
{
    (void)size;
    if (out) {
        vpic_write(&vm->vpic, port, (uint8_t)val);
        sync_real_masks(vm);
        if (vm->pit_owed)
            vpit_advance(vm, 0);        /* an EOI: the next owed tick can go in */
        return 0;
    }
    return vpic_read(&vm->vpic, port);
}

void vpic_ports_install(void)
{
    io_install(0x20, 2, pic_io, 0);
    io_install(0xA0, 2, pic_io, 0);
}
