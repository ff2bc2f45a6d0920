"""Boot-test helpers: run a guest image under vmm386 (or bare QEMU) and
look at what it printed.

    r = run_vmm("t_flags")            # vmm386 -kernel, image as multiboot module
    r = run_vmm("demo", via="iso", stop_on="key: 61 1E", keys=[("Press a key", ["a"])])
    b = run_bare("t_flags")           # same image booted by the BIOS, no vmm386
    check_vmm(r, ["cli_if0", ...]);  check_bare(b, [...])

Under vmm386 the guest's port E9h lines appear in the serial log as
"VM1: <line>"; under bare QEMU they come from -debugcon.  Result.guest_lines()
gives the guest's lines in both cases, so the two can be compared.

QEMU's exit status is never taken as success by itself: a triple fault under
-no-reboot exits with 0.  The guest's exit request (port F4h, value NN) gives
status (NN << 1) | 1.
"""

import os
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("VMM386_BUILD", ROOT / "build"))
QEMU = os.environ.get("QEMU") or "qemu-system-i386"
ELF = BUILD / "vmm386.elf"
VXDTEST_ELF = BUILD / "vxdtest" / "vmm386.elf"     # vmm386 + the test VxDs (tests/vxd/vxd.mk)
SAMPLES_ELF = BUILD / "samples" / "vmm386.elf"     # vmm386 + vxd/samples, XMSHOOK logging calls
ISO = BUILD / "vmm386.iso"
GUEST_DIR = BUILD / "guest"

COMMON_ARGS = ["-display", "none", "-no-reboot", "-m", "32",
               "-device", "isa-debug-exit,iobase=0xf4,iosize=4"]


class Result:
    """What one QEMU run produced."""

    def __init__(self, kind, args, serial, e9, qemu_out, status, stopped, elapsed):
        self.kind = kind                # "vmm" or "bare"
        self.args = args                # QEMU command line
        self.serial = serial            # raw serial log text
        self.e9 = e9                    # raw port E9h (debugcon) text
        self.qemu_out = qemu_out        # QEMU's own stdout/stderr
        self.exit_status = status       # QEMU exit status; None when we stopped it
        self.stopped = stopped          # True when stop_on matched and we killed QEMU
        self.elapsed = elapsed
        self.serial_lines = _lines(serial)
        self.e9_lines = _lines(e9)
        # .lines: the serial lines under vmm386, the E9 lines under bare QEMU
        self.lines = self.serial_lines if kind in ("vmm", "vms") else self.e9_lines

    def vm_lines(self, n=1):
        """The `VM<n>: ...` serial lines with the prefix stripped."""
        p = "VM%d: " % n
        return [l[len(p):] for l in self.serial_lines if l.startswith(p)]

    def guest_lines(self):
        """What the guest wrote to port E9h, whichever way it ran (without
        the vmm386 `exit 0xNN` line)."""
        if self.kind == "bare":
            return list(self.e9_lines)
        return [l for l in self.vm_lines() if not re.fullmatch(r"exit 0x[0-9A-Fa-f]{2}", l)]

    def passes(self):
        return [l[5:] for l in self.guest_lines() if l.startswith("PASS ")]

    def fails(self):
        return [l for l in self.guest_lines() if l.startswith("FAIL")]

    @property
    def guest_exit(self):
        """The value the guest wrote to port F4h, or None."""
        if self.kind == "vmm":
            for l in self.vm_lines():
                m = re.fullmatch(r"exit 0x([0-9A-Fa-f]{2})", l)
                if m:
                    return int(m.group(1), 16)
            return None
        if self.exit_status is not None and self.exit_status > 0 and self.exit_status & 1:
            return self.exit_status >> 1
        return None

    def log(self):
        out = ["$ " + shlex.join(self.args),
               "exit status: %r%s  (%.1f s)" % (self.exit_status,
                                                 " (stopped by test)" if self.stopped else "",
                                                 self.elapsed),
               "---- serial ----", self.serial.rstrip(),
               "---- port E9h ----", self.e9.rstrip()]
        if self.qemu_out.strip():
            out += ["---- qemu ----", self.qemu_out.rstrip()]
        return "\n".join(out)

    def assert_line(self, exact):
        """Assert that a line equal to `exact` is in .lines (serial under
        vmm386, E9 under bare QEMU)."""
        assert exact in self.lines, "line %r not found\n%s" % (exact, self.log())

    def assert_guest_line(self, exact):
        assert exact in self.guest_lines(), "guest line %r not found\n%s" % (exact, self.log())

    def index(self, exact):
        return self.lines.index(exact)


