"""pytest configuration for the vmm386 boot tests (tests/boot).

Run:   /usr/bin/python3 -m pytest tests/boot -q            (after `make guests`)
One:   /usr/bin/python3 -m pytest tests/boot/test_flags.py -k bare -q
The helpers live in vmmtest.py; the fixtures below hand out the same functions.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pytest  # noqa: E402

import vmmtest  # noqa: E402


@pytest.fixture
def run_vmm():
    """run_vmm(guest, cmdline="", timeout=30, keys=None, via="module", extra_qemu_args=(), stop_on=None)"""
    return vmmtest.run_vmm


@pytest.fixture
def run_bare():
    """run_bare(guest, timeout=30, keys=None, extra_qemu_args=(), stop_on=None)"""
    return vmmtest.run_bare


@pytest.fixture(autouse=True)
def vxd_mode(request):
    """test_vxd_*: the mode run_vxd boots in (test_vxd_common.MODES)."""
    import test_vxd_common
    test_vxd_common.mode = getattr(request, "param", "")
    yield test_vxd_common.mode
    test_vxd_common.mode = ""


def pytest_generate_tests(metafunc):
    if metafunc.module.__name__.startswith("test_vxd_") and metafunc.module.__name__ != "test_vxd_common":
        import test_vxd_common
        metafunc.parametrize("vxd_mode", test_vxd_common.MODES, indirect=True,
                             ids=["iopl0", "iopl3"])
