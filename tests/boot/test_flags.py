"""Flag images after CLI/STI/PUSHF/POPF/IRET (16- and 32-bit forms).
Differential: the guest's output under vmm386 must be identical, line for
line, to bare real mode (INFO lines record raw flag images)."""
from vmmtest import check_bare, check_vmm, run_bare, run_vmm

GUEST = "t_flags"
PASSES = [
    "cli_if0", "sti_if1", "popf_restores_if0", "popf_restores_if1",
    "popf_sets_if", "popf_clears_if", "iret_if1", "iret_if0",
    "iretd_if1", "iretd_sp", "iretd_if0", "pushfd_high", "pushfd_if1",
    "pushfd_if0", "popfd_sets_if", "popfd_vm_rf_ignored", "popfd_clears_if",
    "popf_iopl3_nt", "popf_iopl0", "popfd_iopl3_nt", "iret_iopl3",
    "popf_all", "popf_zero", "int_iret_if1", "int_clears_if",
]


def test_flags_bare():
    r = run_bare(GUEST)
    check_bare(r, PASSES)
    # real mode on a 386 shows IOPL/NT as written, bit 15 reads 0
    assert "INFO popf 7202 -> 7202" in r.lines, r.log()
    assert "INFO popf F202 -> 7202" in r.lines, r.log()


def test_flags_vmm():
    r = run_vmm(GUEST)
    check_vmm(r, PASSES)
    bare = run_bare(GUEST)
    assert r.guest_lines() == bare.guest_lines(), \
        "output differs from bare real mode\nvmm386: %r\nbare:   %r\n%s" % (
            r.guest_lines(), bare.guest_lines(), r.log())
