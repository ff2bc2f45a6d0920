#!/usr/bin/python3
"""vmm386's differential fuzzer: random real-mode blocks run bare and inside
vmm386, in the same emulator, and the machine state after every block must
be the same.  See docs/fuzzing.md.

    fuzz.py [--seeds A-B] [--emu qemu|bochs] [--instructions N] [--no-int60]
            [--minimize] [--keep DIR] [--kernel ELF]
    fuzz.py --show SEED:INDEX          # one block: source, disassembly, both states
    fuzz.py --count SEEDS              # how many instructions the seeds hold

Each seed is one boot floppy (tools/fuzz/runner.asm, then as many blocks as
fit, or --blocks); block i of seed s depends only on (s, i) (gen.py).  Each
floppy is booted bare and under vmm386; the runner prints a hash of the
state after each block.  On the first block whose hashes differ, the block
is run alone in full-state mode on both sides, the two states are printed
with the block's source and disassembly, and with --minimize the block is
shrunk to the fewest units that still diverge.
Exit status: 0 no divergence, 1 divergence or a failed run.
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
import gen  # noqa: E402

BUILD = Path(os.environ.get("VMM386_BUILD", ROOT / "build"))
QEMU = os.environ.get("QEMU") or "qemu-system-i386"
BOCHS = os.environ.get("BOCHS", "bochs")
NASM = os.environ.get("NASM", "nasm")
FLOPPY = 1474560
RUNNER_SECTORS = 16
STREAM_LBA = 36                 # cylinder 1: the runner reads whole tracks
CHUNK = 72 * 512


# ---------------------------------------------------------------- images

def runner_bin(out):
    path = out / "runner.bin"
    src = HERE / "runner.asm"
    if not path.exists() or path.stat().st_mtime < src.stat().st_mtime:
        subprocess.run([NASM, "-f", "bin", "-o", str(path), str(src)], check=True)
    data = path.read_bytes()
    assert len(data) == 512 * (1 + RUNNER_SECTORS), len(data)
    return data


def assemble(blocks, out, name, units=None):
    """Assemble blocks -> list of code bytes, one per block."""
    src = ["bits 16", "cpu 686"]
    for k, b in enumerate(blocks):
        src.append(b.source("b%d" % k, units if units is not None else None))
    src.append("table:")
    for k in range(len(blocks)):
        src.append("dd b%d_end - b%d" % (k, k))
    asm = out / (name + ".asm")
    asm.write_text("\n".join(src) + "\n")
    binp = out / (name + ".bin")
    p = subprocess.run([NASM, "-f", "bin", "-O1", "-o", str(binp), str(asm)],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    if p.returncode:
        raise RuntimeError("nasm failed on %s:\n%s" % (asm, p.stdout[-3000:]))
    data = binp.read_bytes()
    n = len(blocks)
    lens = struct.unpack("<%dI" % n, data[len(data) - 4 * n:])
    codes, off = [], 0
    for ln in lens:
        codes.append(data[off:off + ln])
        off += ln
    return codes


def record(b, code):
    r = b.regs
    hdr = struct.pack("<9I5HH", r["eax"], r["ebx"], r["ecx"], r["edx"], r["esi"], r["edi"],
                      r["ebp"], r["esp"], r["eflags"], r["ds"], r["es"], r["fs"], r["gs"], r["ss"],
                      len(code))
    body = hdr + code
    return struct.pack("<H", len(body) + 2) + body


def build_image(path, blocks, codes, seed, first, mode, out):
    """The floppy: loader + runner, then the records in 32 KB chunks."""
    img = bytearray(runner_bin(out)).ljust(STREAM_LBA * 512, b"\0")
    hdr = 512 + 8
    struct.pack_into("<HHII", img, hdr, mode, STREAM_LBA, seed & 0xFFFFFFFF, first)
    stream = bytearray()
    chunk = bytearray()
    for b, c in zip(blocks, codes):
        rec = record(b, c)
        if len(chunk) + len(rec) + 2 > CHUNK:
            chunk += b"\0\0"
            stream += chunk.ljust(CHUNK, b"\0")
            chunk = bytearray()
        chunk += rec
    chunk += b"\xff\xff"
    stream += chunk.ljust(CHUNK, b"\0")
    img += stream
    if len(img) > FLOPPY:
        raise ValueError("too many blocks for one floppy")
    img = img.ljust(FLOPPY, b"\0")
    Path(path).write_bytes(bytes(img))


def blocks_for_seed(seed, opts, max_blocks=None, budget=FLOPPY - STREAM_LBA * 512 - CHUNK):
    """The blocks of one seed: as many as fit on the floppy (estimated from
    the source size; the real size is checked when the image is built)."""
    blocks = []
    used = 0
    i = 0
    while True:
        if max_blocks is not None and i >= max_blocks:
            break
        b = gen.gen_block(seed, i, opts)
        est = 50 + 7 * sum(len(u) for u in b.units) + 8
        if used + est > budget:
            break
        used += est
        blocks.append(b)
        i += 1
    return blocks


# ---------------------------------------------------------------- runs

class Run:
    def __init__(self, lines, status, log, elapsed, timed_out):
        self.lines, self.status, self.log = lines, status, log
        self.elapsed, self.timed_out = elapsed, timed_out


def _popen_wait(args, timeout, cwd):
    start = time.monotonic()
    p = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, cwd=cwd, start_new_session=True)
    try:
        out, _ = p.communicate(timeout=timeout)
        to = False
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, _ = p.communicate()
        to = True
    return p.returncode, out.decode("latin-1"), time.monotonic() - start, to


def run_qemu(img, vmm, kernel, timeout):
    tmp = Path(tempfile.mkdtemp(prefix="vmm386-fuzz-"))
    try:
        disk = tmp / "disk.img"
        shutil.copyfile(img, disk)
        args = [QEMU, "-display", "none", "-no-reboot", "-m", "32",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
                "-serial", "file:%s" % (tmp / "serial.log"),
                "-debugcon", "file:%s" % (tmp / "e9.log")]
        if vmm:
            args += ["-kernel", str(kernel), "-append", "boot=module exit=qemu", "-initrd", str(disk)]
        else:
            args += ["-drive", "file=%s,if=floppy,format=raw" % disk, "-boot", "a"]
        rc, out, el, to = _popen_wait(args, timeout, str(ROOT))
        serial = _read(tmp / "serial.log")
        e9 = _read(tmp / "e9.log")
        if vmm:
            lines = [l[5:] for l in serial.splitlines()
                     if l.startswith("VM1: ") and not re.fullmatch(r"VM1: exit 0x[0-9A-F]{2}", l)]
            log = serial
        else:
            lines = e9.splitlines()
            log = e9[-2000:]
        return Run(lines, rc, "$ %s\nstatus %s\n%s\n%s" % (" ".join(args), rc, log[-4000:], out[-1000:]),
                   el, to)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


BOCHSRC = """megs: 32
cpu: model=pentium, count=1, ips=50000000, reset_on_triple_fault=0
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/vgabios/vgabios.bin
display_library: term
{drives}
floppya: type=1_44, 1_44={floppy}, status=inserted
boot: {boot}
floppy_bootsig_check: disabled=0
com1: enabled=1, mode=file, dev={serial}
port_e9_hack: enabled=1
clock: sync=none, time0=946684800
sound: driver=dummy
speaker: enabled=0
mouse: enabled=0
log: {log}
panic: action=fatal
error: action=report
info: action=report
debug: action=ignore
"""


def run_bochs(img, vmm, iso, timeout, cmdline=""):
    """Bare Bochs boots the floppy; vmm386 boots from the test ISO
    (boot=fd0 exit=qemu).  The runner's lines: port E9h on Bochs' stdout
    bare, COM1 under vmm386."""
    tmp = Path(tempfile.mkdtemp(prefix="vmm386-fuzzb-"))
    try:
        disk = tmp / "disk.img"
        shutil.copyfile(img, disk)
        drives = ""
        boot = "floppy"
        if vmm:
            drives = ("ata0: enabled=1, ioaddr1=0x1f0, ioaddr2=0x3f0, irq=14\n"
                      "ata0-master: type=cdrom, path=%s, status=inserted" % iso)
            boot = "cdrom"
        (tmp / "bochsrc").write_text(BOCHSRC.format(drives=drives, floppy=disk, boot=boot,
                                                    serial=tmp / "serial.log", log=tmp / "bochs.log"))
        (tmp / "cont.rc").write_text("c\n")
        env = dict(os.environ)
        if not env.get("TERM") or env["TERM"] == "unknown":
            env["TERM"] = "dumb"
        args = [BOCHS, "-q", "-f", str(tmp / "bochsrc"), "-rc", str(tmp / "cont.rc")]
        start = time.monotonic()
        with open(tmp / "stdout.txt", "wb") as o:
            p = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=o, stderr=subprocess.STDOUT,
                                 cwd=str(tmp), env=env, start_new_session=True)
            to = False
            try:
                p.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                to = True
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
        el = time.monotonic() - start
        serial = _read(tmp / "serial.log")
        if vmm:
            lines = [l[5:] for l in serial.splitlines()
                     if l.startswith("VM1: ") and not re.fullmatch(r"VM1: exit 0x[0-9A-F]{2}", l)]
        else:
            # the E9 bytes are on Bochs' stdout among the term display's output
            raw = _read(tmp / "stdout.txt")
            if os.environ.get("FUZZ_KEEP"):
                shutil.copyfile(tmp / "stdout.txt", os.environ["FUZZ_KEEP"])
            lines = [l.rstrip("\r") for l in raw.split("\n")]
            serial = raw[-3000:]
        return Run(lines, p.returncode, "$ %s\n%s\n%s" % (" ".join(args), serial[-4000:],
                                                          _read(tmp / "bochs.log")[-3000:]), el, to)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _read(p):
    try:
        return Path(p).read_bytes().decode("latin-1")
    except FileNotFoundError:
        return ""


class Oracle:
    def __init__(self, emu, kernel, iso, timeout):
        self.emu, self.kernel, self.timeout = emu, kernel, timeout
        self.iso = str(Path(iso).resolve()) if iso else iso

    def run(self, img, vmm):
        if self.emu == "qemu":
            return run_qemu(img, vmm, self.kernel, self.timeout)
        return run_bochs(img, vmm, self.iso, self.timeout)

    def both(self, img):
        with concurrent.futures.ThreadPoolExecutor(2) as ex:
            fb = ex.submit(self.run, img, False)
            fv = ex.submit(self.run, img, True)
            return fb.result(), fv.result()


def body(run):
    """The runner's lines from `FUZZ start` up to and including `FUZZ done`."""
    ls = run.lines
    try:
        s = next(i for i, l in enumerate(ls) if l.startswith("FUZZ start"))
    except StopIteration:
        return None, False
    out = []
    done = False
    for l in ls[s + 1:]:
        if l.startswith("FUZZ done"):
            done = True
            break
        out.append(l)
    return out, done


