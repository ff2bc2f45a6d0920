"""The default guest of `make run` (demo.asm): banner, BIOS tick lines that
advance, the key prompt and "key: AA SS" echoes.  It never exits: each run
is stopped once the last expected key line appears."""
import re

import pytest

from vmmtest import check_banner, check_no_vmm_errors, run_bare, run_vmm

KEYS = [("Press a key", ["a", "ret"])]
STOP = "key: 0D 1C"


def check_demo(r):
    lines = r.guest_lines()
    assert lines and lines[0] == "vmm386 demo guest", r.log()
    ticks = [int(m.group(1), 16) for m in (re.fullmatch(r"ticks: ([0-9A-F]{4})", l) for l in lines) if m]
    assert len(ticks) == 4, r.log()
    assert all(b > a for a, b in zip(ticks, ticks[1:])), "ticks do not advance\n" + r.log()
    assert "Press a key" in lines, r.log()
    keys = [l for l in lines if l.startswith("key: ")]
    assert keys[:2] == ["key: 61 1E", "key: 0D 1C"], r.log()
    assert r.stopped, r.log()


def test_demo_bare():
    check_demo(run_bare("default", keys=KEYS, stop_on=STOP))


@pytest.mark.parametrize("via", ["module", "fd0", "iso"])
def test_demo_vmm(via):
    r = run_vmm("default", via=via, keys=KEYS, stop_on=STOP)
    check_banner(r)
    check_no_vmm_errors(r)
    check_demo(r)
