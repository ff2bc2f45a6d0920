"""INT 10h AH=0Eh teletype output, read back from video memory and AH=08h."""
from vmmtest import check_bare, check_same_passes, check_vmm, run_bare, run_vmm

GUEST = "t_teletype"
PASSES = [
    "tty_mode",
    "tty_cursor_col0",
    "tty_cursor_advance",
    "tty_cursor_row",
    "tty_vram",
    "tty_readchar",
]


def test_teletype_bare():
    check_bare(run_bare(GUEST), PASSES)


def test_teletype_vmm():
    r = run_vmm(GUEST)
    check_vmm(r, PASSES)
    check_same_passes(r, run_bare(GUEST))
