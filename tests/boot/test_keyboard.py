"""INT 16h keyboard input: keys typed through the QEMU monitor (sendkey)
after the guest prints "ready" come back with the right ASCII/scan codes."""
from vmmtest import check_bare, check_vmm, run_bare, run_vmm

GUEST = "t_keyboard"
PASSES = ["kbd_empty", "kbd_peek"]
KEYS = [("ready", ["a", "shift-a", "ret"])]
WANT = ["key: 61 1E", "key: 41 1E", "key: 0D 1C"]


def keylines(r):
    return [l for l in r.guest_lines() if l.startswith("key: ")]


def test_keyboard_bare():
    r = run_bare(GUEST, keys=KEYS)
    check_bare(r, PASSES)
    assert keylines(r) == WANT, r.log()


def test_keyboard_vmm():
    r = run_vmm(GUEST, keys=KEYS)
    check_vmm(r, PASSES)
    assert keylines(r) == WANT, r.log()
