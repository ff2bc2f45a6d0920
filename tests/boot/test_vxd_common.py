"""Helpers shared by the VxD-services tests (tests/boot/test_vxd_*.py).

Those tests boot build/vxdtest/vmm386.elf -- vmm386 with the test VxDs of
tests/vxd (VXDTEST in C, device 7E01h; ASMTEST in NASM, 7E02h; FAILINIT,
7E03h, which fails Device_Init), built by `make vxdtest` (tests/vxd/vxd.mk)
-- with the guests tests/guest/v_*.asm, which drive the VxDs through their
V86 APIs (INT 2Fh AX=1684h).  The VxDs log what they see ("VXDTEST: ...",
"ASMTEST: ..."); the guests print PASS/FAIL lines, "info NAME SSSS:OOOO"
lines with the addresses the expected log lines need, and "mark NAME" lines
that cut the serial log into sections.

Every run must end like any test guest: banner first, all PASS lines, no
FAIL, `VM1: exit 0x00`, QEMU status 1 -- and take less than TIMEOUT seconds.
"""
import re

from vmmtest import VXDTEST_ELF, check_vmm, run_vmm

TIMEOUT = 10                    # seconds: each VxD boot is short


# The VxD tests run in both modes: IOPL 0 (default) and trusted mode
# (iopl=3); conftest.py parametrizes every test_vxd_* test with vxd_mode,
# which sets this.
MODES = ["", "iopl=3"]
mode = ""


def run_vxd(guest, **kw):
    """Boot build/vxdtest/vmm386.elf with build/guest/<guest>.img (in `mode`)."""
    kw.setdefault("timeout", TIMEOUT)
    kw["cmdline"] = (kw.get("cmdline", "") + " " + mode).strip()
    return run_vmm(guest, kernel=VXDTEST_ELF, **kw)


def check_vxd_run(r, passes):
    check_vmm(r, passes)
    assert r.elapsed < TIMEOUT, "the boot took %.1f s\n%s" % (r.elapsed, r.log())


def sys_vm_handle(r):
    """The VM handle VXDTEST logged at Sys_VM_Init, as 8 hex digits."""
    for line in r.serial_lines:
        m = re.fullmatch(r"VXDTEST: Sys_VM_Init hVM=([0-9A-F]{8})", line)
        if m:
            return m.group(1)
    raise AssertionError("no `VXDTEST: Sys_VM_Init hVM=` line\n" + r.log())


def info(r, name):
    """(seg, off) of the guest's "info NAME SSSS:OOOO" line."""
    for line in r.guest_lines():
        m = re.fullmatch(r"info " + re.escape(name) + r" ([0-9A-F]{4}):([0-9A-F]{4})", line)
        if m:
            return int(m.group(1), 16), int(m.group(2), 16)
    raise AssertionError("guest printed no `info %s` line\n%s" % (name, r.log()))


def info_value(r, name):
    """The hex value of the guest's "info NAME XXXXXXXX" line."""
    for line in r.guest_lines():
        m = re.fullmatch(r"info " + re.escape(name) + r" ([0-9A-F]+)", line)
        if m:
            return int(m.group(1), 16)
    raise AssertionError("guest printed no `info %s` line\n%s" % (name, r.log()))


def section(r, mark, prefix=None):
    """The serial lines after the guest's "mark MARK" line up to its next
    mark line (or the end); only those starting with `prefix` (a string or
    a tuple of strings) if given."""
    start = "VM1: mark " + mark
    assert start in r.serial_lines, "no %r line\n%s" % (start, r.log())
    out = []
    for line in r.serial_lines[r.serial_lines.index(start) + 1:]:
        if line.startswith("VM1: mark "):
            break
        if prefix is None or line.startswith(prefix):
            out.append(line)
    return out


def vxd_lines(r, prefix):
    """All serial lines of one VxD (prefix "VXDTEST: ", "ASMTEST: ", ...)."""
    return [l for l in r.serial_lines if l.startswith(prefix)]


def assert_section(r, mark, prefix, want):
    got = section(r, mark, prefix)
    assert got == want, "after `mark %s`: %r lines\n got  %r\n want %r\n%s" % (
        mark, prefix, got, want, r.log())


def linear(seg, off):
    return (seg << 4) + off


def bp_line(hvm, ref, seg, off, lin=None, cs=None, ip=None):
    """VXDTEST's breakpoint callback line: EAX=BreakAddr, EBX=VM handle,
    EDX=RefData, ESI=BreakLinAddr, Client_CS:IP."""
    lin = linear(seg, off) if lin is None else lin
    cs = seg if cs is None else cs
    ip = off if ip is None else ip
    return "VXDTEST: bp EAX=%04X%04X EBX=%s EDX=%08X ESI=%08X CS:IP=%04X:%04X" % (
        seg, off, hvm, ref, lin, cs, ip)
