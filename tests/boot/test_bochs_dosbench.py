"""The Bochs column of `make bench`'s real-DOS rows works (tools/dosbench.py,
tools/bochs/bochsdos.py): DOSBENCH.COM under FreeDOS, once on bare Bochs and
once under vmm386 with VME, and the numbers say what they should.

- Bare Bochs: RDTSC counts one tick per instruction, so a CLI + STI pair
  and a PUSHF + POPF pair read 2 (the unit the bench table states).
- vmm386 with VME: CLI/STI/PUSHF/POPF run on the virtual interrupt flag
  without a trap, so they read 2 too (60-80 through the monitor without
  VME); INT 16h, which no VxD hooks, goes through the TSS redirection
  bitmap straight to the IVT, so it costs what it costs bare plus the
  VMM's clock tick (about 5% under Bochs), not a trap and a reflection.
Skipped without Bochs, GRUB's ISO tools or the FreeDOS image.  Two Bochs
runs, about 10 s."""
import os
import subprocess
import sys

import pytest

import vmmtest
from dosimage import dos_image_path
from vmmtest import ELF, _tmpdir

sys.path.insert(0, str(vmmtest.ROOT / "tools"))
sys.path.insert(0, str(vmmtest.ROOT / "tools" / "bochs"))
import bochsdos  # noqa: E402
import dosbench  # noqa: E402

TIMEOUT = 60            # per run; a run takes 2-6 s


def ops(text):
    res = dosbench.parse(text)
    return {k: dosbench.per_op(res, k) for k, _ in dosbench.ROWS}


def test_dosbench_under_bochs_with_vme():
    why = bochsdos.missing()
    if why:
        pytest.skip(why)
    src = dos_image_path()
    if src is None:
        pytest.skip("no DOS image: ../shared/dos/freedos.img is absent and VMM386_DOS_IMAGE is not set")
    if not ELF.exists():
        pytest.fail("%s missing: the kernel is not built" % ELF, pytrace=False)
    tmp = _tmpdir()
    com, xms, disk, iso = tmp / "DOSBENCH.COM", tmp / "XMS.SYS", tmp / "dos.img", tmp / "vmm386.iso"
    for out, asm in ((com, "tests/bench/dosbench.asm"), (xms, "tools/dos/xms.asm")):
        p = subprocess.run([os.environ.get("NASM", "nasm"), "-f", "bin", "-o", str(out),
                            str(vmmtest.ROOT / asm)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           cwd=vmmtest.ROOT)        # its %include paths are from the project root
        assert p.returncode == 0, p.stdout.decode(errors="replace")
    dosbench.make_disk(str(src), str(com), str(disk), str(xms))
    err = bochsdos.make_iso(ELF, iso)
    assert err is None, err

    bare = bochsdos.run_bare(disk, tmp / "bare", timeout=TIMEOUT)
    assert not bare.problems(), "\n".join(bare.problems() + [bare.report()])
    b = ops(bare.out)
    log = "bare Bochs, ticks per operation: %r\n%s" % (b, bare.report())
    # one tick per instruction (an 18.2 Hz BIOS tick inside a row adds ~0.1)
    assert 1.9 <= b["cli_sti"] <= 2.3, log
    assert 1.9 <= b["pushf_popf"] <= 2.3, log

    r, bad = bochsdos.run_vmm(iso, disk, tmp / "vmm", timeout=TIMEOUT)
    assert not bad, "\n".join(bad + [r.report()])
    v = ops(r.serial)
    log = "vmm386 under Bochs, ticks per operation: %r (bare %r)\n%s" % (v, b, r.report(full=False))
    assert "vmm386: using VME" in r.lines, log
    assert all(v[k] is not None for k, _ in dosbench.ROWS), log
    # no trap (through the monitor a pair costs 60-80): the VMM's 1 ms tick
    # inside the 3000-tick loop row or the pair's own row moves a row by
    # 0.5, one that also gives the VM its IRQ 0 by a few
    assert 0.5 <= v["cli_sti"] <= 6, log
    assert 0.5 <= v["pushf_popf"] <= 6, log
    # straight to the IVT (a reflection through the monitor costs hundreds)
    assert v["int16_01"] <= 1.2 * b["int16_01"], log
    # the rows that trap or hook still finish and count something sensible
    assert 0.5 * b["int15_87_4k"] <= v["int15_87_4k"] <= 3 * b["int15_87_4k"], log
    # our XMS.SYS loaded in both (its move goes through INT 15h AH=87h)
    assert 0.5 * b["xms_move_4k"] <= v["xms_move_4k"] <= 3 * b["xms_move_4k"], log
