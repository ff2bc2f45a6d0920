"""The virtual devices as VxDs with several VMs: VKD (the keyboard goes to
the focus VM; Ctrl+Alt+n moves the focus and never reaches a VM), the focus
messages (Set_Device_Focus, logged by the VMTEST VxD in order)."""
import shutil
import tempfile
from pathlib import Path

import pytest

from vmmtest import ROOT, run_vms

VMTEST = ROOT / "build" / "vmtest" / "vmm386.elf"


def keys_of(r, n):
    return [l[len("key: "):] for l in r.vm_lines(n) if l.startswith("key: ")]


def test_hot_key_moves_the_keyboard_focus():
    if not VMTEST.exists():
        pytest.fail("%s missing (make vmtest)" % VMTEST, pytrace=False)
    keys = [("VM3: ready", ["a"]),
            ("VM1: key: 61 1E", ["ctrl-alt-2"]),
            ("focus on VM 2", ["b"]),
            ("VM2: key: 62 30", ["ctrl-alt-9", "c"]),       # no VM 9: VM 2 keeps it
            ("VM2: key: 63 2E", ["ctrl-alt-3"]),
            ("focus on VM 3", ["d", "q"]),
            # the focus VM ends: the focus goes to the lowest VM left, unasked
            ("focus on VM 1", ["q"]),
            ("focus on VM 2", ["q"])]
    r = run_vms(["m_keys", "m_keys", "m_keys"], kernel=VMTEST, keys=keys, timeout=60)
    assert not any("PANIC" in l for l in r.serial_lines), r.log()
    assert keys_of(r, 1) == ["61 1E", "71 10"], r.log()
    assert keys_of(r, 2) == ["62 30", "63 2E", "71 10"], r.log()
    assert keys_of(r, 3) == ["64 20", "71 10"], r.log()
    assert "VKD: Ctrl+Alt+9: no such VM" in r.serial_lines, r.log()
    # each focus change is told to the devices first, in the order they happen
    focus = [l.split(" (")[0] for l in r.serial_lines if l.startswith("VMTEST: Set_Device_Focus")]
    assert focus[:3] == ["VMTEST: Set_Device_Focus VM2", "VMTEST: Set_Device_Focus VM3",
                         "VMTEST: Set_Device_Focus VM1"], r.log()
    first = [l for l in r.serial_lines if l.startswith("VMTEST: Set_Device_Focus VM2")][0]
    assert r.index(first) < r.index("vmm386: focus on VM 2") < r.index("VM2: key: 62 30"), r.log()
    for n in (1, 2, 3):
        assert "VM%d: exit 0x00" % n in r.serial_lines, r.log()
    assert r.index("VM 3 ended: exit request") < r.index("vmm386: focus on VM 1") \
        < r.index("VM 1 ended: exit request") < r.lines.index("vmm386: focus on VM 2", r.index("VM 1 ended: exit request")), r.log()


# ---------------------------------------------------------------- VDD
SCREEN1 = b"SCREEN OF THE FIRST VM"
SCREEN2 = b"SCREEN OF THE SECOND VM"


def text_of(path):
    """The characters of an 80x25 text screen dump (attributes dropped)."""
    data = path.read_bytes()
    assert len(data) == 4000, len(data)
    return data[0::2]


def screen_dumps(n):
    """n file names for the monitor's pmemsave, relative to the tree (QEMU's
    cwd): an absolute path's '/' would be read as a division of the size."""
    d = Path(tempfile.mkdtemp(prefix="screens-", dir=ROOT / "build"))
    return d, [d / ("s%d.bin" % i) for i in range(n)]


