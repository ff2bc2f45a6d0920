"""vmm386 on a 486 (QEMU -cpu 486): no CPUID-only feature is used (no VME,
no TSC, no CR4), and a post-486 instruction anywhere on the path would end
in #UD -- the run-time side of tools/check-386 (test_check386.py).  t_flags
must give the same lines as bare real mode on the same CPU."""
from test_flags import PASSES as FLAGS_PASSES
from vmmtest import check_vmm, run_bare, run_vmm

CPU486 = ["-cpu", "486"]


def check_486(r):
    cpu = [l for l in r.serial_lines if l.startswith("vmm386: CPU family")]
    assert cpu and cpu[0].startswith("vmm386: CPU family 4"), r.log()
    assert "VME" not in cpu[0] and "TSC" not in cpu[0], r.log()
    assert "vmm386: using VME" not in r.serial_lines, r.log()


def test_exit_486():
    r = run_vmm("t_exit", extra_qemu_args=CPU486)
    check_486(r)
    check_vmm(r, ["exit_code"], exit_code=0x2A)


def test_flags_486():
    r = run_vmm("t_flags", extra_qemu_args=CPU486)
    check_486(r)
    check_vmm(r, FLAGS_PASSES)
    bare = run_bare("t_flags", extra_qemu_args=CPU486)
    assert r.guest_lines() == bare.guest_lines(), \
        "output differs from bare real mode on a 486\nvmm386: %r\nbare:   %r\n%s" % (
            r.guest_lines(), bare.guest_lines(), r.log())
