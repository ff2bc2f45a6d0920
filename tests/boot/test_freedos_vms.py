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


def test_fork_on_the_command_line():
    """fork=1: when VM 1's DOS starts its first program (INT 21h AH=4Bh), a
    copy of VM 1 is made there; both run the program and the rest of
    AUTOEXEC.BAT."""
    img = make_dos_disk(["@ECHO OFF",
                         "E9SAY autoexec",
                         "E9SAY /X"], progs=["E9SAY.COM"])
    r = run_vms([str(img)], cmdline="fork=1", timeout=120)
    assert not any("PANIC" in l for l in r.serial_lines), r.log()
    assert "vmm386: VM 1's DOS starts a program: forking 1 VM" in r.serial_lines, r.log()
    assert "autoexec (VM 1)" in r.vm_lines(1), r.log()
    assert "autoexec (VM 2)" in r.vm_lines(2), r.log()
    assert r.exit_status == 1, r.log()
