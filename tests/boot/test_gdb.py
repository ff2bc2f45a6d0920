"""tools/gdbinit against a live kernel: QEMU stopped at reset with its GDB
stub (-gdb tcp:...,-S: `make debug`'s -s -S on a free port), gdb in batch
mode loads build/vmm386.elf and tools/gdbinit, stops once at kdb_boot (a
hardware breakpoint: VM 1 exists, has not run), then continues for a
second while the demo guest boots and waits for a key, interrupts, and
runs every vmm-* command.  A second test runs the commands on an object
without the kernel's tables: they must say so, not fail."""
import os
import re
import shutil
import socket
import subprocess
import time

import pytest

import vmmtest
from vmmtest import ELF, QEMU, _image, _tmpdir

GDB = shutil.which("gdb")
GDBINIT = vmmtest.ROOT / "tools" / "gdbinit"
pytestmark = pytest.mark.skipif(GDB is None, reason="gdb not installed (make deps)")


def _free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


INTERRUPT_PY = """
import os, signal, threading, time
def _interrupt(path=%r):
    end = time.time() + 20
    while time.time() < end:
        try:
            if "VM1: Press a key" in open(path, errors="replace").read():
                break
        except OSError:
            pass
        time.sleep(0.05)
    time.sleep(0.2)
    os.kill(os.getpid(), signal.SIGINT)
threading.Thread(target=_interrupt, daemon=True).start()
"""


def _listening(port):
    """Is a TCP socket listening on 127.0.0.1:port (or any address)?"""
    want = ":%04X" % port
    try:
        with open("/proc/net/tcp") as f:
            for line in f.readlines()[1:]:
                parts = line.split()
                if parts[1].endswith(want) and parts[3] == "0A":
                    return True
    except OSError:
        time.sleep(0.5)             # no /proc: give QEMU a moment
        return True
    return False


def _split(out):
    """Output of each `echo @@name@@` delimited section."""
    parts = re.split(r"^@@(\S+)@@$", out, flags=re.M)
    return {parts[i]: parts[i + 1].lstrip("\n") for i in range(1, len(parts) - 1, 2)}


def _gdb(args, timeout=60):
    p = subprocess.run([GDB, "-q", "-nx", "--batch"] + args, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=timeout, cwd=str(vmmtest.ROOT))
    return p.stdout.decode("utf-8", "replace")


