#!/usr/bin/python3
"""Issue 10's real-DOS rows: DOSBENCH.COM (tests/bench/dosbench.asm) under
FreeDOS, bare QEMU against vmm386 (IOPL 0, and iopl=3), all under -icount
shift=0 (the TSC counts guest instructions).  The FreeDOS floppy
(../shared/dos/freedos.img or $VMM386_DOS_IMAGE) is copied to build/ and
given DOSBENCH.COM, a 32 KB DATA.BIN and an AUTOEXEC.BAT that runs it; the
original is never written.  Without the image: a line saying so, no rows.
Appends its table to the bench output file."""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROWS = [
    ("cli_sti", "CLI + STI"),
    ("pushf_popf", "PUSHF + POPF"),
    ("int16_01", "INT 16h AH=01h (keyboard status)"),
    ("int10_0e_twice", "INT 10h AH=0Eh, twice"),
    ("int21_30", "INT 21h AH=30h (DOS version)"),
    ("int15_87_4k", "INT 15h AH=87h, 4 KB block move"),
    ("read32k", "read 32 KB of a file through INT 21h (seek + read)"),
]


def find_image(root):
    for p in (os.environ.get("VMM386_DOS_IMAGE"), os.path.join(root, "..", "shared", "dos", "freedos.img")):
        if p and os.path.exists(p):
            return p
    return None


def make_disk(src, com, out):
    shutil.copyfile(src, out)
    os.chmod(out, 0o644)
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "DATA.BIN")
        with open(data, "wb") as f:
            f.write(bytes((i * 7) & 255 for i in range(32768)))
        auto = os.path.join(tmp, "AUTOEXEC.BAT")
        with open(auto, "wb") as f:
            f.write(b"@ECHO OFF\r\nDOSBENCH\r\n")
        for path, name in ((com, "DOSBENCH.COM"), (data, "DATA.BIN"), (auto, "AUTOEXEC.BAT")):
            subprocess.run(["mcopy", "-o", "-i", out, path, "::" + name], check=True)


def run(qemu, disk, kernel, cmdline, timeout):
    with tempfile.TemporaryDirectory(prefix="vmm386-dosbench-") as tmp:
        log = os.path.join(tmp, "out.log")
        cmd = [qemu, "-display", "none", "-no-reboot", "-m", "32", "-icount", "shift=0",
               "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
               "-drive", "file=%s,if=floppy,format=raw,snapshot=on" % disk]
        if kernel:
            cmd += ["-kernel", kernel, "-append", ("boot=fd0 exit=qemu " + cmdline).strip(),
                    "-serial", "file:" + log]
        else:
            cmd += ["-boot", "a", "-debugcon", "file:" + log]
        print("$ " + " ".join(cmd), flush=True)
        try:
            subprocess.run(cmd, timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        except subprocess.TimeoutExpired:
            pass
        text = open(log, errors="replace").read() if os.path.exists(log) else ""
    if "DOSBENCH done" not in text:
        sys.exit("dosbench run failed (%s)\n%s" % ("vmm386 " + cmdline if kernel else "bare", text[-3000:]))
    out = {}
    for row, n, hi, lo in re.findall(r"DOSBENCH (\w+) ([0-9A-F]{4}) ([0-9A-F]{8}) ([0-9A-F]{8})", text):
        out[row] = (int(hi, 16) << 32 | int(lo, 16)) / int(n, 16)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--com", required=True)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--qemu", default="qemu-system-i386")
    ap.add_argument("--build", default="build")
    ap.add_argument("--out", required=True)
    ap.add_argument("--timeout", type=int, default=300)
    args = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    img = find_image(root)
    if not img:
        text = "real-DOS rows: skipped (no FreeDOS image: ../shared/dos/freedos.img or $VMM386_DOS_IMAGE)\n"
    else:
        disk = os.path.join(args.build, "dosbench", "freedos.img")
        os.makedirs(os.path.dirname(disk), exist_ok=True)
        make_disk(img, args.com, disk)
        bare = run(args.qemu, disk, None, "", args.timeout)
        vmm = run(args.qemu, disk, args.kernel, "", args.timeout)
        vmm3 = run(args.qemu, disk, args.kernel, "iopl=3", args.timeout)
        lines = ["real-DOS rows: DOSBENCH.COM under FreeDOS, guest instructions per operation under",
                 "-icount shift=0 (empty loop subtracted); vmm386 at IOPL 0 without VME, and iopl=3.", "",
                 "| one operation | bare | vmm386 | x bare | vmm386 iopl=3 | x bare |",
                 "|---|---:|---:|---:|---:|---:|"]
        for key, label in ROWS:
            if key not in bare or key not in vmm or key not in vmm3:
                lines.append("| %s | - | - | - | - | - |" % label)
                continue
            b = bare[key] - bare["loop"]
            v = vmm[key] - vmm["loop"]
            v3 = vmm3[key] - vmm3["loop"]
            lines.append("| %s | %.0f | %.0f | %.2f | %.0f | %.2f |" % (label, b, v, v / b, v3, v3 / b))
        lines.append("| XMS move (function 0Bh), 4 KB | - | - | - | - | - |")
        lines.append("")
        lines.append("(no XMS row: the FreeDOS floppy has no HIMEM)")
        text = "\n".join(lines) + "\n"
    with open(args.out, "a") as f:
        f.write("\n" + text)
    print()
    print(text, end="")


if __name__ == "__main__":
    main()