def _lines(text):
    return [l.rstrip("\r") for l in text.split("\n")][:-1] if text else []


def _read(path):
    try:
        return Path(path).read_bytes().decode("latin-1")
    except FileNotFoundError:
        return ""


class _Monitor:
    """QEMU human monitor over a unix socket."""

    def __init__(self, path, deadline):
        self.sock = None
        while True:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                s.connect(str(path))
                self.sock = s
                break
            except OSError:
                s.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self.sock.settimeout(5)
        self._until_prompt()

    def _until_prompt(self):
        buf = b""
        while not buf.endswith(b"(qemu) "):
            d = self.sock.recv(4096)
            if not d:
                break
            buf += d
        return buf.decode("latin-1")

    def cmd(self, line):
        self.sock.sendall(line.encode() + b"\n")
        return self._until_prompt()

    def close(self):
        if self.sock:
            self.sock.close()


def _normalize_keys(keys):
    """keys: None, a list of key names (typed once a line containing "ready"
    appears), or a list of (trigger, key or [keys]) pairs handled in order:
    each trigger is a substring looked for in the guest's complete lines
    (port E9h; under vmm386 the `VM1: ` lines without the prefix).  Keys are
    QEMU `sendkey` names: a, shift-a, ret, spc, esc, f1, ...; an item
    starting with "!" is a monitor command instead (e.g. "!pmemsave ...")."""
    if not keys:
        return []
    if all(isinstance(k, str) for k in keys):
        return [("ready", list(keys))]
    out = []
    for trig, ks in keys:
        out.append((trig, [ks] if isinstance(ks, str) else list(ks)))
    return out


def _run(kind, args, logfile, tmp, timeout, keys, stop_on, name):
    keys = _normalize_keys(keys)
    start = time.monotonic()
    deadline = start + timeout
    qout_path = tmp / "qemu.out"
    with open(qout_path, "wb") as qout:
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=qout,
                                stderr=subprocess.STDOUT, cwd=str(ROOT))
    mon = None
    stopped = timed_out = False
    monitor_error = None
    seen = 0            # keys: lines already searched for the current trigger
    try:
        while True:
            rc = proc.poll()
            lines = _lines(_read(logfile))
            if kind == "vmm":       # triggers and stop_on look at the guest's lines
                lines = [l[5:] for l in lines if l.startswith("VM1: ")]
            while keys:
                trig, ks = keys[0]
                hit = any(trig in l for l in lines[seen:])
                if not hit:
                    break
                seen = next(i for i in range(seen, len(lines)) if trig in lines[i]) + 1
                if rc is not None:
                    break
                try:
                    if mon is None:
                        mon = _Monitor(tmp / "mon.sock", deadline)
                    for k in ks:
                        mon.cmd(k[1:] if k.startswith("!") else "sendkey " + k)
                        time.sleep(0.15)
                except OSError as e:
                    monitor_error = "QEMU monitor: %s" % e
                    break
                keys.pop(0)
            if monitor_error:
                break
            if stop_on is not None and rc is None:
                pats = [stop_on] if isinstance(stop_on, str) else list(stop_on)
                if any(p in l for p in pats for l in lines):
                    stopped = True
                    break
            if rc is not None:
                break
            if time.monotonic() > deadline:
                timed_out = True
                break
            time.sleep(0.05)
    finally:
        if mon:
            mon.close()
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    status = None if (stopped or timed_out) else proc.returncode
    r = Result(kind, args, _read(tmp / "serial.log"), _read(tmp / "e9.log"),
               _read(qout_path), status, stopped, time.monotonic() - start)
    if timed_out:
        pytest.fail("%s: QEMU did not finish within %d s (killed)\n%s" % (name, timeout, r.log()),
                    pytrace=False)
    if monitor_error:
        pytest.fail("%s: %s\n%s" % (name, monitor_error, r.log()), pytrace=False)
    if keys:
        pytest.fail("%s: keys %r were not typed (trigger line not seen before QEMU ended)\n%s"
                    % (name, keys, r.log()), pytrace=False)
    return r


def _image(guest):
    p = Path(guest)
    if p.suffix != ".img":
        p = GUEST_DIR / (guest + ".img")
    if not p.exists():
        pytest.fail("guest image %s missing (run `make guests`)" % p, pytrace=False)
    return p


