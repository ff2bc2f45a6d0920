"""Hostile guests: I/O to odd ports (1234h, FFFFh and accesses wrapping past
it, word/dword accesses that start below a trapped port).  The VM survives;
bytes of a wide access that land on trapped ports reach the VM's virtual
devices (here the virtual PIC), never the real ones, and nothing a guest
writes towards COM1 reaches the VMM's serial log."""
import re

from test_hostile_common import TIMEOUT
from vmmtest import check_bare, check_same_passes, check_vmm, run_bare, run_vmm

PASSES = ["port_1234", "port_ffff_wrap", "port_1f_word_in", "port_3f7_word_out",
          "pci_dword_not_reset", "ports_ticks_after"]


def test_hostile_ports_bare():
    check_bare(run_bare("h_ports", timeout=TIMEOUT), PASSES)


def test_hostile_ports_survive():
    r = run_vmm("h_ports", timeout=TIMEOUT)
    check_vmm(r, PASSES)
    check_same_passes(r, run_bare("h_ports", timeout=TIMEOUT))


def test_hostile_ports_split_to_virtual_pic():
    """out 1Eh, eax: the top byte is an OCW1 for port 21h, the virtual PIC."""
    r = run_vmm("h_ports", timeout=TIMEOUT)
    line = [l for l in r.guest_lines() if l.startswith("INFO pic_via_1e ")]
    assert line, r.log()
    m = re.fullmatch(r"INFO pic_via_1e ([0-9A-F]{2}) want ([0-9A-F]{2})", line[0])
    assert m and m.group(1) == m.group(2), r.log()


def test_hostile_ports_no_log_spoofing():
    r = run_vmm("h_ports", timeout=TIMEOUT)
    assert "SPOOFED" not in r.serial, r.log()
