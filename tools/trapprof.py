#!/usr/bin/python3
"""Where a real-DOS bench row's monitor instructions go.

Runs one iteration of one DOSBENCH row (tests/bench/dosbench.asm built with
-DTRAPPROF: each row once, between two trapped IN AL, 21h markers) under
vmm386 in QEMU with -icount shift=0 and -d int,exec,nochain,in_asm.  From
that log: every translated block executed between the row's two markers,
its instructions counted and charged to
  - the trap that started the stretch of monitor code it belongs to (the
    vector; for a #GP from V86 mode the instruction that trapped), and
  - the kernel function holding it (nm of the ELF), or "V86" for the VM.
--episode KIND prints the block-by-block path of the first traps of that
kind (as the table names it, e.g. "56" or "0d sti").

The log of one boot is about 2 GB (in --build) and the run about two
minutes.  Counts are exact per block; an exception in the middle of a
block charges the whole block (rare in the monitor, never on these paths).

    tools/trapprof.py --row read32k [--xms build/dos/XMS.SYS] [--cmdline iopl=3]
"""
import argparse
import bisect
import collections
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import dosbench  # noqa: E402  (make_disk, find_image)

INT_RE = re.compile(r"v=([0-9a-f]{2}) e=[0-9a-f]{4} i=\d cpl=(\d) IP=([0-9a-f]{4}):([0-9a-f]{8}) "
                    r"pc=([0-9a-f]{8})")
TRACE_RE = re.compile(r"^Trace \d+: (0x[0-9a-f]+) \[")
KERNEL_BASE = 0xC0000000


def markers(listing, row):
    """The offsets (IP) of the row's two markers, from the NASM listing:
    the first two IN AL, 21h of the ROW macro's own expansion (level <1>;
    the listing drops comments there) after the row's ROW invocation."""
    lines = open(listing, errors="replace").read().splitlines()
    at = next((k for k, l in enumerate(lines) if re.search(r'\bROW\s+"%s"' % re.escape(row), l)), None)
    if at is None:
        sys.exit("trapprof: no row %r in tests/bench/dosbench.asm" % row)
    offs = []
    for l in lines[at:]:
        if re.search(r"<1>\s+in al, 21h", l):
            offs.append(int(l.split()[1], 16) + 0x100)   # listing offsets from org 100h's start
            if len(offs) == 2:
                return offs
    sys.exit("trapprof: row %r has no markers (was it built with -DTRAPPROF?)" % row)


class Symbols:
    def __init__(self, elf):
        out = subprocess.run(["nm", "-n", elf], capture_output=True, text=True, check=True).stdout
        self.syms = [(int(a, 16), n) for a, t, n in (l.split() for l in out.splitlines() if len(l.split()) == 3)
                     if t in "tTwW"]
        self.addrs = [a for a, _ in self.syms]

    def name(self, pc):
        if pc < KERNEL_BASE:
            return "V86"
        i = bisect.bisect_right(self.addrs, pc) - 1
        return self.syms[i][1] if i >= 0 else "?"


