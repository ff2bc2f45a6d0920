"""XMSHOOK (vxd/samples/xmshook.c), the seed's V86MMGR example: a V86
breakpoint on the real-mode XMS driver's entry, found through INT 2Fh
AX=4310h and Call_When_VM_Returns.  Booted from build/samples/vmm386.elf
(the samples, XMSHOOK built with its per-call log: tests/vxd/vxd.mk); the
default kernel carries no sample.

The guest x_xms installs its own tiny XMS driver and calls it the way DOS
programs do.  Under vmm386 the serial log must hold exactly one XMSHOOK line
per event, interleaved with the guest's lines in this order; under bare QEMU
the same guest prints the same lines (the breakpoint is transparent).

The guest's first line, "entries SSSS OOOO OOOO OOOO OOOO", says where its
four driver entries are (short jump, far jump, CLD, NOP); the expected
XMSHOOK lines are built from it, and the bytes there are checked against
build/guest/x_xms.bin.
"""
import re

from vmmtest import GUEST_DIR, SAMPLES_ELF, check_bare, check_vmm, run_bare, run_vmm

GUEST = "x_xms"
TIMEOUT = 10

# The whole conversation: "VM1: ..." is a guest line, "XMSHOOK: ..." the VxD's.
TRANSCRIPT = """\
VM1: entries {seg} {short} {far} {cld} {nop}
VM1: PASS xms_absent
XMSHOOK: INT 2Fh AX=4310h: no XMS driver answered
VM1: PASS xms_absent_entry
VM1: PASS xms_installed
XMSHOOK: XMS entry at {seg}:{short}
VM1: PASS xms_entry
XMSHOOK: XMS call AH=00
VM1: PASS xms_version
VM1: PASS xms_version_bx
VM1: PASS xms_version_hma
XMSHOOK: XMS call AH=08
VM1: PASS xms_query_free
VM1: PASS xms_query_free_dx
XMSHOOK: XMS call AH=09 DX=0040
VM1: PASS xms_alloc
VM1: PASS xms_alloc_handle
XMSHOOK: XMS call AH=08
VM1: PASS xms_query_after_alloc
XMSHOOK: XMS call AH=0A DX=0001
VM1: PASS xms_free
XMSHOOK: XMS call AH=03
VM1: PASS xms_global_enable
XMSHOOK: XMS call AH=07
VM1: PASS xms_query_a20_on
XMSHOOK: XMS call AH=04
VM1: PASS xms_global_disable
XMSHOOK: XMS call AH=07
VM1: PASS xms_query_a20_off
XMSHOOK: XMS call AH=05
VM1: PASS xms_local_enable
XMSHOOK: XMS call AH=06
VM1: PASS xms_local_disable
XMSHOOK: XMS call AH=88
VM1: PASS xms_unimplemented
VM1: PASS xms_unimplemented_bl
VM1: PASS xms_entry_again
VM1: PASS int2f_chain_ax
VM1: PASS int2f_chained
XMSHOOK: XMS entry at {seg}:{far}
VM1: PASS xms_entry_far
VM1: PASS xms_old_entry_intact
XMSHOOK: XMS call AH=00
VM1: PASS xms_version_far
XMSHOOK: XMS call AH=08
VM1: PASS xms_query_free_far
XMSHOOK: XMS entry at {seg}:{cld}
VM1: PASS xms_entry_cld
XMSHOOK: XMS call AH=00
XMSHOOK: unknown opcode FC at {seg}:{cld}, breakpoint removed
VM1: PASS xms_version_cld
VM1: PASS xms_cld_ran
VM1: PASS xms_query_a20_cld
VM1: PASS xms_cld_entry_intact
XMSHOOK: XMS entry at {seg}:{nop}
VM1: PASS xms_entry_nop
XMSHOOK: XMS call AH=00
VM1: PASS xms_version_nop
XMSHOOK: XMS call AH=09 DX=0100
VM1: PASS xms_alloc_nop
XMSHOOK: XMS call AH=0A DX=0002
VM1: PASS xms_free_bad_handle
VM1: PASS xms_free_bad_handle_bl
VM1: summary pass=0026 fail=0000
VM1: exit 0x00
XMSHOOK: System_Exit: breakpoint at {seg}:{nop} removed
"""

