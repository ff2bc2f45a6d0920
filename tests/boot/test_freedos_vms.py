"""FreeDOS in two VMs at once: VM 1 boots the FreeDOS floppy, its
AUTOEXEC.BAT forks the VM with VMSTART FORK, and both copies run the rest
of AUTOEXEC.BAT to the end, each on its own copy-on-write disk."""
from dosimage import make_dos_disk
from vmmtest import run_vms


def test_freedos_forked_into_two_vms():
    img = make_dos_disk(["@ECHO OFF",
                         "E9SAY autoexec start",
                         "VMSTART FORK",
                         "E9SAY autoexec end",
                         "E9SAY /X"], progs=["E9SAY.COM", "VMSTART.COM"])
    r = run_vms([str(img)], timeout=120)
    assert not any("PANIC" in l for l in r.serial_lines), r.log()
    assert r.vm_lines(1).count("autoexec start (VM 1)") == 1, r.log()
    assert "autoexec end (VM 1)" in r.vm_lines(1), r.log()
    assert "autoexec end (VM 2)" in r.vm_lines(2), r.log()
    assert "autoexec start (VM 2)" not in r.vm_lines(2), r.log()
    assert "exit 0x00" in r.vm_lines(1) and "exit 0x00" in r.vm_lines(2), r.log()
    assert any(l.startswith("vmm386: VM 2 created: a fork of VM 1 at ") for l in r.serial_lines), r.log()
    assert r.exit_status == 1, r.log()
