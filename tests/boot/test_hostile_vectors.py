"""Hostile guests: INT 20h-2Fh, 50h-5Fh (the VMM's real IRQ vectors), 60h
(AH=00h: not the sample VxD's), 80h and FFh from V86 reach the guest's own
IVT handlers, once each, with the right return address; never a VMM
service."""
from test_hostile_common import TIMEOUT
from vmmtest import check_bare, check_same_passes, check_vmm, run_bare, run_vmm

VECTORS = list(range(0x20, 0x30)) + list(range(0x50, 0x60)) + [0x60, 0x80, 0xFF]
PASSES = ["vec_%02X" % v for v in VECTORS]


def test_hostile_vectors_bare():
    check_bare(run_bare("h_vectors", timeout=TIMEOUT), PASSES)


def test_hostile_vectors_reach_guest_ivt():
    r = run_vmm("h_vectors", timeout=TIMEOUT)
    check_vmm(r, PASSES)
    check_same_passes(r, run_bare("h_vectors", timeout=TIMEOUT))
    # no VMM service answered instead (the sample VxD logs what it serves)
    assert not [l for l in r.serial_lines if l.startswith("INT60")], r.log()