# first byte of each entry: short jump, far jump, CLD, NOP
ENTRY_OPCODES = {"short": 0xEB, "far": 0xEA, "cld": 0xFC, "nop": 0x90}


def _entries(r):
    for line in r.guest_lines():
        m = re.fullmatch(r"entries ([0-9A-F]{4}) ([0-9A-F]{4}) ([0-9A-F]{4}) ([0-9A-F]{4}) ([0-9A-F]{4})",
                         line)
        if m:
            return dict(zip(("seg", "short", "far", "cld", "nop"), m.groups()))
    raise AssertionError("the guest printed no `entries` line\n" + r.log())


def _expected(r):
    return TRANSCRIPT.format(**_entries(r)).splitlines()


def _expected_guest(r):
    """The guest's own lines: the transcript without XMSHOOK and exit lines."""
    return [l[5:] for l in _expected(r) if l.startswith("VM1: ") and l != "VM1: exit 0x00"]


PASSES = [l[len("VM1: PASS "):] for l in TRANSCRIPT.splitlines() if l.startswith("VM1: PASS ")]


def test_xms_entries_are_where_the_guest_says():
    """The offsets the guest prints point at the opcodes the test expects."""
    r = run_bare(GUEST, timeout=TIMEOUT)
    e = _entries(r)
    assert e["seg"] == "1000", r.log()
    image = (GUEST_DIR / (GUEST + ".bin")).read_bytes()
    for name, op in ENTRY_OPCODES.items():
        off = int(e[name], 16) - 0x100            # org 100h
        assert image[off] == op, "entry %s at %s: %02X, want %02X" % (name, e[name], image[off], op)
    assert image[int(e["short"], 16) - 0x100:][:5] == bytes([0xEB, 0x03, 0x90, 0x90, 0x90])


def test_xms_stub_bare():
    """The stub driver alone, booted by the BIOS: every answer right."""
    r = run_bare(GUEST, timeout=TIMEOUT)
    check_bare(r, PASSES)
    assert r.guest_lines() == _expected_guest(r), \
        "guest lines differ from the expected ones\n" + r.log()


def test_xmshook_vmm():
    """Under vmm386: exactly one XMSHOOK line per event, in order, and the
    guest sees the same answers as on bare hardware."""
    r = run_vmm(GUEST, timeout=TIMEOUT, kernel=SAMPLES_ELF)
    check_vmm(r, PASSES)
    assert "vmm386: VxD XMSHOOK (device 0000, init order 80000000)" in r.serial_lines, r.log()
    got = [l for l in r.serial_lines if l.startswith(("VM1: ", "XMSHOOK: "))]
    want = _expected(r)
    assert got == want, "transcript differs\n%s\n%s" % (
        "\n".join("%s %s" % ("  " if g == w else "!=", g) for g, w in zip(got, want)) +
        ("\n(got %d lines, want %d)" % (len(got), len(want))), r.log())


def test_xmshook_transparent():
    """The breakpoint changes nothing the guest can see."""
    v = run_vmm(GUEST, timeout=TIMEOUT, kernel=SAMPLES_ELF)
    b = run_bare(GUEST, timeout=TIMEOUT)
    assert v.guest_lines() == b.guest_lines(), \
        "guest lines differ\nvmm386: %r\nbare:   %r\n%s" % (v.guest_lines(), b.guest_lines(), v.log())


def test_xmshook_quiet_without_xms():
    """A guest that never asks for an XMS driver gets no XMSHOOK line at all
    (not even at System_Exit)."""
    r = run_vmm("t_exit", timeout=TIMEOUT, kernel=SAMPLES_ELF)
    assert r.exit_status == (0x2A << 1) | 1, r.log()
    assert not [l for l in r.serial_lines if l.startswith("XMSHOOK")], r.log()
