"""BIOS tick count advances while the guest idles with STI+HLT; INT 1Ah agrees."""
from vmmtest import check_bare, check_same_passes, check_vmm, run_bare, run_vmm

GUEST = "t_ticks"
PASSES = [
    "ticks_advance",
    "ticks_per_hlt",
    "ticks_int1a",
    "ticks_wait3",
    "ticks_if",
]


def test_ticks_bare():
    check_bare(run_bare(GUEST), PASSES)


def test_ticks_vmm():
    r = run_vmm(GUEST)
    check_vmm(r, PASSES)
    check_same_passes(r, run_bare(GUEST))
