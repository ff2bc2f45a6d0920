"""The virtual devices as VxDs with several VMs: VKD (the keyboard goes to
the focus VM; Ctrl+Alt+n moves the focus and never reaches a VM), the focus
messages (Set_Device_Focus, logged by the VMTEST VxD in order)."""
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
            ("VM3: exit", ["ctrl-alt-1"]),
            ("focus on VM 1", ["q"]),
            ("VM1: exit", ["ctrl-alt-2"]),
            # VM 1 is gone: the focus went elsewhere; Ctrl+Alt+2 brings it to 2
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
    assert r.index("VMTEST: Set_Device_Focus VM2 (not current)") < r.index("vmm386: focus on VM 2") \
        < r.index("VM2: key: 62 30"), r.log()
    for n in (1, 2, 3):
        assert "VM%d: exit 0x00" % n in r.serial_lines, r.log()
