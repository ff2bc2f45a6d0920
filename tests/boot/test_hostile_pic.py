"""Hostile guests: masking the timer and reinitializing the PIC.

The VM's PIC is virtual: masking IRQ 0 stops the VM's BIOS clock only,
unmasking restarts it; reinitialized to vector base 50h (the VMM's own real
IRQ base) the timer reaches the guest's INT 50h; back at 08h all is as
before.  Same results as the real 8259A under bare QEMU."""
from test_hostile_common import TIMEOUT
from vmmtest import check_bare, check_same_passes, check_vmm, run_bare, run_vmm

PASSES = [
    "pic_mask_readback", "pic_irq0_masked_no_ticks", "pic_irq0_unmasked_ticks",
    "pic_base50_timer_at_int50", "pic_base50_none_at_int8", "pic_base50_bios_clock_idle",
    "pic_restored_mask", "pic_base08_ticks_again",
]


def test_hostile_pic_bare():
    check_bare(run_bare("h_pic", timeout=TIMEOUT), PASSES)


def test_hostile_pic_mask_and_remap():
    r = run_vmm("h_pic", timeout=TIMEOUT)
    check_vmm(r, PASSES)
    check_same_passes(r, run_bare("h_pic", timeout=TIMEOUT))