def profile(log, syms, start_ip, end_ip, episode_kind, episodes=3):
    """Per trap kind [count, instructions], per (kind, function) and per
    function instruction counts between the markers; the first episodes of
    episode_kind block by block."""
    blocks = {}                         # host TB address -> guest instruction addresses
    v86_text = {}                       # V86 linear address -> disassembly
    kinds = collections.OrderedDict()
    per_fn = collections.Counter()
    per_kind_fn = collections.defaultdict(collections.Counter)
    eps, cur_ep = [], None
    pending, cur = False, []
    inside, skip, kind = False, False, None
    with open(log, errors="replace") as f:
        for line in f:
            if line.startswith("IN:"):
                pending, cur = True, []
                continue
            if pending and line.startswith("0x"):
                addr = int(line.split(":")[0], 16)
                cur.append(addr)
                if addr < KERNEL_BASE:      # "0x...:  fa   cli": the bytes, then the instruction
                    text = re.sub(r"^\s*([0-9a-f]{2} )+\s*", "", line.split(":", 1)[1] + " ")
                    v86_text[addr] = " ".join(text.split())
                continue
            m = TRACE_RE.match(line)
            if m:
                if pending:
                    blocks[m.group(1)] = cur
                    pending = False
                if not inside:
                    continue
                ins = blocks.get(m.group(1), [])
                if not ins:
                    continue
                fn = syms.name(ins[0])
                if skip and fn != "V86":
                    continue                # the start marker's own trap
                skip = False
                per_fn[fn] += len(ins)
                if fn == "V86":
                    kind = None
                elif kind:
                    kinds[kind][1] += len(ins)
                    per_kind_fn[kind][fn] += len(ins)
                    if cur_ep is not None:
                        cur_ep.append((fn, len(ins), ins[0]))
                continue
            m = INT_RE.search(line)
            if not m:
                continue
            vec, cpl, ip, pc = m.group(1), m.group(2), int(m.group(4), 16), int(m.group(5), 16)
            if vec == "0d" and cpl == "3" and ip == start_ip and not inside:
                inside = skip = True
                continue
            if vec == "0d" and cpl == "3" and ip == end_ip and inside:
                break
            if not inside or cpl != "3":
                continue
            kind = vec
            if vec == "0d":                 # the instruction that trapped, as QEMU disassembled it
                kind = "0d " + v86_text.get(pc, "?")
            kinds.setdefault(kind, [0, 0])[0] += 1
            if cur_ep:
                eps.append(cur_ep)
            cur_ep = [] if kind == episode_kind and len(eps) < episodes else None
    if cur_ep:
        eps.append(cur_ep)
    if not inside:
        sys.exit("trapprof: the row's first marker is not in the log")
    return kinds, per_kind_fn, per_fn, eps


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--row", required=True, help="a DOSBENCH row: loop, cli_sti, ..., read32k")
    ap.add_argument("--kernel", default=os.path.join(ROOT, "build", "vmm386.elf"))
    ap.add_argument("--xms", help="XMS.SYS to load first in CONFIG.SYS (as make bench does)")
    ap.add_argument("--cmdline", default="", help="more vmm386 options, e.g. iopl=3")
    ap.add_argument("--qemu", default="qemu-system-i386")
    ap.add_argument("--build", default=os.path.join(ROOT, "build", "trapprof"))
    ap.add_argument("--episode", help="print the path of the first traps of this kind")
    ap.add_argument("--functions", type=int, default=40, help="functions listed")
    ap.add_argument("--keep-log", action="store_true", help="keep the (large) QEMU log")
    a = ap.parse_args()

    image = dosbench.find_image(ROOT)
    if not image:
        sys.exit("trapprof: no FreeDOS image (../shared/dos/freedos.img or $VMM386_DOS_IMAGE)")
    os.makedirs(a.build, exist_ok=True)
    com, lst = os.path.join(a.build, "DOSBENCH.COM"), os.path.join(a.build, "dosbench.lst")
    subprocess.run(["nasm", "-f", "bin", "-DTRAPPROF", "-l", lst, "-o", com,
                    os.path.join(ROOT, "tests", "bench", "dosbench.asm")], check=True, cwd=ROOT)
    start_ip, end_ip = markers(lst, a.row)
    disk, log = os.path.join(a.build, "floppy.img"), os.path.join(a.build, "qemu.log")
    dosbench.make_disk(image, com, disk, xms=a.xms)
    cmd = [a.qemu, "-display", "none", "-no-reboot", "-m", "32", "-icount", "shift=0",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
           "-drive", "file=%s,if=floppy,format=raw,snapshot=on" % disk,
           "-kernel", a.kernel, "-append", ("boot=fd0 exit=qemu " + a.cmdline).strip(),
           "-serial", "file:" + os.path.join(a.build, "serial.log"),
           "-d", "int,exec,nochain,in_asm", "-D", log]
    print("$ " + " ".join(cmd), flush=True)
    try:
        subprocess.run(cmd, timeout=600, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    except subprocess.TimeoutExpired:
        sys.exit("trapprof: QEMU did not finish in 600 s")
    try:
        kinds, per_kind_fn, per_fn, eps = profile(log, Symbols(a.kernel), start_ip, end_ip, a.episode)
    finally:
        if not a.keep_log and os.path.exists(log):
            os.remove(log)

    ring0 = sum(n for k, n in per_fn.items() if k != "V86")
    print("row %s: %d instructions, V86 %d, monitor %d" % (a.row, ring0 + per_fn["V86"], per_fn["V86"], ring0))
    print("\n| trap | count | monitor instructions | per trap | most of it |")
    print("|---|---:|---:|---:|---|")
    for k, (n, ins) in sorted(kinds.items(), key=lambda kv: -kv[1][1]):
        top = ", ".join("%s %.0f" % (f, c / n) for f, c in per_kind_fn[k].most_common(4))
        print("| %s | %d | %d | %.0f | %s |" % (k, n, ins, ins / max(1, n), top))
    print("\nper function:")
    for f, n in per_fn.most_common(a.functions):
        print("  %8d  %s" % (n, f))
    for ep in eps:
        print("\nepisode %s: %d instructions" % (a.episode, sum(n for _, n, _ in ep)))
        for f, n, pc in ep:
            print("  %-32s %3d  %08x" % (f, n, pc))


if __name__ == "__main__":
    main()
