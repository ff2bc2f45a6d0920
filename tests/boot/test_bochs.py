"""vmm386 under Bochs 2.7 (what `make bochs` runs: tools/bochs/bochsrun.py
with the tools/bochsrc template).

Bochs emulates VME, QEMU's TCG does not: these runs are the only ones that
take the kernel's CR4.VME path (VIF/VIP in the real EFLAGS, STI/CLI/PUSHF/
POPF handled by the CPU).  Every guest runs twice, on Bochs' Pentium (which
reports VME):
  vme    the kernel enables CR4.VME ("vmm386: using VME"; Bochs' log lists
         vme among the CPU features and CR4 ends with bit 0 set);
  novme  vme=off on the command line: the 386-style monitor, CR4 stays 0.
Each run boots a GRUB ISO made for it (tools/mkiso.sh, command line
"boot=fd0 exit=qemu [vme=off]": exit=qemu writes "Shutdown" to port 8900h,
which ends Bochs) with the guest as floppy A:, and checks COM1: the banner,
the guest's lines, `VM1: exit 0xNN`, no PANIC / terminated line, and that
Bochs logged no "inconsistent VME state" error.  Guests: t_exit, t_flags
(build/guest) and vme_nt (tests/boot/data/vme_nt.asm, built here: the guest's
NT flag across reflected interrupts, which the VME path loses).  Known
What a guest sees differently under VME is asserted exactly (VME_DIFFERENCES)."""
import os
import shutil
import subprocess
import sys

import pytest

import vmmtest
from vmmtest import ELF, _image, _tmpdir

sys.path.insert(0, str(vmmtest.ROOT / "tools" / "bochs"))
import bochsrun  # noqa: E402

from test_flags import PASSES as FLAGS_PASSES  # noqa: E402
from test_nested import PASSES as NESTED_PASSES  # noqa: E402
from test_faults import PASSES as FAULTS_PASSES  # noqa: E402
from test_ticks import PASSES as TICKS_PASSES  # noqa: E402

DATA = vmmtest.ROOT / "tests" / "boot" / "data"

pytestmark = pytest.mark.skipif(shutil.which(bochsrun.BOCHS) is None,
                                reason="bochs not installed (make deps)")

GUESTS = {
    "t_exit": (["exit_code"], 0x2A),
    "t_flags": (FLAGS_PASSES, 0x00),
    # INT n through the VME redirection bitmap, fault reflection, timer IRQs (VIP)
    "t_nested": (NESTED_PASSES, 0x00),
    "t_faults": (FAULTS_PASSES, 0x00),
    "t_ticks": (TICKS_PASSES, 0x00),
    # segment overruns: INT 0Dh / INT 0Ch as in real mode (QEMU checks no limits)
    "t_overrun": (["overrun_ds_word_vector", "overrun_ds_word_ip", "overrun_es_dword_vector",
                   "overrun_es_dword_ip", "overrun_ss_word_vector", "overrun_ss_word_ip",
                   "overrun_enter_vector", "overrun_enter_ip"], 0x00),
    # two threads of one VM: the new thread's VIF, per-thread flags across switches
    "m_thread_vmend": (["create_s", "exits_with_a_thread"], 0x00),
    # tests/boot/data/vme_nt.asm, built here
    "vme_nt": (["nt_after_int1a", "nt_after_irq0", "nt0_after_irq0"], 0x00),
}
# Bochs runs with `clock: sync=none` and is repeatable run to run on an idle
# host (t_ticks: 20 ticks over 20 HLTs, every time), yet about one full
# `make test` in ten, with both cores busy, a run saw its BIOS ticks come 4-5
# at a time (80 over 20 HLTs).  The same kernel under QEMU -icount keeps
# exact time (test_tickdrift), so the burst is taken to be Bochs' time under
# host load, not yet understood (README, known gaps): such a guest gets one
# rerun, and the test fails if that fails too.
RERUN_ON_FAIL = {"t_ticks"}
TIMEOUT = 40            # a run takes 2-8 s; Bochs is killed after this

# What a guest sees differently when the CPU does VME: the 16-bit PUSHF and
# POPF then run in hardware, which shows IOPL=3 and ignores IOPL writes, so
# t_flags' IOPL read-backs differ from bare real mode.  Under VME these exact
# FAIL lines are required (and nothing else); without VME there are none.
VME_DIFFERENCES = {
    "t_flags": ({"FAIL popf_iopl0 got 0003 want 0000", "FAIL popf_zero got 3002 want 0002"},
                "under CR4.VME the CPU runs PUSHF/POPF itself: PUSHF shows IOPL=3 and POPF "
                "cannot change IOPL (docs/architecture.md, known differences)"),
}


