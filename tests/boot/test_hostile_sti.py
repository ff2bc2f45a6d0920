"""Hostile guests: the virtual IF with interrupts already pending.

CLI PUSHF STI POPF ends with IF clear (16- and 32-bit), and no interrupt
slips in; POPF/IRET setting IF deliver at once; STI delays delivery by
exactly one instruction (also before HLT, which must not hang, and before a
spin loop with no trapping instruction, which must still get it); STI; CLI
opens no window at all."""
from test_hostile_common import TIMEOUT
from vmmtest import check_bare, check_same_passes, check_vmm, run_bare, run_vmm

PASSES = [
    "cli_pushf_sti_popf", "cli_pushfd_sti_popfd",
    "cli_pushf_sti_popf_pending_if0", "cli_pushf_sti_popf_no_tick",
    "popf_if1_delivers_at_once", "popf_if0_holds", "iret_if1_delivers_at_target",
    "sti_shadow_one_insn", "sti_hlt_wakes", "sti_spin_delivers",
    "sti_sti_after_second", "sti_cli_no_window", "sti_mov_ss_shadow",
]


def test_hostile_sti_bare():
    check_bare(run_bare("h_sti", timeout=TIMEOUT), PASSES)


def test_hostile_sti_pending():
    r = run_vmm("h_sti", timeout=TIMEOUT)
    check_vmm(r, PASSES)
    check_same_passes(r, run_bare("h_sti", timeout=TIMEOUT))


def test_hostile_cli_pushf_sti_popf():
    """The historic Linux vm86 bug: CLI PUSHF STI POPF must end with the
    virtual IF clear (16- and 32-bit), with no interrupt slipping in even
    when one is pending."""
    r = run_vmm("h_sti", timeout=TIMEOUT)
    got = r.passes()
    for name in ["cli_pushf_sti_popf", "cli_pushfd_sti_popfd",
                 "cli_pushf_sti_popf_pending_if0", "cli_pushf_sti_popf_no_tick"]:
        assert name in got, "missing PASS %s\n%s" % (name, r.log())
