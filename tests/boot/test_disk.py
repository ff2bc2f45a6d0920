"""INT 13h reads (AH=00h/02h/08h) of a FAT12 floppy, checked against the
8 KB DATA.BIN pattern.  Under vmm386 the disk is served three ways: as a
multiboot module (the VMM's own INT 13h), as BIOS drive 00h (-kernel ...
boot=fd0) and from the ISO (GRUB, boot=fd0)."""
from vmmtest import check_bare, check_banner, check_guest_output, check_no_vmm_errors, \
    check_same_passes, check_vmm, run_bare, run_vmm

GUEST = "t_disk"
PASSES = [
    "disk_reset", "disk_params_cx", "disk_params_dh", "disk_params_type",
    "disk_params_count", "disk_read_boot", "disk_read_multi_count",
    "disk_rootdir", "disk_fat_chain", "disk_data", "disk_read_error",
]


def test_disk_bare():
    check_bare(run_bare(GUEST), PASSES)


def test_disk_vmm_module():
    r = run_vmm(GUEST, via="module")
    check_vmm(r, PASSES)
    check_same_passes(r, run_bare(GUEST))


def test_disk_vmm_fd0():
    r = run_vmm(GUEST, via="fd0")
    check_vmm(r, PASSES)
    check_same_passes(r, run_bare(GUEST))


def test_disk_vmm_iso():
    # the ISO's command line has no exit=qemu: stop at the guest's summary line
    r = run_vmm(GUEST, via="iso", stop_on="summary ")
    check_banner(r)
    check_no_vmm_errors(r)
    check_guest_output(r, PASSES)
