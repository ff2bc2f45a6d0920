"""Hostile guests: prefix abuse.

Segment, REP/REPNE, 66h and 67h prefixes stacked (up to the 15-byte limit) on
CLI, STI, PUSHF, POPF, INT, IRET, IN and OUT: emulated exactly as real mode
runs them.  LOCK on them is #UD (a 386 decodes LOCK first; QEMU 7.2 ignores
it, so the monitor reflects INT 6 itself).  16 bytes: the CPU raises #GP and
the monitor ends VM 1 with "instruction longer than 15 bytes at CS:IP".
"""
import re

import pytest

from test_hostile_common import TIMEOUT, run_terminated
from vmmtest import check_bare, check_vmm, run_bare, run_vmm

COMMON = [
    "p14_cli", "p14_sti", "rep_seg_cli",
    "prefixed_pushf_2", "prefixed_pushfd_4", "p14_pushf",
    "prefixed_popf", "prefixed_popfd",
    "o32_int_frame16", "prefixed_int", "p13_int_15_bytes",
    "prefixed_iret_sp", "prefixed_iretd_sp",
    "prefixed_in_byte", "in_byte_keeps_upper", "prefixed_out",
    "prefix_if_end",
]
LOCK = ["lock_cli_ud", "lock_int_ud"]


def test_hostile_prefix_bare():
    r = run_bare("h_prefix", timeout=TIMEOUT)
    got = r.passes()
    missing = [p for p in COMMON if p not in got]
    assert not missing, "missing %r\n%s" % (missing, r.log())


def test_hostile_prefix_stacked():
    r = run_vmm("h_prefix", timeout=TIMEOUT)
    check_vmm(r, COMMON + LOCK)
    bare = [p for p in run_bare("h_prefix", timeout=TIMEOUT).passes() if p not in LOCK]
    assert [p for p in r.passes() if p not in LOCK] == bare, r.log()


def test_hostile_prefix_in_dword_split():
    """o32 in eax, dx at 21h: AL is the (virtual) IMR, as on a PC."""
    r = run_vmm("h_prefix", timeout=TIMEOUT)
    line = [l for l in r.guest_lines() if l.startswith("INFO in eax 21h ")]
    m = re.fullmatch(r"INFO in eax 21h [0-9A-F]{6}([0-9A-F]{2}) mask ([0-9A-F]{2})", line[0])
    assert m and m.group(1) == m.group(2), r.log()


@pytest.mark.parametrize("op", ["cli", "nop"])
def test_hostile_prefix_16_bytes(op):
    run_terminated("h_prefix15_" + op, "instruction longer than 15 bytes at {at}")
