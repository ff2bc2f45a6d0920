"""The serial kernel debugger (vmm/kdb.c, debug=kdb).

QEMU's COM1 is a unix socket (server, wait=on: QEMU starts once the test is
connected, so no byte is lost); the test reads until `kdb> `, types commands
as a terminal would (text + CR) and checks what comes back.

  test_kdb_boot_commands   stop at boot, every command, `g`, the guest runs
                           to its exit line (t_exit: VM1: exit 0x2a)
  test_kdb_break[...]      the break sequence (Ctrl-C, ESC !) while the demo
                           guest waits for a key; look around, `g`, the guest
                           still takes a key
  test_kdb_off_ignores_break  without debug=kdb the same bytes do nothing
  test_kdb_after_panic     a test kernel with tests/boot/data/kdb_crash.c
                           (UD2 in ring 0 at Init_Complete): the prompt comes
                           up after the panic message, `g` ends the machine
                           with the panic exit code; without debug=kdb the
                           machine ends at once
"""
import re
import shutil
import socket
import subprocess
import time

import pytest

import vmmtest
from vmmtest import ELF, QEMU, _image, _Monitor, _tmpdir

PROMPT = b"kdb> "


class Kdb:
    """vmm386 under QEMU with COM1 on a socket we talk to."""

    def __init__(self, guest, cmdline, timeout=30, kernel=ELF):
        if not kernel.exists():
            pytest.fail("%s missing: the kernel is not built" % kernel, pytrace=False)
        self.tmp = _tmpdir()
        img = _image(guest)
        self.sock_path = self.tmp / "com1.sock"
        self.mon_path = self.tmp / "mon.sock"
        self.args = [QEMU, "-kernel", str(kernel), "-append", "boot=module exit=qemu " + cmdline,
                     "-initrd", str(img)] + vmmtest.COMMON_ARGS + [
                     "-serial", "unix:%s,server=on,wait=on" % self.sock_path,
                     "-monitor", "unix:%s,server=on,wait=off" % self.mon_path]
        self.deadline = time.monotonic() + timeout
        self.out = open(self.tmp / "qemu.out", "wb")
        self.proc = subprocess.Popen(self.args, stdin=subprocess.DEVNULL, stdout=self.out,
                                     stderr=subprocess.STDOUT, cwd=str(vmmtest.ROOT))
        self.log = b""              # everything COM1 sent
        self.pos = 0                # how far expect() has consumed self.log
        self.sock = None
        self.mon = None
        while self.sock is None:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                s.connect(str(self.sock_path))
                self.sock = s
            except OSError:
                s.close()
                if self.proc.poll() is not None or time.monotonic() > self.deadline:
                    self.fail("QEMU did not open its serial socket")
                time.sleep(0.05)

    def text(self):
        return self.log.decode("latin-1").replace("\r", "")

    def fail(self, why):
        qout = ""
        try:
            qout = (self.tmp / "qemu.out").read_text(errors="replace")
        except OSError:
            pass
        pytest.fail("%s\n$ %s\n---- COM1 ----\n%s\n---- qemu ----\n%s"
                    % (why, " ".join(self.args), self.text(), qout), pytrace=False)

    def _recv(self, until):
        self.sock.settimeout(max(0.05, min(0.5, until - time.monotonic())))
        try:
            d = self.sock.recv(4096)
        except socket.timeout:
            return True
        if not d:
            return False
        self.log += d
        return True

    def expect(self, pattern, timeout=None):
        """Wait for bytes `pattern`; returns the text between the previous
        match and this one (CRs removed)."""
        until = self.deadline if timeout is None else min(self.deadline, time.monotonic() + timeout)
        while True:
            i = self.log.find(pattern, self.pos)
            if i >= 0:
                out = self.log[self.pos:i]
                self.pos = i + len(pattern)
                return out.decode("latin-1").replace("\r", "")
            if time.monotonic() > until:
                self.fail("timed out waiting for %r" % pattern)
            if not self._recv(until):
                self.fail("COM1 closed while waiting for %r (QEMU ended, status %r)"
                          % (pattern, self.proc.poll()))

    def quiet_for(self, seconds):
        """Read for `seconds`; returns what arrived."""
        start = len(self.log)
        until = time.monotonic() + seconds
        while time.monotonic() < until and self._recv(until):
            pass
        return self.log[start:].decode("latin-1").replace("\r", "")

    def send(self, data):
        self.sock.sendall(data)

    def cmd(self, line):
        """Type a command at the prompt; returns its output (without the echo)."""
        self.send(line.encode() + b"\r")
        out = self.expect(PROMPT)
        first, _, rest = out.partition("\n")
        assert first.strip() == line, "echo %r for %r" % (first, line)
        return rest

    def sendkey(self, key):
        if self.mon is None:
            self.mon = _Monitor(self.mon_path, self.deadline)
        self.mon.cmd("sendkey " + key)

    def wait_exit(self, timeout=15):
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.fail("QEMU did not end")

    def close(self):
        if self.mon:
            self.mon.close()
        if self.sock:
            self.sock.close()
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.out.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


