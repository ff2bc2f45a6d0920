#include "vmm/vpit.h"
#include "v86/io.h"
#include "vmm/hw/pit.h"
#include "vmm/lib/x86.h"

#define PIT_CH0 0x40
#define PIT_CMD 0x43

void vpit_advance(struct vm *vm, uint32_t clocks)
{
    vm->pit_acc += clocks;
    if (vm->pit_acc >= vm->pit_reload) {
        /* Ticks the VM could not take in time coalesce, as on a real PIC. */
        vm->pit_acc %= vm->pit_reload;
        vpic_raise(&vm->vpic, 0);
    }
}

static uint16_t current_count(struct vm *vm)
{
    uint32_t left = vm->pit_reload - vm->pit_acc;
    /* Interpolate inside the VMM's 1 ms tick from the real counter. */
    uint32_t into_tick = PIT_TICK_DIVISOR - pit_read_counter0() % PIT_TICK_DIVISOR;
    left = left > into_tick ? left - into_tick : 1;
    return (uint16_t)left;
}

static uint32_t pit_io(struct vm *vm, uint16_t port, unsigned size, bool out, uint32_t val)
{
    (void)size;
    if (port == PIT_CMD) {
        if (!out)
            return 0xFF;                /* the command register is write-only */
        unsigned ch = (val >> 6) & 3, access = (val >> 4) & 3;
        if (ch == 3) {                  /* read-back: latch ch 0 count if asked */
            if (!(val & 0x20) && (val & 0x02)) {
                vm->pit_latch = current_count(vm);
                vm->pit_latched = 2;
            }
            if (val & 0x0C)
                io_passthrough(PIT_CMD, 1, true, val & ~0x02);
            return 0;
        }
        if (ch != 0) {
            io_passthrough(PIT_CMD, 1, true, val);
            return 0;
        }
        if (access == 0) {              /* counter latch */
            vm->pit_latch = current_count(vm);
            vm->pit_latched = vm->pit_access == 3 ? 2 : 1;
        } else {
            vm->pit_access = access;
            vm->pit_mode = (val >> 1) & 7;
            vm->pit_flipflop = 0;
            vm->pit_latched = 0;
        }
        return 0;
    }
    if (port != PIT_CH0)
        return io_passthrough(port, 1, out, val);
    if (out) {
        uint32_t reload = vm->pit_reload & 0xFFFF;
        switch (vm->pit_access) {
        case 1: reload = val & 0xFF; break;
        case 2: reload = (val & 0xFF) << 8; break;
        default:
            if (!vm->pit_flipflop) {
                vm->pit_write_lo = val;
                vm->pit_flipflop = 1;
                return 0;
            }
            reload = vm->pit_write_lo | ((val & 0xFF) << 8);
            vm->pit_flipflop = 0;
        }
        vm->pit_reload = reload ? reload : 0x10000;
        vm->pit_acc = 0;
        return 0;
    }
    uint16_t count = vm->pit_latched ? vm->pit_latch : current_count(vm);
    uint8_t b;
    switch (vm->pit_access) {
    case 1: b = count & 0xFF; break;
    case 2: b = count >> 8; break;
    default:
        b = vm->pit_flipflop ? count >> 8 : count & 0xFF;
        vm->pit_flipflop ^= 1;
    }
    if (vm->pit_latched && (vm->pit_access != 3 || --vm->pit_latched == 0))
        vm->pit_latched = 0;
    return b;
}

void vpit_install(void)
{
    io_install(PIT_CH0, 1, pit_io, 0);
    io_install(PIT_CMD, 1, pit_io, 0);
    /* 41h (refresh) and 42h (speaker) stay with the hardware. */
}