def _tmpdir():
    # short path: unix socket names are limited to 108 bytes
    return Path(tempfile.mkdtemp(prefix="vmm386-"))


def _private_copy(img, tmp):
    """Each run gets its own copy of the image: QEMU locks a writable drive
    image, so parallel runs of one image would fail, and a guest's writes
    must not reach the next run."""
    disk = tmp / ("disk-" + img.name)
    shutil.copyfile(img, disk)
    return disk


_cache = {}


def _cached(key, fn):
    if key in _cache:
        ok, val = _cache[key]
    else:
        try:
            val, ok = fn(), True
        except BaseException as e:      # pytest.fail() raises an OutcomeException
            val, ok = e, False
        _cache[key] = (ok, val)
    if not ok:
        raise val
    return val


def run_vmm(guest, cmdline="", timeout=30, keys=None, via="module", extra_qemu_args=(),
            stop_on=None, cache=True, kernel=None, modules=()):
    """Boot vmm386 with build/guest/<guest>.img as VM 1's disk.

    via="module": -kernel vmm386.elf -initrd <img>, "boot=module exit=qemu <cmdline>"
    via="fd0":    -kernel vmm386.elf -fda <img>,    "boot=fd0 exit=qemu <cmdline>"
    via="iso":    -cdrom vmm386.iso -boot d -fda <img>; the ISO's command line is
                  "boot=fd0" only (no exit=qemu), so pass stop_on: QEMU is killed
                  once a guest line (without `VM1: `) containing it appears
                  (exit_status is then None, .stopped True).
    keys: see _normalize_keys.  timeout: seconds before QEMU is killed and the
    test fails with the logs.  Runs without keys are cached per process.
    kernel: the ELF for via="module"/"fd0" (default build/vmm386.elf), e.g.
    VXDTEST_ELF; a relative path is taken from the repository root.
    modules: more multiboot modules after the image (via="module"), e.g. a
    profile "tests/vxd/svctest.ini" (relative to the repository root).
    """
    img = _image(guest)
    elf = ELF if kernel is None else Path(kernel)
    if not elf.is_absolute():
        elf = ROOT / elf
    if via == "iso":
        if not ISO.exists():
            pytest.fail("%s missing (run `make iso`)" % ISO, pytrace=False)
    elif not elf.exists():
        pytest.fail("%s missing: the kernel is not built" % elf, pytrace=False)

    def go():
        tmp = _tmpdir()
        disk = _private_copy(img, tmp)
        args = [QEMU]
        if via == "module":
            args += ["-kernel", str(elf), "-append", ("boot=module exit=qemu " + cmdline).strip(),
                     "-initrd", ",".join([str(img)] + [str(ROOT / m) for m in modules])]
        elif via == "fd0":
            args += ["-kernel", str(elf), "-append", ("boot=fd0 exit=qemu " + cmdline).strip(),
                     "-drive", "file=%s,if=floppy,format=raw" % disk]
        elif via == "iso":
            args += ["-cdrom", str(ISO), "-boot", "d",
                     "-drive", "file=%s,if=floppy,format=raw" % disk]
        else:
            raise ValueError("via must be module, fd0 or iso")
        args += COMMON_ARGS + ["-serial", "file:%s" % (tmp / "serial.log"),
                               "-debugcon", "file:%s" % (tmp / "e9.log"),
                               "-monitor", "unix:%s,server,nowait" % (tmp / "mon.sock")]
        args += list(extra_qemu_args)
        try:
            return _run("vmm", args, tmp / "serial.log", tmp, timeout, keys, stop_on,
                        "%s (vmm386 via %s)" % (guest, via))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    if not cache or keys:
        return go()
    key = ("vmm", str(img), cmdline, timeout, via, tuple(extra_qemu_args), str(stop_on), str(elf),
           tuple(modules))
    return _cached(key, go)


