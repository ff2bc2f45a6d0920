"""The safe mask on the way back to V86 mode (issue 11): the test VxD
FLAGLEAK plants IOPL=3, NT, RF, reserved bits and a cleared real IF in the
client's saved EFLAGS; the guest v_flagleak checks that it still sees its own
IF and IOPL, that CLI/STI still trap and that the timer still interrupts it."""
import pytest

from test_vxd_common import check_vxd_run, run_vxd, vxd_lines

PASSES = ["flagleak_entry", "flagleak_cli_image", "flagleak_sti_image",
          "flagleak_timer_ticks", "flagleak_sti_image2"]


def test_vxd_flagleak(vxd_mode):
    if vxd_mode:
        pytest.skip("trusted mode (iopl=3): IOPL 3 and the real IF are the VM's own there, "
                    "so a VxD writing Client_EFlags sets them, as in Windows")
    r = run_vxd("v_flagleak")
    check_vxd_run(r, PASSES)
    assert vxd_lines(r, "FLAGLEAK: ") == ["FLAGLEAK: planted"] * 2, r.log()
