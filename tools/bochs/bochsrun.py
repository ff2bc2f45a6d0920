#!/usr/bin/python3
"""Run vmm386 under Bochs 2.7: the one implementation behind `make bochs`,
`make bochs-debug` and tests/boot/test_bochs.py.

    bochsrun.py --iso ISO --floppy IMG [--out DIR] [--cpu MODEL] [--timeout S]
                [--expect LINE]... [--vme yes|no] [--display LIB]
    bochsrun.py --debug --iso ISO --floppy IMG [--out DIR] [--display LIB] [--elf ELF]

Batch mode fills in tools/bochsrc (DIR/bochsrc), boots ISO with a private
copy of IMG as floppy A:, continues past the debugger's first prompt
(tools/bochs/cont.rc), and waits until Bochs ends (the kernel's exit=qemu
writes "Shutdown" to port 8900h) or the time-out (then Bochs is killed).
It prints COM1 (the VMM's log) and checks it: the `vmm386 ` banner, every
--expect line, no `vmm386 PANIC` / `VM 1 terminated` line, and with
--vme yes|no whether the kernel used VME (plus what Bochs' CPU reported).
Exit status 0 when every check passed.

--debug starts Bochs with its debugger at the prompt (stdin is yours) and
magic breakpoints on: boot the ISO with debug=magic to stop at every trap
from V86 mode.
"""
import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "tools" / "bochsrc"
CONT_RC = ROOT / "tools" / "bochs" / "cont.rc"
BOCHS = os.environ.get("BOCHS", "bochs")


class BochsRun:
    def __init__(self, args, outdir, serial, log, stdout, elapsed, timed_out, status):
        self.args = args
        self.outdir = outdir
        self.serial = serial            # COM1 text
        self.log = log                  # Bochs' log file
        self.stdout = stdout            # Bochs' stdout/stderr (term display noise included)
        self.elapsed = elapsed
        self.timed_out = timed_out
        self.status = status            # Bochs' exit status (1 is the normal end)
        self.lines = [l.rstrip("\r") for l in serial.split("\n")]
        if self.lines and self.lines[-1] == "":
            self.lines.pop()

    # ---- what Bochs' own log says
    def cpu_features(self):
        """The "CPU Features supported:" list Bochs logs at reset."""
        feats, inside = [], False
        for l in self.log.splitlines():
            if "CPU Features supported:" in l:
                inside, feats = True, []
                continue
            if inside:
                m = re.match(r"^\d+i\[CPU0\s*\]\s+\t+(\S+)\s*$", l)
                if not m:
                    inside = False
                    continue
                feats.append(m.group(1))
        return feats

    def final_cr4(self):
        """CR4 in the register dump Bochs logs when it ends, or None."""
        vals = re.findall(r"CR4=0x([0-9a-fA-F]+)", self.log)
        return int(vals[-1], 16) if vals else None

    def ended_by_shutdown_port(self):
        return "Shutdown port: shutdown requested" in self.log

    def bochs_errors(self):
        """Bochs' error/panic lines (other than the shutdown request)."""
        return [l for l in self.log.splitlines()
                if re.match(r"^\d+[ep]\[", l) and "shutdown requested" not in l]

    def report(self, full=True):
        """The run for a human: command, status, COM1; with full, also Bochs'
        errors (V86 #GPs appear there as a matter of course) and its last
        CPU lines."""
        out = ["$ " + " ".join(self.args),
               "Bochs exit status %r%s (%.1f s), files in %s" % (
                   self.status, " -- killed at the time-out" if self.timed_out else "",
                   self.elapsed, self.outdir),
               "---- COM1 ----"] + self.lines
        if not self.lines or self.status not in (1, None):
            out += ["---- Bochs stdout/stderr (last lines) ----"] + [
                l for l in self.stdout.replace("\r", "\n").split("\n")
                if l.strip() and "\x1b" not in l][-15:]
        errs = self.bochs_errors() if full else []
        if errs:
            out += ["---- Bochs errors (%s/bochs.log) ----" % self.outdir] + errs[-40:]
        tail = [l for l in self.log.splitlines() if "[CPU0" in l][-30:]
        if full and tail and (self.timed_out or errs):
            out += ["---- Bochs log, last CPU lines ----"] + tail
        return "\n".join(out)


