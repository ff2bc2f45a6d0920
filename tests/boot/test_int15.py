"""INT 15h AH=88h extended memory size and AH=87h block move to 2 MB and back,
and to the HMA and back with A20 off."""
from vmmtest import check_bare, check_same_passes, check_vmm, run_bare, run_vmm

GUEST = "t_int15"
PASSES = [
    "int15_88_nonzero",
    "int15_88_2mb",
    "int15_87_to_ext",
    "int15_87_from_ext",
    "int15_87_data",
    "int15_87_to_hma",
    "int15_87_a20_kept",
    "int15_87_hma_not_wrapped",
    "int15_87_hma_data",
]


def test_int15_bare():
    check_bare(run_bare(GUEST), PASSES)


def test_int15_vmm():
    r = run_vmm(GUEST)
    check_vmm(r, PASSES)
    check_same_passes(r, run_bare(GUEST))
