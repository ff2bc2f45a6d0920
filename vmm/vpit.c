#include "vmm/vpit.h"
#include "v86/io.h"
#include "vmm/hw/pit.h"
#include "vmm/lib/x86.h"
#include "vmm/hw/pic.h"
#include "vmm/timer.h"

#define PIT_CH0 0x40
#define PIT_CMD 0x43
#define PIC1_IRR 0x20                   /* master PIC command port, reads the IRR */
#define READ_WINDOW (PIT_TICK_DIVISOR / 16)  /* clocks between counter and IRR reads, at most */

#define VPIT_MAX_OWED_CLOCKS (10u * PIT_HZ)  /* owe at most 10 s of ticks */

/* Timer ticks are never lost (as Windows' VTD): a period that ends while
 * the VM's IRQ 0 is still requested (its IF is off, or it runs its timer
 * handler, or the guest's rate is above the VMM's 1 kHz) is owed, and the
 * owed ticks go in one at a time as the VM takes each: at the next VMM tick
 * or at the VM's next write to its PIC (an EOI), whichever comes first.  A
 * real PIC would merge them and DOS's clock would fall behind. */
void vpit_advance(struct vm *vm, uint32_t clocks)
{
    vm->pit_acc += clocks;
    if (vm->pit_acc >= vm->pit_reload) {
        uint32_t periods = vm->pit_acc / vm->pit_reload;
        uint32_t max_owed = VPIT_MAX_OWED_CLOCKS / vm->pit_reload;
        vm->pit_acc %= vm->pit_reload;
        vm->pit_owed = vm->pit_owed + periods > max_owed ? max_owed : vm->pit_owed + periods;
    }
    /* A VM that masks IRQ 0 at its PIC stopped its clock: the chip latches
     * one request, nothing is owed. */
    if (vm->vpic.master.imr & 1)
        vm->pit_owed = vm->pit_owed && !(vm->vpic.master.irr & 1) ? 1 : 0;
    if (vm->pit_owed && !(vm->vpic.master.irr & 1)) {
        vm->pit_owed--;
        vpic_raise(&vm->vpic, 0);
    }
}

/* PIT input clocks since the VMM last advanced the VMs (vpit_advance): the
 * real channel 0 counts down from PIT_TICK_DIVISOR within each 1 ms tick.
 * The monitor runs with interrupts off, so the real counter may already be
 * into the next tick while that tick is not taken yet: its clocks count too,
 * or the VM would see its counter jump back up (a false wrap) until the VMM
 * catches up.  Two signs of it: the real counter went back since the last
 * read in the same tick, or the tick's IRQ 0 already waits in the PIC (the
 * VMM leaves the master's OCW3 on "read IRR", so port 20h reads the IRR).
 * What the signs miss, a clamp catches: the time handed out never goes
 * back (it is the same real time for every VM). */
static uint32_t clocks_into_tick(void)
{
    static uint32_t seen_ms, seen_into;     /* the last read */
    static uint64_t last;                   /* the latest time handed out */
    /* Mode 2 counts DIV (just reloaded: nothing elapsed) down to 1. */
    uint32_t count = pit_read_counter0();
    uint32_t into = count >= PIT_TICK_DIVISOR ? 0 : PIT_TICK_DIVISOR - count;
    bool same_tick = seen_ms == system_time_ms;
    bool irq_waiting = inb(PIC1_IRR) & (1u << IRQ_TIMER);

    /* A waiting IRQ raised in the few clocks between the two reads belongs
     * to the tick after this count: only the very end of a tick is that. */
    if ((same_tick && into < seen_into) || (irq_waiting && into < PIT_TICK_DIVISOR - READ_WINDOW))
        into += PIT_TICK_DIVISOR;
    seen_ms = system_time_ms;
    seen_into = into;

    uint64_t tick_start = (uint64_t)system_time_ms * PIT_TICK_DIVISOR;
    uint64_t now = tick_start + into;
    if (now < last && last - tick_start <= 2 * PIT_TICK_DIVISOR)
        now = last;
    last = now;
    return (uint32_t)(now - tick_start);
}

static uint16_t current_count(struct vm *vm)
{
    uint32_t left = vm->pit_reload - vm->pit_acc;
    uint32_t into_tick = clocks_into_tick();
    /* At most down to 1: the count reaches its end (and the VM's IRQ 0 is
     * raised) when the VMM takes the tick. */
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
        vm->pit_owed = 0;               /* ticks of the old rate are moot */
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
