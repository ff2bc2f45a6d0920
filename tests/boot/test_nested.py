"""Nested software interrupts through the guest IVT; vectors 20h-2Fh and 80h reach the guest."""
from vmmtest import check_bare, check_same_passes, check_vmm, run_bare, run_vmm

GUEST = "t_nested"
PASSES = [
    "nested_if_restored",
    "nested_order",
    "nested_depth",
    "nested_ax",
    "nested_cx",
    "nested_dx",
    "nested_si",
    "nested_preserved",
    "nested_stack",
    "nested_sp62",
    "frame_ip",
    "frame_cs",
    "frame_if",
    "handler_if0",
    "iret_frame_flags",
    "retf2_sti_stc",
    "retf2_if0",
    "vectors_20_2F",
    "vector_80",
]


def test_nested_bare():
    check_bare(run_bare(GUEST), PASSES)


def test_nested_vmm():
    r = run_vmm(GUEST)
    check_vmm(r, PASSES)
    check_same_passes(r, run_bare(GUEST))
