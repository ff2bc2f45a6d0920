"""A PS/2 mouse through the BIOS pointing-device services (INT 15h
AX=C2xxh), the way a DOS mouse driver reads it: moves made through the QEMU
monitor (mouse_move) after the guest prints "mouse ready" come to its packet
handler as the same packets bare and under vmm386 (VKD's virtual mouse)."""
from vmmtest import check_bare, check_vmm, run_bare, run_vmm, run_vms

GUEST = "t_mouse"
PASSES = ["mouse_init", "mouse_handler", "mouse_enable", "mouse_disable"]
KEYS = [("mouse ready", ["!mouse_move 10 0", "!mouse_move 0 -7", "!mouse_move -3 4"])]
WANT = ["packet: 08 0A 00", "packet: 08 00 07", "packet: 38 FD FC"]


def packets(r):
    return [l for l in r.guest_lines() if l.startswith("packet: ")]


def test_mouse_bare():
    r = run_bare(GUEST, keys=KEYS)
    check_bare(r, PASSES)
    assert packets(r) == WANT, r.log()


def test_mouse_vmm():
    r = run_vmm(GUEST, keys=KEYS)
    check_vmm(r, PASSES)
    assert packets(r) == WANT, r.log()


def test_mouse_follows_the_focus():
    """Two VMs use the mouse: only the focus VM gets packets; after Ctrl+Alt+2
    VM 2 gets the next moves, and never saw the first ones."""
    moves2 = ["!mouse_move 5 5", "!mouse_move -1 0", "!mouse_move 0 2"]
    # triggers are searched in order, each after the last: VM 2 is ready long
    # before VM 1 has its three packets (checked below), whichever was first
    keys = [("VM1: mouse ready", KEYS[0][1]),
            ("VM1: packet: 38 FD FC", ["ctrl-alt-2"]),
            ("focus on VM 2", moves2)]
    r = run_vms([GUEST, GUEST], keys=keys)
    assert not any("PANIC" in l for l in r.serial_lines), r.log()
    assert r.index("VM2: mouse ready") < r.index("vmm386: focus on VM 2"), r.log()
    got = {n: [l for l in r.vm_lines(n) if l.startswith("packet: ")] for n in (1, 2)}
    assert got[1] == WANT, r.log()
    assert got[2] == ["packet: 28 05 FB", "packet: 18 FF 00", "packet: 28 00 FE"], r.log()
    for n in (1, 2):
        assert "PASS mouse_disable" in r.vm_lines(n), r.log()


def test_hostile_mouse_port_flood():
    """Hostile: VM 2 floods its controller's mouse port (40 resets, 100
    bytes as mouse data) without reading; its controller keeps what fits,
    its mouse stays sane, and VM 1's mouse (the focus) is untouched."""
    keys = [("VM1: mouse ready", KEYS[0][1])]
    r = run_vms([GUEST, "h_kbc_aux"], keys=keys)
    assert not any("PANIC" in l for l in r.serial_lines), r.log()
    assert [l for l in r.vm_lines(1) if l.startswith("packet: ")] == WANT, r.log()
    lines = r.vm_lines(2)
    assert not [l for l in lines if l.startswith("FAIL")], r.log()
    for p in ("reset_flood_answered", "id_ack_after_flood", "id_after_flood", "aux_off_holds_it",
              "aux_on_gives_it"):
        assert "PASS " + p in lines, r.log()
    kept = [int(l.split()[-1], 16) for l in lines if l.startswith("flood kept ")]
    assert len(kept) == 2 and all(3 <= k <= 33 for k in kept), r.log()
