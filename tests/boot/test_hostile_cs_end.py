"""Hostile guests: code running past the end of its 64 KB code segment, and
data accesses outside the VM.

A 386 raises #GP when EIP goes past FFFFh; QEMU TCG does not check the limit
(it wraps a sequential IP like an 8086, and runs 32-bit jump targets at
CS*16 + EIP).  Whatever exception follows, with EIP above FFFFh the monitor
ends VM 1 with "execution past the end of the code segment at cccc:eeeee"
(the full EIP).  An instruction straddling the segment end is reported as
such; a 32-bit address aimed at the VMM is a page fault outside the VM.
"""
from test_hostile_common import TIMEOUT, run_terminated
from vmmtest import check_bare, check_same_passes, check_vmm, run_bare, run_vmm


def test_hostile_cs_end_far32_hma():
    run_terminated("h_cs_end_far32_hma",
                   "execution past the end of the code segment at ffff:10010")


def test_hostile_cs_end_far32():
    run_terminated("h_cs_end_far32",
                   "execution past the end of the code segment at 3000:10000")


def test_hostile_cs_end_cross():
    run_terminated("h_cs_end_cross",
                   "instruction crosses the end of the code segment at 3000:ffff")


def test_hostile_cs_end_wrap_qemu():
    """Sequential IP wrap: QEMU behaves like an 8086 (no #GP reaches the
    monitor), so the VM survives, at the same place as on bare QEMU."""
    r = run_vmm("h_cs_end_wrap", timeout=TIMEOUT)
    check_vmm(r, ["cs_end_wrap_survives"])
    check_same_passes(r, run_bare("h_cs_end_wrap", timeout=TIMEOUT))
    assert "INFO wrapped to 3000:0000" in r.guest_lines(), r.log()


def test_hostile_cs_end_wrap_bare():
    check_bare(run_bare("h_cs_end_wrap", timeout=TIMEOUT), ["cs_end_wrap_survives"])


def test_hostile_wild_a32_write():
    run_terminated("h_wild_a32", "page fault at linear c0100000, {at}")