def test_gdbinit_live():
    if not ELF.exists():
        pytest.fail("%s missing: the kernel is not built" % ELF, pytrace=False)
    img = _image("default")
    tmp = _tmpdir()
    port = _free_port()
    qemu = subprocess.Popen(
        [QEMU, "-kernel", str(ELF), "-append", "boot=module", "-initrd", str(img),
         "-gdb", "tcp:127.0.0.1:%d" % port, "-S", "-serial", "file:%s" % (tmp / "serial.log")]
        + vmmtest.COMMON_ARGS, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT)
    # gdb's Python: a thread that sends gdb a SIGINT (what Ctrl-C does) once
    # the guest is up, or after 20 s
    (tmp / "interrupt.py").write_text(INTERRUPT_PY % str(tmp / "serial.log"))
    cmds = [
        "target remote 127.0.0.1:%d" % port,
        # before paging is on a software breakpoint at 0xC01xxxxx cannot be written
        "hbreak kdb_boot",
        "continue",
        "echo @@boot-vms@@\\n", "vmm-vms",
        "echo @@boot-crs@@\\n", "vmm-crs",
        "delete",
        # run until the demo guest waits for a key (about a second), then interrupt
        "source %s" % (tmp / "interrupt.py"),
        "continue",
        "echo @@vms@@\\n", "vmm-vms",
        "echo @@crs@@\\n", "vmm-crs 1",
        "echo @@threads@@\\n", "vmm-threads",
        "echo @@hooks@@\\n", "vmm-hooks",
        "echo @@breakpoints@@\\n", "vmm-breakpoints",
        "echo @@events@@\\n", "vmm-events",
        "echo @@dump@@\\n", "vmm-d 0:7c00 0x20",
        "echo @@help@@\\n", "vmm-help",
        "echo @@end@@\\n",
        "kill",
    ]
    args = ["-x", str(GDBINIT)]
    for c in cmds:
        args += ["-ex", c]
    args.append(str(ELF))
    try:
        # wait until QEMU listens (without connecting: a connection is a gdb client)
        deadline = time.monotonic() + 10
        while not _listening(port):
            if qemu.poll() is not None or time.monotonic() > deadline:
                pytest.fail("QEMU's gdb stub did not come up:\n%s"
                            % qemu.stdout.read().decode(errors="replace"), pytrace=False)
            time.sleep(0.05)
        t0 = time.monotonic()
        out = _gdb(args)
        elapsed = time.monotonic() - t0
    finally:
        if qemu.poll() is None:
            qemu.kill()
        qemu.wait()
        serial = (tmp / "serial.log").read_text(errors="replace") if (tmp / "serial.log").exists() else ""
        shutil.rmtree(tmp, ignore_errors=True)
    log = "gdb output (%.1f s):\n%s\n---- serial ----\n%s" % (elapsed, out, serial)
    s = _split(out)
    assert "end" in s, "gdb did not get through the commands\n" + log
    assert "Python Exception" not in out and "Error occurred" not in out, log

    # at kdb_boot: VM 1 exists, has not run (SS:SP 0000:7C00, CS:IP 0)
    assert re.search(r"^\s+1 [0-9a-f]{8} 00000004 0000:0000  0000:7c00 .*current, system VM",
                     s["boot-vms"], re.M), log
    assert "status: Creating" in s["boot-vms"], log
    assert re.search(r"ESP\s+00007c00", s["boot-crs"]), log

    # after a second: VM 1 runs the demo guest
    assert re.search(r"^\s+1 [0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{4}:[0-9a-f]{4}  [0-9a-f]{4}:[0-9a-f]{4}",
                     s["vms"], re.M), log
    # VM 1's initial thread, running
    assert re.search(r"^\s+\d+ [0-9a-f]{8}   1 THREAD_LIVE\s+[0-9a-f]{4}:[0-9a-f]{4}  "
                     r"[0-9a-f]{4}:[0-9a-f]{4}  .*initial, current", s["threads"], re.M), log
    crs = s["crs"]
    assert crs.startswith("VM 1 client registers (Client_Reg_Struc at 0x"), log
    for f in ("EDI", "ESI", "EBP", "res0(ESP)", "EBX", "EDX", "ECX", "EAX", "Error", "EIP", "CS",
              "EFlags", "ESP", "SS", "ES", "DS", "FS", "GS", "Alt_EIP", "Alt_CS", "Alt_EFlags",
              "Alt_ESP", "Alt_SS", "Alt_ES", "Alt_DS", "Alt_FS", "Alt_GS"):
        assert re.search(r"(^|\s)%s\s+[0-9a-f]{4,8}\b" % re.escape(f), crs, re.M), (f, log)
    assert re.search(r"flags: .*\bVM\b", crs), log
    hooks = s["hooks"]
    assert re.search(r"^INT 13h: \d hooks?: ", hooks, re.M), log
    assert not re.search(r"^INT 15h: ", hooks, re.M), log   # V86MMGR: a breakpoint, below
    assert re.search(r"^\d+ hooked vectors?$", hooks, re.M), log
    bps = s["breakpoints"]
    assert "V86 breakpoints:" in bps and "V86 callbacks:" in bps, log
    assert "not available yet" not in bps, log         # this kernel has the tables
    # V86MMGR's at the BIOS's INT 15h entry (ROM), its C callback named
    assert re.search(r"^  VM 1  f000:[0-9a-f]{4}  lin f[0-9a-f]{4}  ARPL  hits \d+  -> int15_bios ref 0x0 \(C\)$",
                     bps, re.M), log
    ev = s["events"]
    assert re.search(r"^system time: \d+ ms$", ev, re.M), log
    assert "time-outs:" in ev and "Call_When_VM_Returns:" in ev and "events:" in ev, log
    # the guest's boot sector: JMP short, NOP
    assert re.match(r"07c00  eb [0-9a-f]{2} 90 ", s["dump"]), log
    for c in ("vmm-vms", "vmm-threads", "vmm-crs", "vmm-hooks", "vmm-breakpoints", "vmm-events", "vmm-d"):
        assert c in s["help"], log
    assert "VM1: Press a key" in serial, log


