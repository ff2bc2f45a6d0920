"""Stack wrap-around at SS:SP = 2000:0000 for PUSHF, PUSH, INT/IRET and 32-bit PUSH."""
from vmmtest import check_bare, check_same_passes, check_vmm, run_bare, run_vmm

GUEST = "t_sp0"
PASSES = [
    "sp0_pushf_sp",
    "sp0_push_sp",
    "sp0_int_sp",
    "sp0_iret_sp",
    "sp0_pop",
    "sp0_popf_sp",
    "sp0_mem_flags",
    "sp0_mem_ax",
    "sp0_int_frame_ip",
    "sp0_mem_frame_ip",
    "sp0_mem_frame_cs",
    "sp0_push32_sp",
    "sp0_pop32_sp",
    "sp0_pop32",
    "sp0_mem_push32",
]


def test_sp0_bare():
    check_bare(run_bare(GUEST), PASSES)


def test_sp0_vmm():
    r = run_vmm(GUEST)
    check_vmm(r, PASSES)
    check_same_passes(r, run_bare(GUEST))
