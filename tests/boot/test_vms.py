"""Several VMs side by side (one per multiboot module): each makes
progress, none can touch another's memory, one that spins with interrupts
off or crashes does not stop the others, and an ended VM gives back every
page it took."""
import re

import pytest

from vmmtest import ROOT, run_vms


def vm_passes(r, n):
    return [l[5:] for l in r.vm_lines(n) if l.startswith("PASS ")]


def check_no_panic(r):
    assert not any("PANIC" in l for l in r.serial_lines), r.log()


def test_eight_vms_make_progress():
    r = run_vms(["m_ticks"] * 8, timeout=90, mem=96)
    check_no_panic(r)
    for n in range(1, 9):
        assert "PASS progress" in r.vm_lines(n), "VM %d\n%s" % (n, r.log())
        assert "tick 0005" in r.vm_lines(n), r.log()
    # the machine ends with the last VM, with status 0
    assert r.exit_status == 1, r.log()
    for n in range(2, 9):
        assert any(l.startswith("vmm386: VM %d created: boots module %d " % (n, n - 1)) for l in r.serial_lines), r.log()


def test_vms_interleave():
    """The VMs run at the same time, not one after the other: VM 2's first
    tick comes before VM 1's last."""
    r = run_vms(["m_ticks", "m_ticks"], timeout=60)
    lines = r.serial_lines
    assert lines.index("VM2: tick 0001") < lines.index("VM1: tick 0005"), r.log()
    assert lines.index("VM1: tick 0001") < lines.index("VM2: tick 0005"), r.log()


def test_isolation_from_a_scribbling_vm():
    for guests, iso, scr in ((["m_isolated", "m_scribble"], 1, 2),
                             (["m_scribble", "m_isolated"], 2, 1)):
        r = run_vms(guests, timeout=90)
        check_no_panic(r)
        assert "scribbled" in r.vm_lines(scr), r.log()
        assert vm_passes(r, iso) == ["isolated"], r.log()


def test_vm_spinning_with_if0_does_not_stop_the_others():
    r = run_vms(["m_ticks", "m_spin"], timeout=60, stop_on="VM1: exit 0x00")
    assert "spinning with IF=0" in r.vm_lines(2), r.log()
    assert "PASS progress" in r.vm_lines(1), r.log()
    check_no_panic(r)


def test_crashed_vm_leaves_the_others_running():
    r = run_vms(["m_ticks", "m_crash"], timeout=60)
    check_no_panic(r)
    assert any(re.fullmatch(r"VM 2 terminated: privileged instruction LGDT at 1000:[0-9a-f]{4}", l)
               for l in r.serial_lines), r.log()
    assert "PASS progress" in r.vm_lines(1), r.log()
    assert r.exit_status == 1, r.log()


def test_destroyed_vm_returns_every_page():
    """VM 2 ends while VM 1 idles: the free count after Destroy_VM is the
    free count before VM 2 was created."""
    r = run_vms(["m_ticks", "m_crash"], timeout=60)
    text = r.serial
    before = int(re.search(r"vmm386: VM 2 created: boots module 1 \((\d+) KB free before\)", text).group(1))
    m = re.search(r"vmm386: VM 2 destroyed, (\d+) pages freed \((\d+) KB free\)", text)
    assert m, r.log()
    assert int(m.group(2)) == before, r.log()
    assert int(m.group(1)) > 256, r.log()      # its first megabyte at least


# Guests of the single-VM suite, run as VM 2 beside an idle VM 1: a VM
# other than VM 1 (its own memory, shared read-only ROM, its own A20,
# extended memory, PIC and PIT) behaves as VM 1 does.  The expected PASS
# lines are those of each guest's own test.
import importlib

SECOND_VM_GUESTS = ["t_rom", "t_a20", "t_int15", "t_flags", "t_faults", "t_nested", "t_sp0", "t_disk"]


@pytest.mark.parametrize("guest", SECOND_VM_GUESTS)
def test_guest_as_second_vm(guest):
    mod = importlib.import_module("test_" + guest[2:])
    r = run_vms(["m_idle", guest], timeout=60)
    check_no_panic(r)
    got = vm_passes(r, 2)
    for p in mod.PASSES:
        assert p in got, "VM 2 (%s): PASS %s missing\n%s" % (guest, p, r.log())
    assert not [l for l in r.vm_lines(2) if l.startswith("FAIL")], r.log()
    assert "exit 0x00" in r.vm_lines(2), r.log()


def test_real_bios_disk_shared_through_the_critical_section():
    """Three VMs read the real hard disk through the BIOS at once."""
    hd = ROOT / "build" / "guest" / "t_disk.img"
    r = run_vms(["m_hdread"] * 3, timeout=90,
                extra_qemu_args=["-drive", "file=%s,if=ide,format=raw,snapshot=on" % hd])
    check_no_panic(r)
    for n in (1, 2, 3):
        assert "PASS hd_reads" in r.vm_lines(n), r.log()
    for n in (2, 3):
        assert "PASS floppy_refused" in r.vm_lines(n), r.log()
        assert "vmm386: VM %d: BIOS floppy drive 01 refused (its DMA would reach VM 1's memory)" % n \
            in r.serial_lines, r.log()
    assert r.exit_status == 1, r.log()


def test_trap_storm_does_not_starve_the_others():
    r = run_vms(["m_ticks", "m_storm"], timeout=60, stop_on="VM1: exit 0x00")
    check_no_panic(r)
    assert "storming" in r.vm_lines(2), r.log()
    assert "PASS progress" in r.vm_lines(1), r.log()


def test_fork_bomb_is_refused_cleanly():
    r = run_vms(["m_forkbomb"], timeout=120, mem=48)
    check_no_panic(r)
    created = [l for l in r.serial_lines if re.fullmatch(r"vmm386: VM \d+ created: a fork of VM \d+ at .*", l)]
    assert len(created) >= 3, r.log()
    # refused by the VMM (no slot, no memory) or by a VxD out of memory for its
    # per-VM state (VDD's screen copy fails VM_Critical_Init): cleanly either way
    assert any(l.startswith("vmm386: cannot create a VM (") or
               re.fullmatch(r"VM \d+ terminated: a VxD failed (Create_VM|VM_Critical_Init)", l)
               for l in r.serial_lines), r.log()
    assert any("fork refused" in r.vm_lines(n) for n in range(1, 200)), r.log()
    # every VM that ran got to its end; the machine ended with the last one
    ran = {1} | {int(re.match(r"vmm386: VM (\d+) created", l).group(1)) for l in created}
    for n in ran:
        assert "done" in r.vm_lines(n), "VM %d\n%s" % (n, r.log())
    assert r.exit_status == 1, r.log()
