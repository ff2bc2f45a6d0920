"""The #GP fast path (boot/fastpath.asm, v86/fastpath.h) and the general
path agree: t_fastpath (the fast path's edges, where it hands over) and the
guests that test CLI/STI/PUSHF/POPF/INT/IRET semantics and the hostile
stack and flag cases pass the same under vmm386 with and without fast=off
as on bare QEMU.  The default runs of the other tests use the fast path;
these keep the general path for the same instructions tested too.  In
trusted mode (iopl=3) INT n goes through the DPL 3 gates (boot/softint.asm)
and, at the stack's end, over to the general path as a #GP."""
import pytest

from vmmtest import check_bare, check_same_passes, check_vmm, run_bare, run_vmm

T_FASTPATH = ["fp_cli_image", "fp_sti_image", "fp_int_page_end", "fp_pushf_sp2", "fp_pushf_sp2_val",
              "fp_pushf_sp0", "fp_pushf_sp0_val", "fp_popf_fffe_sp", "fp_popf_fffe_cf",
              "fp_int_sp6", "fp_int_sp6_handler", "fp_int_sp4", "fp_int_sp4_handler",
              "fp_iret_fffa", "fp_pushfd_sp4", "fp_popfd_fffc", "fp_popfd_cf",
              "fp_int_opsize", "fp_int_opsize_handler"]


def test_fastpath_bare():
    check_bare(run_bare("t_fastpath"), T_FASTPATH)


@pytest.mark.parametrize("cmdline", ["", "fast=off", "iopl=3", "iopl=3 fast=off"])
def test_fastpath_vmm(cmdline):
    r = run_vmm("t_fastpath", cmdline=cmdline)
    check_vmm(r, T_FASTPATH)
    check_same_passes(r, run_bare("t_fastpath"))
    assert ("vmm386: #GP fast path off" in r.serial_lines) == ("fast=off" in cmdline), r.log()


@pytest.mark.parametrize("guest", ["t_flags", "t_nested", "t_sp0", "t_faults", "t_ticks"])
def test_general_path_still_right(guest):
    """fast=off: the same guests through the general path only."""
    r = run_vmm(guest, cmdline="fast=off")
    b = run_bare(guest)
    assert r.passes() == b.passes() and r.passes() and not r.fails(), r.log()