@pytest.fixture
def kdb_session():
    sessions = []

    def start(guest, cmdline="debug=kdb", timeout=30, kernel=ELF):
        k = Kdb(guest, cmdline, timeout, kernel)
        sessions.append(k)
        return k
    yield start
    for k in sessions:
        k.close()


def test_kdb_boot_commands(kdb_session):
    k = kdb_session("t_exit")
    head = k.expect(PROMPT)
    assert head.startswith("vmm386 "), head
    assert "kdb: stopped at boot, before VM 1 starts" in head
    assert "VM1:" not in head                   # VM 1 has not run yet

    out = k.cmd("?")
    for name in ("?", ".vm", ".r", ".ints", ".bp", ".ev", "d", "g"):
        assert re.search(r"^  %s\s" % re.escape(name), out, re.M), out
    assert "Ctrl-C or ESC !" in out

    out = k.cmd(".vm")
    assert re.search(r"^ 1 [0-9a-f]{8} [0-9a-f]{8} 0000:0000 0000:7c00 .*current.*system-VM", out, re.M), out
    assert "status: Creating" in out

    for line in (".r", ".r 1"):
        out = k.cmd(line)
        assert out.startswith("VM 1 client registers (Client_Reg_Struc at "), out
        for reg in ("EAX", "EBX", "ECX", "EDX", "ESI", "EDI", "EBP", "ESP", "EIP", "EFL",
                    "Error", "res0", "CS", "SS", "DS", "ES", "FS", "GS", "Alt_EIP", "Alt_EFL",
                    "Alt_ESP", "Alt_CS", "Alt_SS", "Alt_DS", "Alt_ES", "Alt_FS", "Alt_GS"):
            assert re.search(r"\b%s=[0-9a-f]{4,8}\b" % reg, out), (reg, out)
        assert "ESP=00007c00" in out
        assert re.search(r"flags: .*\bVM\b.*virtual IF=1", out), out
    assert k.cmd(".r 7").strip() == "no VM 7"

    out = k.cmd(".ints")
    assert out.strip() == "none" or re.search(r"^INT [0-9a-f]{2}h", out, re.M), out
    out = k.cmd(".bp")
    assert out.split("\n")[:4] == ["V86 breakpoints:", "  none", "V86 callbacks:", "  none"], out
    out = k.cmd(".ev")
    assert re.match(r"time-outs \(system time \d+ ms\):\n", out), out
    assert "Call_When_VM_Returns:" in out and "events:\n  none" in out

    # the BIOS reset vector: a far JMP (EAh) at F000:FFF0
    out = k.cmd("d f000:fff0 10")
    assert re.match(r"f000:fff0  ea( [0-9a-f]{2}){15}  ", out), out
    out = k.cmd("d ffff0 8")
    assert re.match(r"ffff0  ea( [0-9a-f]{2}){7}\s", out), out
    # past the VM's 1 MB + 64 KB: unreadable, shown as ??, no fault
    out = k.cmd("d 10fff8 10")
    assert out.split("\n")[0].split()[1:] != [] and "??" in out and "?? ??" in out, out
    assert re.match(r"10fff8 ( [0-9a-f]{2}){8}( \?\?){8}", out), out
    out = k.cmd("d ss:sp 10")
    assert out.startswith("0000:7c00 "), out
    assert k.cmd("d").startswith("usage: d")
    assert "unknown command 'bogus'" in k.cmd("bogus")

    k.send(b"g\r")
    rest = k.expect(b"VM1: exit 0x2a")
    assert "kdb: go" in rest and "VM1: PASS exit_code" in rest, rest
    assert k.wait_exit() == (0x2A << 1) | 1