def run_bare(guest, timeout=30, keys=None, extra_qemu_args=(), stop_on=None, cache=True):
    """Boot build/guest/<guest>.img directly from the BIOS (no vmm386).
    The guest's port E9h output is in .lines (from -debugcon)."""
    img = _image(guest)

    def go():
        tmp = _tmpdir()
        disk = _private_copy(img, tmp)
        args = [QEMU, "-drive", "file=%s,if=floppy,format=raw" % disk, "-boot", "a"]
        args += COMMON_ARGS + ["-serial", "file:%s" % (tmp / "serial.log"),
                               "-debugcon", "file:%s" % (tmp / "e9.log"),
                               "-monitor", "unix:%s,server,nowait" % (tmp / "mon.sock")]
        args += list(extra_qemu_args)
        try:
            return _run("bare", args, tmp / "e9.log", tmp, timeout, keys, stop_on,
                        "%s (bare QEMU)" % guest)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    if not cache or keys:
        return go()
    key = ("bare", str(img), timeout, tuple(extra_qemu_args), str(stop_on))
    return _cached(key, go)


# ---------------------------------------------------------------- checks

def check_guest_output(r, passes):
    """Every `PASS <name>` present, no FAIL line."""
    got = r.passes()
    missing = [p for p in passes if p not in got]
    assert not missing, "missing PASS lines %r\n%s" % (missing, r.log())
    assert not r.fails(), "FAIL lines %r\n%s" % (r.fails(), r.log())


def check_banner(r):
    """The kernel's banner `vmm386 <version>...` is the first serial line
    (so it comes before any VM1: line)."""
    lines = [l for l in r.serial_lines if l.strip()]
    assert lines and re.match(r"vmm386 \d", lines[0]), \
        "the first serial line is not the `vmm386 <version>` banner\n" + r.log()


def check_no_vmm_errors(r):
    bad = [l for l in r.serial_lines
           if l.startswith("VM 1 terminated") or l.startswith("vmm386 PANIC")]
    assert not bad, "vmm386 reported %r\n%s" % (bad, r.log())


def check_vmm(r, passes, exit_code=0):
    """A vmm386 run of a self-checking guest: banner first, all PASS lines,
    no FAIL, `VM1: exit 0xNN` and QEMU status (NN << 1) | 1."""
    check_banner(r)
    check_no_vmm_errors(r)
    check_guest_output(r, passes)
    assert r.guest_exit == exit_code, \
        "no `VM1: exit 0x%02X` line\n%s" % (exit_code, r.log())
    assert r.exit_status == (exit_code << 1) | 1, \
        "QEMU exit status %r, want %d\n%s" % (r.exit_status, (exit_code << 1) | 1, r.log())


def check_bare(r, passes, exit_code=0):
    """A bare-QEMU run of a self-checking guest: all PASS lines, no FAIL, and
    the guest's own exit through isa-debug-exit."""
    check_guest_output(r, passes)
    assert r.exit_status == (exit_code << 1) | 1, \
        "QEMU exit status %r, want %d\n%s" % (r.exit_status, (exit_code << 1) | 1, r.log())


def check_same_passes(vmm, bare):
    """Differential check: the same PASS lines with and without vmm386."""
    assert vmm.passes() == bare.passes(), \
        "PASS lines differ\nvmm386: %r\nbare:   %r\n%s" % (vmm.passes(), bare.passes(), vmm.log())


def run_vms(guests, cmdline="", timeout=60, stop_on=None, mem=64, kernel=None, keys=None,
            extra_qemu_args=()):
    """Boot vmm386 with one VM per image: build/guest/<g>.img for each g, as
    multiboot modules (-initrd a.img,b.img: VM 1 boots the first, VM n+1
    module n).  stop_on is searched in every line of the serial log (all
    VMs, and the VMM's own lines).  The last -m wins over COMMON_ARGS."""
    imgs = [_image(g) for g in guests]
    elf = ELF if kernel is None else Path(kernel)
    if not elf.is_absolute():
        elf = ROOT / elf
    if not elf.exists():
        pytest.fail("%s missing: the kernel is not built" % elf, pytrace=False)
    tmp = _tmpdir()
    try:
        mods = [str(_private_copy(img, tmp).rename(tmp / ("m%d.img" % i))) for i, img in enumerate(imgs)]
        args = [QEMU, "-kernel", str(elf), "-append", ("boot=module exit=qemu " + cmdline).strip(),
                "-initrd", ",".join(mods)]
        args += COMMON_ARGS + ["-m", str(mem), "-serial", "file:%s" % (tmp / "serial.log"),
                               "-debugcon", "file:%s" % (tmp / "e9.log"),
                               "-monitor", "unix:%s,server,nowait" % (tmp / "mon.sock")]
        args += list(extra_qemu_args)
        return _run("vms", args, tmp / "serial.log", tmp, timeout, keys, stop_on,
                    "VMs %s" % ",".join(guests))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