def test_screen_follows_the_focus():
    """VM 1 (focus) and VM 2 both draw their screen and set their cursor:
    the real screen shows VM 1's text only; after Ctrl+Alt+2 VM 2's (from
    its copy) and VM 2's cursor; after Ctrl+Alt+1 VM 1's again."""
    d, dump = screen_dumps(3)
    save = ["!pmemsave 0xb8000 4000 %s" % f.relative_to(ROOT) for f in dump]
    keys = [("VM2: drawn", [save[0], "ctrl-alt-2"]),
            ("focus on VM 2", [save[1], "c"]),
            ("VM2: cursor", ["ctrl-alt-1"]),
            ("focus on VM 1", [save[2], "c", "q"]),
            ("focus on VM 2", ["q"])]            # VM 1 ended: VM 2 gets the focus
    try:
        r = run_vms(["m_screen1", "m_screen2"], keys=keys, timeout=60)
        s0, s1, s2 = (text_of(f) for f in dump)
    finally:
        shutil.rmtree(d, ignore_errors=True)
    assert not any("PANIC" in l for l in r.serial_lines), r.log()
    assert SCREEN1 in s0 and SCREEN2 not in s0, (s0, r.log())      # VM 2 drew into its copy
    assert SCREEN2 in s1 and SCREEN1 not in s1, (s1, r.log())
    assert SCREEN1 in s2 and SCREEN2 not in s2, (s2, r.log())
    # cursor: VM 1 at 3*80+5 = 00F5, VM 2 at 7*80+20 = 0244.  VM 2 read its
    # own while in the background (virtual CRTC) and with the focus (real)
    assert [l for l in r.vm_lines(2) if l.startswith("cursor")] == ["cursor: 0244"] * 2, r.log()
    assert [l for l in r.vm_lines(1) if l.startswith("cursor")] == ["cursor: 00F5"] * 2, r.log()
    for n in (1, 2):
        assert "VM%d: exit 0x00" % n in r.serial_lines, r.log()


def test_background_graphics_mode_waits_for_the_focus():
    keys = [("VDD: VM 2 waits for the focus", ["a"]),
            ("VM1: key: 61 1E", ["ctrl-alt-2"]),
            ("focus on VM 1", ["q"])]            # VM 2 ended: back to VM 1
    r = run_vms(["m_keys", "m_gfx"], keys=keys, timeout=60)
    assert not any("PANIC" in l for l in r.serial_lines), r.log()
    order = ["VM2: setting mode", "VDD: VM 2 waits for the focus to set a graphics mode",
             "VM1: key: 61 1E", "vmm386: focus on VM 2", "VDD: VM 2 has the focus: graphics mode set",
             "VM2: mode set", "VM2: exit 0x00"]
    at = [r.index(l) for l in order]
    assert at == sorted(at), r.log()
    assert "VM1: exit 0x00" in r.serial_lines, r.log()


# ---------------------------------------------------------------- VCD
COM2 = ["-serial", "null"]              # a second UART: COM2


def test_com_port_belongs_to_the_first_vm_that_touches_it():
    r = run_vms(["m_com_a", "m_com_b"], extra_qemu_args=COM2, timeout=60)
    assert not any("PANIC" in l for l in r.serial_lines), r.log()
    assert r.vm_lines(1)[:2] == ["COM2 present", "COM1 absent"], r.log()   # COM1: the VMM's log
    assert [l for l in r.vm_lines(2) if l.startswith("COM")] == ["COM2 absent", "COM2 present"], r.log()
    order = ["VCD: COM2 belongs to VM 1", "VM1: COM2 present", "VCD: COM2 is absent for VM 2",
             "VM2: COM2 absent", "VCD: COM2 is free again: it was VM 1", "VCD: COM2 belongs to VM 2",
             "VM2: COM2 present"]
    at = [r.index(l) for l in order]
    assert at == sorted(at), r.log()
    assert not any(l.startswith("VCD: COM1") for l in r.serial_lines), r.log()


def test_log_e9_leaves_com1_to_the_vms():
    r = run_vms(["m_com1"], cmdline="log=e9", timeout=60)
    e9 = r.e9.splitlines()
    assert any(l.startswith("vmm386 ") for l in e9), r.log()             # the banner
    assert "VCD: COM1 belongs to VM 1" in e9 and "VM1: COM1 present" in e9, r.log()
    assert "VM1: bda com1 03F8" in e9, r.log()                            # DOS finds it
    assert "VM1: exit 0x00" in e9, r.log()
    assert r.serial.strip() == "", r.log()                                # nothing on COM1