def test_gdbinit_without_tables(tmp_path):
    """On a file without the kernel's tables the commands say so."""
    nasm = os.environ.get("NASM", "nasm")
    src = tmp_path / "empty.asm"
    src.write_text("bits 32\nsection .text\nglobal f\nf: ret\n")
    obj = tmp_path / "empty.o"
    subprocess.run([nasm, "-f", "elf32", "-o", str(obj), str(src)], check=True)
    args = ["-x", str(GDBINIT)]
    for c in ("vmm-breakpoints", "vmm-events", "vmm-hooks", "vmm-vms"):
        args += ["-ex", "echo @@%s@@\\n" % c, "-ex", c]
    args += ["-ex", "echo @@end@@\\n", str(obj)]
    out = _gdb(args, timeout=30)
    s = _split(out)
    assert "Python Exception" not in out, out
    assert "V86 breakpoints:\n  not available yet" in s["vmm-breakpoints"], out
    assert "V86 callbacks:\n  not available yet" in s["vmm-breakpoints"], out
    assert "time-outs:\n  not available yet" in s["vmm-events"], out
    assert "events:\n  not available yet" in s["vmm-events"], out
    assert "vmm-hooks: not available yet" in s["vmm-hooks"], out
    assert "vm_list not found" in s["vmm-vms"], out


def test_vmm_events_shows_restricted_events():
    """vmm-events on a kernel with two restricted events pending (m_ev_kdb
    under VMTEST): each with its kind, target thread, boost, PEF flags and
    time-out."""
    kernel = vmmtest.ROOT / "build" / "vmtest" / "vmm386.elf"
    if not kernel.exists():
        pytest.fail("%s missing: the kernel is not built" % kernel, pytrace=False)
    img = _image("m_ev_kdb")
    tmp = _tmpdir()
    port = _free_port()
    qemu = subprocess.Popen(
        [QEMU, "-kernel", str(kernel), "-append", "boot=module", "-initrd", str(img),
         "-gdb", "tcp:127.0.0.1:%d" % port, "-serial", "file:%s" % (tmp / "serial.log")]
        + vmmtest.COMMON_ARGS, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT)
    (tmp / "interrupt.py").write_text(
        (INTERRUPT_PY % str(tmp / "serial.log")).replace("VM1: Press a key", "VM1: pending"))
    try:
        deadline = time.monotonic() + 10
        while not _listening(port):
            if qemu.poll() is not None or time.monotonic() > deadline:
                pytest.fail("QEMU's gdb stub did not come up", pytrace=False)
            time.sleep(0.05)
        out = _gdb(["-x", str(GDBINIT), "-ex", "target remote 127.0.0.1:%d" % port,
                    "-ex", "source %s" % (tmp / "interrupt.py"), "-ex", "continue",
                    "-ex", "echo @@events@@\\n", "-ex", "vmm-events", "-ex", "echo @@end@@\\n",
                    "-ex", "kill", str(kernel)])
    finally:
        if qemu.poll() is None:
            qemu.kill()
        qemu.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    s = _split(out)
    assert "end" in s and "Python Exception" not in out, out
    rows = [l for l in s["events"].split("\n") if "restricted:" in l]
    assert len(rows) == 2, out
    assert any(re.search(r"VM 1 .* restricted: thread \d+ boost 0 PEF 0910 time-out [0-9a-f]{8} pending$", l)
               for l in rows), out
    assert any(re.search(r"VM 1 .* restricted: thread \d+ boost 0 PEF 0300$", l) for l in rows), out
