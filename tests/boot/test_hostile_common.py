"""Helpers shared by the hostile-guest tests (tests/boot/test_hostile_*.py).

A hostile guest either survives (it prints PASS lines and exits 0, like any
test guest) or is terminated by the monitor.  A termination must be exactly

    VM 1 terminated: <reason>
    vmm386: no VMs left

as the last two serial lines, with QEMU's status (7Dh << 1) | 1 from the
VMM's own exit.  A reset or triple fault of the machine would end QEMU with 0
under -no-reboot and is never accepted.

Guests whose termination message names an address print it first as a line
"AT cccc:iiii" (or "<TAG> cccc:iiii"); guest_addr() reads it back.
"""
import re

from vmmtest import check_banner, run_vmm

EXIT_NO_VMS = (0x7D << 1) | 1       # EXIT_NO_VMS through isa-debug-exit
NO_VMS_LINE = "vmm386: no VMs left"
TIMEOUT = 10                        # seconds: every hostile boot is short


def guest_addr(r, tag="AT"):
    """The (cs, ip) the guest printed as "<tag> cccc:iiii"."""
    for line in r.guest_lines():
        m = re.fullmatch(re.escape(tag) + r" ([0-9A-Fa-f]{4}):([0-9A-Fa-f]{4})", line)
        if m:
            return int(m.group(1), 16), int(m.group(2), 16)
    raise AssertionError("guest printed no %r line\n%s" % (tag, r.log()))


def guest_value(r, tag):
    """The hex value the guest printed as "<tag> XXXX" (INFO lines)."""
    for line in r.guest_lines():
        m = re.fullmatch(re.escape(tag) + r" ([0-9A-Fa-f]+)", line)
        if m:
            return int(m.group(1), 16)
    raise AssertionError("guest printed no %r line\n%s" % (tag, r.log()))


def csip(cs, ip):
    """The monitor's spelling of an address: lower-case hex, 4 digits each."""
    return "%04x:%04x" % (cs, ip)


def check_terminated(r, reason):
    """VM 1 was killed with exactly `reason`, the VMM then ran out of VMs and
    ended the machine itself; the guest never got past the hostile act."""
    check_banner(r)
    want = "VM 1 terminated: " + reason
    tail = r.serial_lines[-2:]
    assert tail == [want, NO_VMS_LINE], \
        "want the last lines %r\n%s" % ([want, NO_VMS_LINE], r.log())
    assert not [l for l in r.serial_lines if l.startswith("vmm386 PANIC")], r.log()
    assert r.guest_exit is None, "the guest reached its exit\n" + r.log()
    assert not r.fails(), "FAIL lines %r\n%s" % (r.fails(), r.log())
    assert r.exit_status == EXIT_NO_VMS, \
        "QEMU exit status %r, want %d (no VMs left)\n%s" % (r.exit_status, EXIT_NO_VMS, r.log())


def run_terminated(guest, reason_fmt, tag="AT", cmdline=""):
    """Boot `guest` under vmm386 and check it is terminated with
    reason_fmt.format(at="cccc:iiii") (the address the guest printed)."""
    r = run_vmm(guest, cmdline=cmdline, timeout=TIMEOUT)
    at = csip(*guest_addr(r, tag)) if "{at}" in reason_fmt else None
    check_terminated(r, reason_fmt.format(at=at))
    return r
