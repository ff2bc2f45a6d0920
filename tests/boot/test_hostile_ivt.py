"""Hostile guests: IVT entries and far jumps aimed at garbage or at the VMM's
break page.

With the guest's own INT 6 handler the VM recovers from each (INT 6 with the
garbage CS:IP).  With the BIOS's default INT 6 (an IRET) the fault repeats
forever: the runaway detector ends VM 1 with "exception 6 repeated 20000
times at CS:IP".  A jump into the break page gets no VMM service.

Unbacked adapter space (D000:0000) reads 00h under QEMU, not FFh, so the
garbage (FF FFh, an invalid opcode) is planted by the guest at 5000:0000.
"""
import re

from test_hostile_common import TIMEOUT, check_terminated, run_terminated
from vmmtest import check_bare, check_vmm, run_bare, run_vmm

BARE_PASSES = ["ivt_garbage", "ivt_garbage_sp", "far_jmp_garbage"]
VMM_PASSES = BARE_PASSES + ["break_page_0000", "break_page_0010"]


def break_page_seg(r):
    for line in r.serial_lines:
        m = re.match(r"vmm386: V86 break page at ([0-9a-f]{4}):0000", line)
        if m:
            return int(m.group(1), 16)
    raise AssertionError("no break page line in the boot log\n" + r.log())


def test_hostile_ivt_garbage_bare():
    check_bare(run_bare("h_ivt_garbage", timeout=TIMEOUT), BARE_PASSES)


def test_hostile_ivt_garbage_recovered():
    r = run_vmm("h_ivt_garbage", timeout=TIMEOUT)
    check_vmm(r, VMM_PASSES)
    # the guest found the break page where the VMM says it is
    assert "BREAK %04X" % break_page_seg(r) in r.guest_lines(), r.log()


def test_hostile_ivt_runaway():
    run_terminated("h_ivt_runaway", "exception 6 repeated 20000 times at 5000:0000")


def test_hostile_jmp_wild_runaway():
    run_terminated("h_jmp_wild", "exception 6 repeated 20000 times at 5000:0000")


def test_hostile_jmp_breakpage_runaway():
    r = run_vmm("h_jmp_breakpage", timeout=TIMEOUT)
    check_terminated(r, "exception 6 repeated 20000 times at %04x:0000" % break_page_seg(r))
