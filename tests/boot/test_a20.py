"""A20 gate through port 92h, the keyboard controller and INT 15h AX=24xxh."""
from vmmtest import check_bare, check_same_passes, check_vmm, run_bare, run_vmm

GUEST = "t_a20"
PASSES = [
    "p92_off_readback",
    "p92_off_wraps",
    "p92_on_readback",
    "p92_on_nowrap",
    "kbc_on_nowrap",
    "kbc_on_readback",
    "kbc_off_wraps",
    "kbc_off_readback",
    "int15_2400_wraps",
    "int15_2402_off",
    "int15_2401_nowrap",
    "int15_2402_on",
    "a20_restored",
]


def test_a20_bare():
    check_bare(run_bare(GUEST), PASSES)


def test_a20_vmm():
    r = run_vmm(GUEST)
    check_vmm(r, PASSES)
    check_same_passes(r, run_bare(GUEST))