@pytest.mark.parametrize("seq", [b"\x03", b"\x1b!"], ids=["ctrl_c", "esc_bang"])
def test_kdb_break(kdb_session, seq):
    k = kdb_session("default")
    k.expect(PROMPT)
    k.send(b"g\r")
    k.expect(b"VM1: Press a key")
    time.sleep(0.2)
    k.send(seq)
    head = k.expect(PROMPT, timeout=5)
    assert "kdb: break (serial line)" in head, head
    assert re.search(r"kdb: VM 1 at [0-9a-f]{4}:[0-9a-f]{4}; \? for help, g resumes the VMs", head), head

    out = k.cmd(".vm")
    assert re.search(r"^ 1 [0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{4}:[0-9a-f]{4} ", out, re.M), out
    out = k.cmd(".r")
    assert re.search(r"CS:IP=[0-9a-f]{4}:[0-9a-f]{4} SS:SP=[0-9a-f]{4}:[0-9a-f]{4}", out), out
    assert not re.search(r"CS:IP=0000:0000", out), out       # it has run
    out = k.cmd(".ints")
    assert re.search(r"^INT 13h  \d hooks? +IVT [0-9a-f]{4}:[0-9a-f]{4}$", out, re.M), out
    assert not re.search(r"^INT 15h ", out, re.M), out      # V86MMGR: a breakpoint, below
    out = k.cmd(".bp")                  # V86MMGR's, at the BIOS's INT 15h entry (ROM)
    assert re.search(r"^  VM 1 f000:[0-9a-f]{4} lin f[0-9a-f]{4} ARPL hits \d+$", out, re.M), out
    # the guest's boot sector (bootsect.asm: JMP short + NOP, then the BPB)
    out = k.cmd("d 0:7c00 20")
    assert re.match(r"0000:7c00  eb [0-9a-f]{2} 90 ", out), out
    out = k.cmd(".ev")
    assert "time-outs (system time " in out, out

    k.send(b"g\r")
    k.expect(b"kdb: go")
    # the VM runs on: it still reads keys
    k.sendkey("a")
    k.expect(b"VM1: key: 61 1E", timeout=10)
    assert "vmm386 PANIC" not in k.text() and "terminated" not in k.text(), k.text()


def test_kdb_off_ignores_break(kdb_session):
    k = kdb_session("default", cmdline="")
    k.expect(b"VM1: Press a key")
    k.send(b"\x03\x1b!")
    assert "kdb" not in k.quiet_for(0.5)
    k.sendkey("a")
    k.expect(b"VM1: key: 61 1E", timeout=10)
    assert "kdb" not in k.text()


def _crash_kernel():
    """build/kdbtest/vmm386.elf: the kernel with tests/boot/data/kdb_crash.c."""
    b = "build/kdbtest"
    p = subprocess.run(["make", "--no-print-directory", "-j2", "B=" + b,
                        "VXDS=tests/boot/data/kdb_crash.c", b + "/vmm386.elf"],
                       cwd=str(vmmtest.ROOT), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=300)
    if p.returncode:
        pytest.fail("building the kdb_crash kernel failed:\n" + p.stdout.decode("latin-1"),
                    pytrace=False)
    return vmmtest.ROOT / b / "vmm386.elf"


def test_kdb_after_panic(kdb_session):
    kernel = _crash_kernel()
    k = kdb_session("t_exit", kernel=kernel)
    k.expect(PROMPT)
    k.send(b"g\r")
    head = k.expect(PROMPT)
    assert "KDBCRASH: UD2 in ring 0 now" in head, head
    assert re.search(r"vmm386: invalid opcode \(vector 6, error 0\) in the VMM at c0[0-9a-f]{6}", head), head
    assert "vmm386 PANIC: fault in the VMM" in head, head
    assert "kdb: after the panic: fault in the VMM" in head, head
    assert "g ends the machine" in head, head
    out = k.cmd(".vm")
    assert re.search(r"^ 1 [0-9a-f]{8} ", out, re.M), out
    out = k.cmd(".r 1")
    assert "CS:IP=" in out, out
    out = k.cmd(".ints")
    assert re.search(r"^INT 13h ", out, re.M), out
    k.send(b"g\r")
    k.expect(b"kdb: go")
    assert k.wait_exit() == (0x7E << 1) | 1         # EXIT_PANIC under exit=qemu
    assert "VM1:" not in k.text()


def test_panic_without_kdb(kdb_session):
    kernel = _crash_kernel()
    k = kdb_session("t_exit", cmdline="", kernel=kernel)
    k.expect(b"vmm386 PANIC: fault in the VMM")
    assert k.wait_exit() == (0x7E << 1) | 1
    assert "kdb:" not in k.text() and "kdb>" not in k.text(), k.text()
