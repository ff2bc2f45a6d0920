"""The keyboard controller's commands (tests/guest/t_kbc.asm): bare QEMU's
8042 and VKD's virtual one per VM give the same answers."""
from vmmtest import check_bare, check_same_passes, check_vmm, run_bare, run_vmm

GUEST = "t_kbc"
PASSES = ["kbc_self_test", "kbc_if_test", "kbc_ctr_readback", "kbc_a20_off", "kbc_a20_on",
          "kbd_ack_cmd", "kbd_ack_arg", "aux_if_test", "aux_id_ack", "aux_id", "aux_defaults_ack", "aux_status_ack",
          "aux_resolution", "aux_rate", "aux_write_ob"]


def test_kbc_bare():
    check_bare(run_bare(GUEST), PASSES)


def test_kbc_vmm():
    r = run_vmm(GUEST)
    check_vmm(r, PASSES)
    check_same_passes(r, run_bare(GUEST))
