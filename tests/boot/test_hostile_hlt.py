"""Hostile guests: HLT.

HLT with the virtual IF clear, or with every PIC line masked, can never end:
the monitor terminates VM 1 as hung.  HLT with interrupts enabled idles the
VM until the next interrupt, however many times in a row.
"""
from test_hostile_common import TIMEOUT, run_terminated
from vmmtest import check_bare, check_same_passes, check_vmm, run_bare, run_vmm


def test_hostile_hlt_if0():
    run_terminated("h_hlt_cli", "HLT with interrupts disabled at {at} (VM hung)")


def test_hostile_hlt_all_masked():
    run_terminated("h_hlt_masked",
                   "HLT with every interrupt masked at the PIC at {at} (VM hung)")


RUN_PASSES = ["hlt_run_idles", "hlt_timer_only", "hlt_cli_no_tick", "hlt_pending_wakes"]


def test_hostile_hlt_run_bare():
    check_bare(run_bare("h_hlt_run", timeout=TIMEOUT), RUN_PASSES)


def test_hostile_hlt_run_idles():
    r = run_vmm("h_hlt_run", timeout=TIMEOUT)
    check_vmm(r, RUN_PASSES)
    check_same_passes(r, run_bare("h_hlt_run", timeout=TIMEOUT))
