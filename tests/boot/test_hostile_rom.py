"""Hostile guests: writes into the video BIOS ROM (C000:0000) are dropped
(the system BIOS ROM: t_rom)."""
from test_hostile_common import TIMEOUT
from vmmtest import check_bare, check_same_passes, check_vmm, run_bare, run_vmm

PASSES = ["vgarom_signature", "vgarom_write_byte", "vgarom_write_word",
          "vgarom_write_dword", "vgarom_write_string"]


def test_hostile_rom_vga_bare():
    check_bare(run_bare("h_rom_vga", timeout=TIMEOUT), PASSES)


def test_hostile_rom_vga_writes_dropped():
    r = run_vmm("h_rom_vga", timeout=TIMEOUT)
    check_vmm(r, PASSES)
    check_same_passes(r, run_bare("h_rom_vga", timeout=TIMEOUT))
