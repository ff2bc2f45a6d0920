"""Hostile guests: machine resets through the keyboard controller, port 92h
and port CF9h.  The monitor never resets the machine: it ends VM 1 with the
reason, then "vmm386: no VMs left" and the VMM's own exit status (a reset
under -no-reboot would end QEMU with status 0).

The keyboard controller is VKD's (vxd/vkd.c) and port 92h V86MMGR's
(vxd/v86mmgr.c), VxDs on the public API: they log the reason ("VKD: ...",
"V86MMGR: ...") and end the VM with Crash_Cur_VM.  CF9h is the VMM's.

The *_word cases reach the reset ports with the high byte of a word OUT to
the port below (91h, 63h, CF8h), as a PC bus splits it.
"""
import pytest

from test_hostile_common import run_terminated

RESETS = {
    "kbc_outport": "VKD: reset through the keyboard controller output port (de)",
    "kbc_fe": "VKD: reset through the keyboard controller (command fe)",
    "p92": "V86MMGR: fast reset through port 92h (03)",
    "cf9": "reset through port CF9h (06)",
    "p92_word": "V86MMGR: fast reset through port 92h (01)",
    "kbc_word": "VKD: reset through the keyboard controller (command fe)",
    "cf9_word": "reset through port CF9h (06)",
}


@pytest.mark.parametrize("name", sorted(RESETS))
def test_hostile_reset(name):
    reason = RESETS[name]
    if not reason.startswith(("VKD: ", "V86MMGR: ")):     # the VxDs crash the VM
        run_terminated("h_reset_" + name, reason)
        return
    r = run_terminated("h_reset_" + name, "Crash_Cur_VM")
    lines = r.serial_lines
    assert lines[-3] == reason, "want %r before the end\n%s" % (reason, r.log())
