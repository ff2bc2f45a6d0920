"""A guest's exit code (port F4h) is passed through: 2Ah -> status 55h."""
from vmmtest import check_bare, check_vmm, run_bare, run_vmm

GUEST = "t_exit"


def test_exit_bare():
    check_bare(run_bare(GUEST), ["exit_code"], exit_code=0x2A)


def test_exit_vmm():
    r = run_vmm(GUEST)
    check_vmm(r, ["exit_code"], exit_code=0x2A)
