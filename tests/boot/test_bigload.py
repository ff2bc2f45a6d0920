"""The boot sector's hand-over (CS=DS=ES=SS=1000h, SP=FFFEh, DL=00h) and a
~40 KB GUEST.BIN loaded along its FAT12 chain, contiguous and fragmented."""
import pytest

from vmmtest import check_bare, check_same_passes, check_vmm, run_bare, run_vmm

PASSES = ["entry_cs", "entry_ds", "entry_es", "entry_ss", "entry_sp", "entry_dl",
          "bigload_pattern", "bigload_tail"]


@pytest.mark.parametrize("img", ["t_bigload", "t_bigload_frag"])
def test_bigload_bare(img):
    check_bare(run_bare(img), PASSES)


@pytest.mark.parametrize("img", ["t_bigload", "t_bigload_frag"])
def test_bigload_vmm(img):
    r = run_vmm(img)
    check_vmm(r, PASSES)
    check_same_passes(r, run_bare(img))


def test_bigload_vmm_fd0():
    r = run_vmm("t_bigload_frag", via="fd0")
    check_vmm(r, PASSES)
