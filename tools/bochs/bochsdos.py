#!/usr/bin/python3
"""DOSBENCH (tests/bench/dosbench.asm) under Bochs 2.7: the third column of
`make bench`'s real-DOS rows (tools/dosbench.py) and the check in
tests/boot/test_bochs_dosbench.py.

Two runs of the same FreeDOS floppy on Bochs' Pentium (a CPU that reports
VME), both from tools/bochsrc (`clock: sync=none`, ips=10M):
  bare    Bochs boots the floppy itself.  DOSBENCH's lines go to port E9h,
          which Bochs' port_e9_hack prints on its stdout; DOSBENCH's own end
          (port F4h) means nothing to Bochs, so the run is killed once
          "DOSBENCH done" is there (or at the time-out).
  vmm386  a GRUB ISO (tools/mkiso.sh, "boot=fd0 exit=qemu") boots vmm386,
          which uses VME and runs the floppy in VM 1; the VM's E9h lines are
          on COM1 as "VM1: DOSBENCH ..." and the VM's port F4h write ends
          Bochs through port 8900h (bochsrun.run).
Under Bochs RDTSC returns the emulator's tick count, one tick per executed
instruction (guest and monitor alike) -- dosbench's bare CLI+STI row reads 2 --
and time spent in HLT is counted too: a halted CPU moves the ticks on to
the next timer or device event."""
import re
import shutil
import subprocess
import time
from pathlib import Path

import bochsrun

ROOT = bochsrun.ROOT
DONE = "DOSBENCH done"


def missing():
    """Why Bochs runs cannot happen here, or None."""
    if shutil.which(bochsrun.BOCHS) is None:
        return "%s not installed (make deps)" % bochsrun.BOCHS
    for tool in ("grub-mkrescue", "xorriso"):
        if shutil.which(tool) is None:
            return "%s not installed: no GRUB ISO for vmm386 under Bochs" % tool
    return None


def make_iso(elf, iso, cmdline="exit=qemu"):
    """GRUB ISO booting elf with "boot=fd0 <cmdline>"; returns None or the
    error text."""
    p = subprocess.run([str(ROOT / "tools" / "mkiso.sh"), str(elf), str(iso), cmdline],
                       cwd=str(ROOT), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return None if p.returncode == 0 else "tools/mkiso.sh failed: " + p.stdout.decode(errors="replace")


class BareRun:
    def __init__(self, args, outdir, out, log, elapsed, timed_out, status):
        self.args, self.outdir, self.out, self.log = args, outdir, out, log
        self.elapsed, self.timed_out, self.status = elapsed, timed_out, status

    def problems(self):
        bad = []
        if DONE not in self.out:
            bad.append("no %r on port E9h (%s)" % (
                DONE, "killed after %.0f s" % self.elapsed if self.timed_out
                else "Bochs ended by itself, status %r" % self.status))
        if "vme" not in bochsrun.BochsRun.cpu_features(self):
            bad.append("Bochs' CPU does not list vme in its features (%s/bochs.log)" % self.outdir)
        return bad

    def report(self):
        errs = [l for l in self.log.splitlines() if re.match(r"^\d+[ep]\[", l)]
        return "\n".join(["$ " + " ".join(self.args),
                          "%.1f s, files in %s" % (self.elapsed, self.outdir),
                          "---- port E9h (Bochs' stdout, last lines) ----"]
                         + [l for l in self.out.replace("\r", "\n").split("\n") if l.strip()][-20:]
                         + (["---- Bochs errors ----"] + errs[-20:] if errs else []))


def run_bare(floppy, outdir, timeout=120, cpu="pentium"):
    """Bochs boots floppy (a private copy) with no vmm386; returns a BareRun
    once DOSBENCH's last line is on port E9h or at the time-out."""
    # bochsrc without the CD-ROM, booting A:
    outdir, rc = bochsrun.prepare(outdir, floppy, floppy, cpu=cpu, display="term")
    text = "".join(l for l in rc.read_text().splitlines(True) if not l.startswith("ata0-master:"))
    text = re.sub(r"(?m)^boot: cdrom$", "boot: floppy", text)
    rc.write_text(text)
    args = [bochsrun.BOCHS, "-q", "-f", str(rc), "-rc", str(bochsrun.CONT_RC)]
    stdout = outdir / "stdout.txt"
    start = time.monotonic()
    timed_out = False
    with open(stdout, "wb") as out:
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                cwd=str(outdir), env=bochsrun._env(), start_new_session=True)
        try:
            while proc.poll() is None:
                if DONE.encode() in stdout.read_bytes():
                    break
                if time.monotonic() - start > timeout:
                    timed_out = True
                    break
                time.sleep(0.2)
        finally:
            if proc.poll() is None:
                bochsrun.kill_group(proc)
            proc.wait()
    elapsed = time.monotonic() - start
    return BareRun(args, outdir, bochsrun.read_out(outdir, "stdout.txt"),
                   bochsrun.read_out(outdir, "bochs.log"), elapsed, timed_out, proc.returncode)


def run_vmm(iso, floppy, outdir, timeout=120, cpu="pentium"):
    """vmm386 from iso (made by make_iso) with floppy in VM 1; returns
    (bochsrun.BochsRun, problems)."""
    r = bochsrun.run(iso, floppy, outdir, cpu=cpu, timeout=timeout)
    bad = bochsrun.check(r, vme=True, guest_fails=False)
    if "VM1: " + DONE not in r.lines:
        bad.append("no %r line from VM 1 on COM1" % DONE)
    return r, bad