def render(outdir, iso, floppy, cpu="pentium", display="term", magic=False):
    """Writes outdir/bochsrc from the template; returns its path."""
    subst = {
        "@ISO@": str(Path(iso).resolve()),
        "@FLOPPY@": str(Path(floppy).resolve()),
        "@SERIAL@": str((outdir / "serial.log").resolve()),
        "@LOG@": str((outdir / "bochs.log").resolve()),
        "@CPU@": cpu,
        "@DISPLAY@": display,
        "@MAGIC@": "1" if magic else "0",
    }
    text = TEMPLATE.read_text()
    for k, v in subst.items():
        text = text.replace(k, v)
    rc = outdir / "bochsrc"
    rc.write_text(text)
    return rc


def prepare(outdir, iso, floppy, **kw):
    outdir = Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    for f in ("serial.log", "bochs.log", "stdout.txt"):
        try:
            (outdir / f).unlink()
        except FileNotFoundError:
            pass
    disk = outdir / "floppy.img"
    shutil.copyfile(floppy, disk)       # Bochs writes to the image
    return outdir, render(outdir, iso, disk, **kw)


def _env():
    env = dict(os.environ)
    # The term display library needs a terminal type even without a terminal.
    if not env.get("TERM") or env.get("TERM") == "unknown":
        env["TERM"] = "dumb"
    return env