def make_iso(tmp, cmdline):
    iso = tmp / "vmm386.iso"
    p = subprocess.run(["tools/mkiso.sh", str(ELF), str(iso), cmdline], cwd=str(vmmtest.ROOT),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        pytest.fail("tools/mkiso.sh failed:\n" + p.stdout.decode(errors="replace"), pytrace=False)
    return iso


def guest_image(guest, tmp):
    """build/guest/<guest>.img, or tests/boot/data/<guest>.asm built into tmp."""
    src = DATA / (guest + ".asm")
    if not src.exists():
        return _image(guest)
    bootsect = vmmtest.GUEST_DIR / "bootsect.bin"
    if not bootsect.exists():
        pytest.fail("%s missing (run `make guests`)" % bootsect, pytrace=False)
    binf, img = tmp / (guest + ".bin"), tmp / (guest + ".img")
    for cmd in ([os.environ.get("NASM", "nasm"), "-f", "bin", "-I" + str(vmmtest.ROOT / "tests/guest") + "/",
                 "-o", str(binf), str(src)],
                ["tools/mkimage.sh", str(bootsect), str(binf), str(img)]):
        p = subprocess.run(cmd, cwd=str(vmmtest.ROOT), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        if p.returncode != 0:
            pytest.fail("%s failed:\n%s" % (cmd[0], p.stdout.decode(errors="replace")),
                        pytrace=False)
    return img


@pytest.mark.parametrize("guest", sorted(GUESTS))
@pytest.mark.parametrize("mode", ["vme", "novme"])
def test_bochs(mode, guest):
    if not ELF.exists():
        pytest.fail("%s missing: the kernel is not built" % ELF, pytrace=False)
    passes, code = GUESTS[guest]
    tmp = _tmpdir()
    try:
        img = guest_image(guest, tmp)
        iso = make_iso(tmp, "exit=qemu" + (" vme=off" if mode == "novme" else ""))
        r = bochsrun.run(iso, img, tmp / "bochs", cpu="pentium", timeout=TIMEOUT)
        if guest in RERUN_ON_FAIL and any(l.startswith("VM1: FAIL") for l in r.lines):
            # once more, and the second run decides (RERUN_ON_FAIL says why)
            print("first Bochs run of %s failed, running it again:\n%s" % (guest, r.report()))
            r = bochsrun.run(iso, img, tmp / "bochs", cpu="pentium", timeout=TIMEOUT)
        problems = bochsrun.check(r, vme=(mode == "vme"), guest_fails=False)
        if "vmm386: CPU family 5, GenuineIntel, VME, TSC" not in r.lines:
            problems.append("the kernel did not see Bochs' Pentium with VME")
        guest_lines = [l[5:] for l in r.lines if l.startswith("VM1: ")]
        fails = [l for l in guest_lines if l.startswith("FAIL")]
        failed_names = {l.split()[1] for l in fails if len(l.split()) > 1}
        missing = [p for p in passes if "PASS " + p not in guest_lines and p not in failed_names]
        if missing:
            problems.append("missing PASS lines %r" % missing)
        exit_line = "exit 0x%02x" % code
        expected = VME_DIFFERENCES.get(guest) if mode == "vme" else None
        if expected:
            if set(fails) != expected[0]:
                problems.append("want exactly the VME difference %r (%s), got %r"
                                % (sorted(expected[0]), expected[1], fails))
            exit_line = "exit 0x%02x" % (code | 1)      # the guest counts them as failures
        elif fails:
            problems.append("FAIL lines %r" % fails)
        if exit_line not in guest_lines:
            problems.append("line %r not on COM1" % ("VM1: " + exit_line))
        assert not problems, "\n".join(["Bochs run (%s, %s) failed:" % (mode, guest)]
                                       + ["  - " + p for p in problems] + [r.report()])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_usb_image_boots_as_disk():
    """What `make usb` writes to a stick -- the hybrid ISO, raw -- boots as
    the first hard disk (QEMU -drive format=raw: a BIOS booting a USB stick
    sees the same), and VM 1 then boots the floppy."""
    if not ELF.exists():
        pytest.fail("%s missing: the kernel is not built" % ELF, pytrace=False)
    img = _image("t_exit")
    tmp = _tmpdir()
    try:
        usb = make_iso(tmp, "exit=qemu")
        flop = tmp / "floppy.img"
        shutil.copyfile(img, flop)
        serial = tmp / "serial.log"
        p = subprocess.run([vmmtest.QEMU, "-drive", "file=%s,format=raw,if=ide,index=0" % usb,
                            "-drive", "file=%s,if=floppy,format=raw" % flop, "-boot", "c",
                            "-serial", "file:%s" % serial] + vmmtest.COMMON_ARGS,
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=60)
        lines = serial.read_text(errors="replace").replace("\r", "").split("\n")
        log = "status %d\n%s\n%s" % (p.returncode, "\n".join(lines), p.stdout.decode(errors="replace"))
        assert any(l.startswith("vmm386 ") for l in lines), log
        assert any(l.startswith("vmm386: loaded by GRUB") for l in lines), log
        assert "VM1: exit 0x2a" in lines, log
        assert p.returncode == (0x2A << 1) | 1, log
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
