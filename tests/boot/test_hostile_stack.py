"""Hostile guests: stack pointer abuse.

Legal edge cases (SP=FFFF, 0002, 0004, 0000) behave as in real mode, SP
wrapping at 16 bits.  A stack item that would straddle SS:FFFF/SS:0000 is a
#SS on a 386: for the instructions it emulates (PUSHF, POPF, INT, IRETD) and
for interrupt delivery the monitor ends VM 1 with "stack fault at CS:IP
(SS:SP ssss:pppp)", SP as before the instruction.
"""
import pytest

from test_hostile_common import TIMEOUT, run_terminated
from vmmtest import check_bare, check_same_passes, check_vmm, run_bare, run_vmm

ODD_PASSES = [
    "sp_ffff_pushf_sp", "sp_ffff_popf_sp", "sp_ffff_pushf_image",
    "sp_ffff_push_sp", "sp_ffff_pop",
    "sp_ffff_int_sp", "sp_ffff_iret_sp", "sp_ffff_int_frame_ip",
    "sp_ffff_pushfd_sp", "sp_ffff_popfd_sp",
    "sp_0002_pushf_sp", "sp_0004_pushfd_sp", "sp_0004_popfd_sp",
    "sp_0000_int_sp", "sp_0000_iret_sp", "sp_0000_int_frame_ip",
]


def test_hostile_stack_odd_bare():
    check_bare(run_bare("h_stack_odd", timeout=TIMEOUT), ODD_PASSES)


def test_hostile_stack_odd_sp():
    r = run_vmm("h_stack_odd", timeout=TIMEOUT)
    check_vmm(r, ODD_PASSES)
    check_same_passes(r, run_bare("h_stack_odd", timeout=TIMEOUT))


# guest h_stack_<name> -> SS:SP in the message
STRADDLE = {
    "pushf1": "2000:0001",      # PUSHF
    "int3": "2000:0003",        # INT 61h: the second frame word straddles
    "popf": "2000:ffff",        # POPF
    "iretd": "2000:fffa",       # IRETD: the CS dword straddles
    "irq": "2000:0001",         # a timer interrupt delivered at SP=1
}


@pytest.mark.parametrize("name", sorted(STRADDLE))
def test_hostile_stack_straddle(name):
    run_terminated("h_stack_" + name, "stack fault at {at} (SS:SP %s)" % STRADDLE[name])