def kill_group(proc):
    """SIGKILL to Bochs' process group (started with start_new_session):
    Bochs ignores SIGTERM in some states."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def read_out(outdir, name):
    """A file a run left in outdir, as text ("" when there is none)."""
    try:
        return (Path(outdir) / name).read_bytes().decode("latin-1")
    except FileNotFoundError:
        return ""


def run(iso, floppy, outdir, cpu="pentium", timeout=60, display="term"):
    """Batch run; returns a BochsRun."""
    outdir, rc = prepare(outdir, iso, floppy, cpu=cpu, display=display)
    args = [BOCHS, "-q", "-f", str(rc), "-rc", str(CONT_RC)]
    start = time.monotonic()
    timed_out = False
    with open(outdir / "stdout.txt", "wb") as out:
        # Own process group: Bochs ignores SIGTERM in some states, so the
        # time-out is a SIGKILL to the whole group.
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, cwd=str(outdir), env=_env(),
                                start_new_session=True)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            kill_group(proc)
            proc.wait()
    elapsed = time.monotonic() - start
    return BochsRun(args, outdir, read_out(outdir, "serial.log"), read_out(outdir, "bochs.log"),
                    read_out(outdir, "stdout.txt"), elapsed, timed_out,
                    None if timed_out else proc.returncode)


def check(r, expect=(), vme=None, guest_fails=True):
    """Returns a list of problems (empty: all good).  guest_fails: a guest's
    `FAIL ...` line (port E9h, `VM1: FAIL ...` on COM1) is a problem too."""
    bad = []
    if guest_fails:
        bad += ["the guest reported: " + l for l in r.lines if re.match(r"VM\d+: FAIL\b", l)]
    if r.timed_out:
        bad.append("Bochs did not end by itself (killed after %.0f s)" % r.elapsed)
    elif not r.ended_by_shutdown_port():
        bad.append("Bochs did not end through the shutdown port (8900h)")
    if not any(l.startswith("vmm386 ") for l in r.lines):
        bad.append("no `vmm386 ...` banner on COM1")
    for l in r.lines:
        if l.startswith("vmm386 PANIC") or l.startswith("VM 1 terminated"):
            bad.append("the VMM reported: " + l)
    for e in expect:
        if e not in r.lines:
            bad.append("line %r not on COM1" % e)
    if any("inconsistent VME state" in l for l in r.bochs_errors()):
        bad.append("Bochs: 'prefetch: inconsistent VME state' (VIP and VIF both set in V86 "
                   "mode with CR4.VME): a VME-path bug")
    if vme is not None:
        used = "vmm386: using VME" in r.lines
        if "vme" not in r.cpu_features():
            bad.append("Bochs' CPU does not list vme in its features (bochs.log)")
        if vme and not used:
            bad.append("the kernel did not print `vmm386: using VME`")
        if not vme and used:
            bad.append("the kernel used VME although it should not")
        cr4 = r.final_cr4()
        if cr4 is not None and bool(cr4 & 1) != bool(vme):
            bad.append("CR4 at the end is %#x: VME bit %s" % (cr4, "clear" if vme else "set"))
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--iso", required=True)
    ap.add_argument("--floppy", required=True)
    ap.add_argument("--out", default=str(ROOT / "build" / "bochs"))
    ap.add_argument("--cpu", default="pentium")
    ap.add_argument("--display", default=None)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--expect", action="append", default=[])
    ap.add_argument("--vme", choices=["yes", "no"])
    ap.add_argument("--debug", action="store_true")
    ap.add_argument("--elf", help="kernel ELF whose symbols --debug loads into Bochs")
    a = ap.parse_args()
    for f in (a.iso, a.floppy):
        if not Path(f).exists():
            sys.exit("bochsrun: %s missing" % f)
    if shutil.which(BOCHS) is None:
        sys.exit("bochsrun: %s not installed (make deps)" % BOCHS)

    if a.debug:
        display = a.display or 'rfb, options="timeout=0"'
        outdir, rc = prepare(a.out, a.iso, a.floppy, cpu=a.cpu, display=display, magic=True)
        args = [BOCHS, "-q", "-f", str(rc)]
        if a.elf:
            # the kernel's code symbols: Bochs shows "trap+bd" in disassembly
            # and print-stack (lb still wants the address: nm build/vmm386.elf)
            nm = os.environ.get("NM") or os.environ.get("CROSS", "i686-linux-gnu-") + "nm"
            p = subprocess.run([nm, a.elf], stdout=subprocess.PIPE, universal_newlines=True)
            syms = [l.split() for l in p.stdout.splitlines()]
            (outdir / "vmm386.sym").write_text("".join(
                "%s %s\n" % (f[0], f[2]) for f in syms if len(f) == 3 and f[1] in "TtWw"))
            (outdir / "debug.rc").write_text('ldsym global "%s"\n' % (outdir / "vmm386.sym"))
            args += ["-rc", str(outdir / "debug.rc")]
        print("bochs-debug: %s; COM1 goes to %s/serial.log (tail -f it), Bochs' log to "
              "%s/bochs.log" % (rc, outdir, outdir))
        if display.startswith("rfb"):
            print("bochs-debug: screen over VNC on localhost:5900 (Bochs waits for no viewer)")
        print("bochs-debug: `c` runs to the next magic breakpoint (xchg bx,bx: every trap from "
              "V86 mode), `q` quits; docs/debugging.md has a session")
        sys.stdout.flush()
        os.execvpe(BOCHS, args, _env())

    vme = None if a.vme is None else a.vme == "yes"
    r = run(a.iso, a.floppy, a.out, cpu=a.cpu, timeout=a.timeout, display=a.display or "term")
    bad = check(r, a.expect, vme)
    print(r.report(full=bool(bad)))
    feats = r.cpu_features()
    print("---- checks ----")
    print("Bochs CPU %s reports VME: %s; kernel: %s; CR4 at the end: %s" % (
        a.cpu, "yes" if "vme" in feats else "no",
        "using VME" if "vmm386: using VME" in r.lines else "VME not used",
        "%#x" % r.final_cr4() if r.final_cr4() is not None else "?"))
    for b in bad:
        print("FAIL: " + b)
    if not bad:
        print("OK: banner%s%s (%.1f s)" % ("".join(", %r" % e for e in a.expect),
                                           "" if vme is None else ", VME %s" % a.vme, r.elapsed))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
