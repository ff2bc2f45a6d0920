"""Hostile guests: ESP with its high half set (emulated PUSHF/PUSHFD/INT/
IRET/POPF use SP only), emulated instructions straddling a page boundary,
and a trap storm (100000 CLI/STI pairs, 20000 INT n) that the timer still
gets through."""
from test_hostile_common import TIMEOUT
from vmmtest import check_bare, check_same_passes, check_vmm, run_bare, run_vmm

PASSES = ["esp_high_kept", "esp_low_balanced", "esp_high_int_frame_at_sp",
          "straddle_cli", "straddle_pushfd", "straddle_int",
          "storm_timer_gets_through", "storm_int_count"]


def test_hostile_misc_bare():
    check_bare(run_bare("h_misc", timeout=TIMEOUT), PASSES)


def test_hostile_misc():
    r = run_vmm("h_misc", timeout=TIMEOUT)
    check_vmm(r, PASSES)
    check_same_passes(r, run_bare("h_misc", timeout=TIMEOUT))
