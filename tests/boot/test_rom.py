"""Writes to the BIOS ROM (F000:FFF0) are dropped."""
from vmmtest import check_bare, check_same_passes, check_vmm, run_bare, run_vmm

GUEST = "t_rom"
PASSES = [
    "rom_resetvec",
    "rom_write_byte",
    "rom_write_word",
    "rom_write_string",
]


def test_rom_bare():
    check_bare(run_bare(GUEST), PASSES)


def test_rom_vmm():
    r = run_vmm(GUEST)
    check_vmm(r, PASSES)
    check_same_passes(r, run_bare(GUEST))
