"""Hostile guests: string I/O with huge counts through trapped ports.

REP OUTSB/INSB/INSW with CX=FFFFh (DF=0 and 1), 67h with ECX=10000h: the
monitor emulates them in batches, with real-mode results, and timer
interrupts still get in between.  Past the segment limit with a 32-bit
count: "string I/O beyond the segment limit at CS:IP"."""
from test_hostile_common import TIMEOUT, run_terminated
from vmmtest import check_bare, check_same_passes, check_vmm, run_bare, run_vmm

PASSES = ["outsb_back_si", "outsb_back_cx", "insb_di", "insb_cx", "insb_data",
          "insb_back_di", "insb_a32_edi", "insb_a32_ecx", "insw_wrap_cx", "insw_wrap_di",
          "strio_interruptible"]


def block_lines(r):
    lines = r.guest_lines()
    return lines[lines.index("BEGIN") + 1:lines.index("END")]


def expected_block_lines():
    # 2000:FFFF down to 2000:0001: block 3FFh first; each block's LF (its
    # first byte) ends the line of the block above it; block 0 has no LF sent
    return [chr(ord("a") + b % 26) * 63 for b in range(0x3FF, -1, -1)]


def test_hostile_strio_bare():
    r = run_bare("h_strio", timeout=TIMEOUT)
    check_bare(r, PASSES)
    assert block_lines(r) == expected_block_lines(), r.log()[:3000]


def test_hostile_strio_huge_counts():
    r = run_vmm("h_strio", timeout=TIMEOUT)
    check_vmm(r, PASSES)
    check_same_passes(r, run_bare("h_strio", timeout=TIMEOUT))
    assert block_lines(r) == expected_block_lines(), r.log()[:3000]


def test_hostile_strio_past_limit():
    run_terminated("h_strio_limit", "string I/O beyond the segment limit at {at}")
