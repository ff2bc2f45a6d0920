/* The VMM clock: a 1 ms tick from the real PIT.  Each tick goes to the
 * timer device VxD (VMM386_Hook_Timer_Tick: VTD, vxd/vtd.c, which advances
 * every VM's virtual PIT); time-outs (Set_Global_Time_Out and friends) hang
 * off it.
 *
 * Ticks are never lost.  The monitor runs with interrupts off, and on a slow
 * machine one long trap can outlast a 1 ms period: the real PIC then merges
 * two IRQ 0 edges into one.  Where the CPU has a TSC (calibrated against the
 * PIT at boot) each IRQ 0 credits the periods that really elapsed since the
 * last one, not just one.  A 386 without a TSC still merges them (known gap). */
#include "vmm/timer.h"
#include "vmm/vm.h"
#include "vmm/hw/pit.h"
#include "vmm/hw/cpu.h"
#include "vmm/kdb.h"
#include "vmm/timeout.h"
#include "vmm/sched.h"

#define CALIBRATE_PERIODS 2
#define CALIBRATE_ROUNDS 5
#define MAX_CATCH_UP_MS 1000            /* a longer stop (a debugger) is not time to replay */

volatile uint32_t system_time_ms;
VMM386_TICK_PROC tick_hook;
uint32_t tsc_per_tick;                  /* TSC counts per PIT_TICK_DIVISOR clocks, 0: no TSC */

/* Interrupts are off: time CALIBRATE_PERIODS wraps of the real counter
 * (mode 2 counts down, a wrap is the count going up) with the TSC, in
 * CALIBRATE_ROUNDS rounds, and keep the shortest.  A round whose polling
 * was held up (an SMI, an emulator's host under load) missed a wrap or saw
 * one late: it can only come out longer than the truth. */
static uint32_t calibrate_round(void)
{
    uint16_t prev = pit_read_counter0();
    uint64_t start = 0;
    for (int wraps = -1; wraps < CALIBRATE_PERIODS;) {
        uint16_t c = pit_read_counter0();
        if (c > prev && ++wraps == 0)
            start = rdtsc();
        prev = c;
    }
    return (uint32_t)((rdtsc() - start) / CALIBRATE_PERIODS);
}

static void tsc_calibrate(void)
{
    if (!cpu.has_tsc)
        return;
    uint32_t best = 0xFFFFFFFFu;
    for (int r = 0; r < CALIBRATE_ROUNDS; r++) {
        uint32_t t = calibrate_round();
        if (t < best)
            best = t;
    }
    tsc_per_tick = best;
}

void timer_init(void)
{
    pit_init();
    tsc_calibrate();
}

/* PIT periods (edges of the real IRQ 0) since the last call.  The TSC
 * says when we are, the real counter how far past the latest edge: so the
 * TSC time of that edge, and the whole periods between it and the previous
 * one, whatever the latency of either interrupt.  0 happens: an edge whose
 * IRQ is still waiting was counted already. */
static uint32_t periods_elapsed(void)
{
    static uint64_t last_edge;
    if (!tsc_per_tick)
        return 1;
    uint64_t now = rdtsc();
    uint16_t count = pit_read_counter0();
    uint32_t into = count >= PIT_TICK_DIVISOR ? 0 : PIT_TICK_DIVISOR - count;
    uint64_t edge = now - (uint64_t)into * tsc_per_tick / PIT_TICK_DIVISOR;
    uint64_t n = last_edge ? (edge - last_edge + tsc_per_tick / 2) / tsc_per_tick : 1;
    if (edge < last_edge)
        n = 0;
    else
        last_edge = edge;
    return n > MAX_CATCH_UP_MS ? MAX_CATCH_UP_MS : (uint32_t)n;
}

void timer_tick(void)
{
    uint32_t n = periods_elapsed();
    if (!n)
        return;
    system_time_ms += n;
    if (tick_hook)
        tick_hook(n * PIT_TICK_DIVISOR);
    timeout_run();
    sched_tick(n);
    kdb_poll();
}
