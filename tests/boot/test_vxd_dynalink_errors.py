"""The INT 20h dynalink refuses a VxDcall it cannot link and halts the
machine with a message naming the service (by its DDK name) and the calling
VxD by name and offset (BADCALL, in
tests/vxd/badcall.c, makes the calls on request of the v_badcall* guests)."""
import re

import pytest

from vmmtest import run_vmm, VXDTEST_ELF, check_banner

EXIT_PANIC = (0x7E << 1) | 1

AT = r" from VxD BADCALL\+[0-9A-F]{4}h \(c0[0-9a-f]{6}\)"
CASES = {
    "v_badcall1": r"VxDcall to unknown device 7EEEh \(service 0005h\)" + AT,
    "v_badcall2": r"VxDcall service 01FFh of device 0001h \(VMM\)" + AT + ": not implemented in vmm386",
    "v_badcall3": r"VxDcall service 7000h of device 0001h \(VMM\)" + AT + ": device VMM has 533 services",
    "v_badcall4": r"VxDcall Hook_NMI_Event \(VMM 0018h\)" + AT + ": not implemented in vmm386",
}


@pytest.mark.parametrize("guest", sorted(CASES))
def test_dynalink_refuses(guest):
    r = run_vmm(guest, kernel=VXDTEST_ELF, timeout=10)
    check_banner(r)
    assert "VM1: calling" in r.serial_lines, r.log()
    panics = [l for l in r.serial_lines if l.startswith("vmm386 PANIC: ")]
    assert len(panics) == 1 and re.fullmatch("vmm386 PANIC: " + CASES[guest], panics[0]), r.log()
    assert "BADCALL: the bad VxDcall returned" not in r.serial_lines, r.log()
    assert r.exit_status == EXIT_PANIC, r.log()