# ---------------------------------------------------------------- single blocks

def disasm(code):
    p = subprocess.run(["ndisasm", "-b16", "-"], input=code, stdout=subprocess.PIPE)
    return p.stdout.decode()


def single(oracle, block, out, units=None, tag="one"):
    """Run one block alone in full-state mode; returns (bare lines, vmm lines, code)."""
    code = assemble([block], out, tag, units=units)[0]
    img = out / (tag + ".img")
    build_image(img, [block], [code], block.seed, block.index, 1, out)
    b, v = oracle.both(img)
    bl, bd = body(b)
    vl, vd = body(v)
    return (bl if bd else None), (vl if vd else None), code, b, v


def minimize(oracle, block, out):
    """Drop units one at a time while the block still diverges (and still
    runs to the end on both sides)."""
    units = list(block.units)
    changed = True
    while changed:
        changed = False
        i = 0
        while i < len(units):
            trial = units[:i] + units[i + 1:]
            try:
                bl, vl, _, _, _ = single(oracle, block, out, trial, "min")
            except RuntimeError:
                i += 1
                continue
            sane = bl is not None and not any(" 1000:" in l for l in bl + (vl or []))
            if sane and vl is not None and bl != vl:
                units = trial
                changed = True
            else:
                i += 1
    return units


