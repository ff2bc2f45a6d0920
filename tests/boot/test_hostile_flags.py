"""Hostile guests: POPF/POPFD/IRET/IRETD images setting VM, IOPL, NT, RF,
VIF, VIP, AC and ID.  What PUSHFD shows afterwards is exactly what bare real
mode shows, and the VM stays under the monitor's control (INT n still
reaches its own IVT, CLI/STI still work on the virtual IF)."""
from test_hostile_common import TIMEOUT
from vmmtest import check_bare, check_vmm, run_bare, run_vmm

PASSES = ["flagimg_still_controlled", "flagimg_int61_count"]


def flag_lines(r):
    return [l for l in r.guest_lines() if l.startswith("FLAGS ")]


def test_hostile_flags_bare():
    r = run_bare("h_flagimg", timeout=TIMEOUT)
    check_bare(r, PASSES)
    assert len(flag_lines(r)) == 44, r.log()


def test_hostile_flags_images():
    r = run_vmm("h_flagimg", timeout=TIMEOUT)
    check_vmm(r, PASSES)
    bare = run_bare("h_flagimg", timeout=TIMEOUT)
    assert flag_lines(r) == flag_lines(bare), \
        "PUSHFD images differ from real mode\nvmm386: %r\nbare:   %r" % (flag_lines(r), flag_lines(bare))
