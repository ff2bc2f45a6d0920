"""The safe mask on the way back to V86 mode (issue 11): the test VxD
FLAGLEAK plants IOPL=3, NT, RF, reserved bits and a cleared real IF in the
client's saved EFLAGS; the guest v_flagleak checks that it still sees its own
IF and IOPL, that CLI/STI still trap and that the timer still interrupts it."""
from test_vxd_common import check_vxd_run, run_vxd, vxd_lines

PASSES = ["flagleak_entry", "flagleak_cli_image", "flagleak_sti_image",
          "flagleak_timer_ticks", "flagleak_sti_image2"]


def test_vxd_flagleak():
    r = run_vxd("v_flagleak")
    check_vxd_run(r, PASSES)
    assert vxd_lines(r, "FLAGLEAK: ") == ["FLAGLEAK: planted"] * 2, r.log()