def show_block(oracle, block, out, units=None, tag="one"):
    bl, vl, code, b, v = single(oracle, block, out, units, tag)
    print("---- block %d:%d (%d units, %d bytes) ----" % (block.seed, block.index,
                                                          len(units if units is not None else block.units),
                                                          len(code)))
    print("initial: " + " ".join("%s=%x" % kv for kv in block.regs.items()))
    print(block.source("blk", units))
    print("---- disassembly (runs at 2000:0000) ----")
    print(disasm(code).rstrip())
    print("---- state: bare ----")
    print("\n".join(bl) if bl is not None else "(no complete run)\n" + b.log)
    print("---- state: vmm386 ----")
    print("\n".join(vl) if vl is not None else "(no complete run)\n" + v.log)
    return bl, vl


# ---------------------------------------------------------------- main

def parse_seeds(s):
    out = []
    for part in s.split(","):
        if "-" in part:
            a, b = part.split("-")
            out += list(range(int(a), int(b) + 1))
        else:
            out.append(int(part))
    return out


def compare_seed(oracle, seed, opts, out, max_blocks=None):
    """Build seed's floppy, run it bare and under vmm386.  Returns a dict:
    blocks, insns, divergent (block indices whose states differ), problem
    (a run that did not finish, or printed too few states), times."""
    blocks = blocks_for_seed(seed, opts, max_blocks)
    while True:
        codes = assemble(blocks, out, "seed%d" % seed)
        img = out / ("seed%d.img" % seed)
        try:
            build_image(img, blocks, codes, seed, 0, 0, out)
            break
        except ValueError:
            blocks = blocks[:len(blocks) * 9 // 10]
    b, v = oracle.both(img)
    bl, bd = body(b)
    vl, vd = body(v)
    res = {"seed": seed, "blocks": blocks, "insns": sum(x.ninsns for x in blocks),
           "divergent": [], "problem": None, "bare_s": b.elapsed, "vmm_s": v.elapsed}
    problems = []
    for name, lines, done, run in (("bare", bl, bd, b), ("vmm386", vl, vd, v)):
        if lines is None or not done:
            problems.append("%s run did not finish (%d states)\n%s" % (
                name, len(lines or []), run.log))
        elif len(lines) != len(blocks):
            problems.append("%s run printed %d states for %d blocks" % (name, len(lines), len(blocks)))
    bl, vl = bl or [], vl or []
    res["divergent"] = [i for i in range(min(len(bl), len(vl))) if bl[i] != vl[i]]
    if len(bl) != len(vl):
        res["divergent"].append(min(len(bl), len(vl)))
    res["problem"] = "\n".join(problems) or None
    if not res["problem"] and not res["divergent"]:
        for ext in (".asm", ".bin", ".img"):     # a clean seed is remade from its number
            (out / ("seed%d%s" % (seed, ext))).unlink()
    return res


def is_int60(block, units=None):
    """Does the block call INT 60h AH=01h/02h (the INT60 sample's functions)?"""
    return any("int 0x60" in l for u in (units if units is not None else block.units) for l in u)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", default="1-5")
    ap.add_argument("--emu", choices=["qemu", "bochs"], default="qemu")
    ap.add_argument("--blocks", type=int, help="blocks per seed (default: a full floppy)")
    ap.add_argument("--no-int60", action="store_true",
                    help="leave out INT 60h AH=01h/02h (answered by the INT60 sample VxD)")
    ap.add_argument("--cx8", action="store_true", help="generate CMPXCHG8B too")
    ap.add_argument("--minimize", action="store_true")
    ap.add_argument("--show", help="SEED:INDEX: run one block alone and print both states")
    ap.add_argument("--count", action="store_true", help="only count the seeds' instructions")
    ap.add_argument("--kernel", default=str(BUILD / "vmm386.elf"))
    ap.add_argument("--iso", default=str(BUILD / "vmm386-test.iso"))
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--out", default=str(BUILD / "fuzz"))
    a = ap.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    opts = gen.Opts(int60=not a.no_int60, iopl=(a.emu == "qemu"), cx8=a.cx8,
                    retf_guard=(a.emu == "qemu"), ac=(a.emu == "qemu"))
    oracle = Oracle(a.emu, a.kernel, a.iso, a.timeout)

    if a.show:
        s, i = (int(x) for x in a.show.split(":"))
        blk = gen.gen_block(s, i, opts)
        bl, vl = show_block(oracle, blk, out)
        if a.minimize and bl != vl:
            units = minimize(oracle, blk, out)
            print("==== minimized ====")
            show_block(oracle, blk, out, units, "min")
        return 0 if bl == vl and bl is not None else 1

    seeds = parse_seeds(a.seeds)
    if a.count:
        tot = 0
        for s in seeds:
            bs = blocks_for_seed(s, opts, a.blocks)
            n = sum(b.ninsns for b in bs)
            tot += n
            print("seed %d: %d blocks, %d instructions" % (s, len(bs), n))
        print("total %d instructions" % tot)
        return 0

    total_i = total_b = 0
    bad = known = 0
    t0 = time.monotonic()
    for s in seeds:
        r = compare_seed(oracle, s, opts, out, a.blocks)
        total_i += r["insns"]
        total_b += len(r["blocks"])
        div = r["divergent"]
        d60 = [i for i in div if i < len(r["blocks"]) and is_int60(r["blocks"][i])]
        other = [i for i in div if i not in d60]
        status = "ok" if not div else "%d divergent blocks (%d with INT 60h AH=01h/02h)" % (
            len(div), len(d60))
        if r["problem"]:
            status += ", PROBLEM"
        print("seed %d: %d blocks, %d instructions, bare %.1f s, vmm386 %.1f s: %s" % (
            s, len(r["blocks"]), r["insns"], r["bare_s"], r["vmm_s"], status), flush=True)
        if r["problem"]:
            pr = r["problem"]
            print(pr if len(pr) < 5000 else pr[:1500] + "\n[...]\n" + pr[-3000:])
            bad += 1
        known += len(d60)
        bad += len(other)
        shown = other[:1] or d60[:1]
        for i in shown:
            if i >= len(r["blocks"]):
                continue
            print("divergent blocks: %s%s" % (" ".join(map(str, div[:20])), " ..." if len(div) > 20 else ""))
            blk = r["blocks"][i]
            bl, vl = show_block(oracle, blk, out)
            if a.minimize and bl is not None and vl is not None and bl != vl:
                units = minimize(oracle, blk, out)
                print("==== minimized: %d of %d units ====" % (len(units), len(blk.units)))
                show_block(oracle, blk, out, units, "min")
            print("reproduce: tools/fuzz/fuzz.py --emu %s --show %d:%d%s --minimize" % (
                a.emu, s, i, " --no-int60" if a.no_int60 else ""))
    print("fuzz (%s): seeds %s, %d blocks, %d instructions, %d divergent blocks or problems, "
          "%d divergent blocks with INT 60h AH=01h/02h, %.0f s"
          % (a.emu, a.seeds, total_b, total_i, bad, known, time.monotonic() - t0))
    return 1 if bad or known else 0


if __name__ == "__main__":
    sys.exit(main())