def test_eight_vms_hot_keys():
    """Eight VMs: Ctrl+Alt+8 and Ctrl+Alt+5 reach VMs 8 and 5; as each focus
    VM quits, the focus goes to the lowest VM left."""
    keys = [("VM8: ready", ["ctrl-alt-8"]),
            ("focus on VM 8", ["x"]),
            ("VM8: key: 78 2D", ["ctrl-alt-5"]),
            ("focus on VM 5", ["y", "q"])]
    for n in (1, 2, 3, 4, 6, 7, 8):
        keys.append(("focus on VM %d" % n, ["q"]))
    r = run_vms(["m_keys"] * 8, keys=keys, timeout=120, mem=128)
    assert not any("PANIC" in l for l in r.serial_lines), r.log()
    assert keys_of(r, 8) == ["78 2D", "71 10"], r.log()
    assert keys_of(r, 5) == ["79 15", "71 10"], r.log()
    for n in (1, 2, 3, 4, 6, 7):
        assert keys_of(r, n) == ["71 10"], r.log()
    for n in range(1, 9):
        assert "VM%d: exit 0x00" % n in r.serial_lines, r.log()


def test_background_vm_cannot_read_the_focus_vms_keys():
    """VM 2 polls ports 64h/60h and INT 16h while keys are typed into VM 1."""
    keys = [("VM2: snooping", ["a", "b", "c", "q"])]
    r = run_vms(["m_keys", "m_snoop"], keys=keys, timeout=60)
    assert not any("PANIC" in l for l in r.serial_lines), r.log()
    assert keys_of(r, 1) == ["61 1E", "62 30", "63 2E", "71 10"], r.log()
    assert r.index("VM1: key: 71 10") < r.index("VM2: snoop done"), r.log()    # typed meanwhile
    assert not [l for l in r.vm_lines(2) if l.startswith("snooped")], r.log()


def test_log_com2_moves_the_log_and_frees_com1(tmp_path):
    com2 = tmp_path / "com2.log"
    r = run_vms(["m_com1"], cmdline="log=com2", extra_qemu_args=["-serial", "file:%s" % com2],
                timeout=60)
    log = com2.read_text(errors="replace").replace("\r", "").splitlines()
    assert any(l.startswith("vmm386 ") for l in log), log                 # the banner
    assert "VCD: COM1 belongs to VM 1" in log and "VM1: COM1 present" in log, log
    assert "VM1: bda com1 03F8" in log, log
    assert not any(l.startswith("VCD: COM2") for l in log), log           # the VMM's own
    assert "VM1: exit 0x00" in log, log
    assert r.serial.strip() == "", r.serial                               # COM1: the VM's, silent


def test_text_vm_gets_its_mode_back_after_a_graphics_vm():
    """VM 2 sets mode 13h once it has the focus and ends; the focus returns to
    VM 1 (text): VDD has VM 1's BIOS set mode 03h again and shows its text."""
    d, dump = screen_dumps(1)
    keys = [("VDD: VM 2 waits for the focus", ["ctrl-alt-2"]),
            ("VDD: VM 1 text mode 03 restored", ["!pmemsave 0xb8000 4000 %s" % dump[0].relative_to(ROOT),
                                                 "q"])]
    try:
        r = run_vms(["m_screen1", "m_gfx_exit"], keys=keys, timeout=60)
        s0 = text_of(dump[0])
    finally:
        shutil.rmtree(d, ignore_errors=True)
    assert not any("PANIC" in l for l in r.serial_lines), r.log()
    assert r.index("VM2: mode set") < r.index("vmm386: focus on VM 1") \
        < r.index("VDD: VM 1 text mode 03 restored"), r.log()
    assert SCREEN1 in s0, (s0, r.log())


def test_a_background_vm_cannot_touch_the_focus_vms_vga():
    """Hostile: VM 2, in the background, writes video memory at A0000h and
    the VGA's sequencer, graphics controller, attribute controller and DAC
    while VM 1, the focus VM, is in graphics mode 13h: VM 1's pattern and
    map mask stay as it left them (VDD gives a background VM its own copy
    of A0000h-B7FFFh and keeps its VGA register writes to itself)."""
    r = run_vms(["m_vga_victim", "m_vga_vandal"], timeout=60)
    assert not any("PANIC" in l for l in r.serial_lines), r.log()
    assert "vandal done" in r.vm_lines(2), r.log()
    lines = r.vm_lines(1)
    assert "PASS video_memory_kept" in lines and "PASS map_mask_kept" in lines, r.log()
