"""CPU exceptions (INT 0, 3, 4, 5, 6) reach the guest's handlers with real-mode CS:IP."""
from vmmtest import check_bare, check_same_passes, check_vmm, run_bare, run_vmm

GUEST = "t_faults"
PASSES = [
    "fault_div0",
    "fault_div_overflow",
    "fault_div32",
    "fault_ud2",
    "fault_arpl",
    "trap_into",
    "into_of0",
    "fault_bound",
    "bound_in_range",
    "trap_int3",
    "trap_int_3",
    "faults_if",
]


def test_faults_bare():
    check_bare(run_bare(GUEST), PASSES)


def test_faults_vmm():
    r = run_vmm(GUEST)
    check_vmm(r, PASSES)
    check_same_passes(r, run_bare(GUEST))
