#!/usr/bin/python3
"""Runs the benchmark guest twice under QEMU and prints the table.

Run 1 times with the TSC (QEMU's TCG derives it from the host clock: noisy,
so every row is the median of five runs of 100,000 iterations).  Run 2 adds
`-icount shift=0`: the TSC then advances one per guest instruction, which
makes the counts exact and repeatable.  Every row is reported per iteration,
after subtracting the empty loop, and as a ratio to the floor (a #UD round
trip V86 -> ring 0 -> V86 that only saves and restores Client_Reg_Struc).
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile

N = 100000
ROWS = [
    # (key, label, loop row it is measured against)
    ("floor", "floor: #UD round trip, full Client_Reg_Struc save/restore", "loop"),
    ("cli_sti", "CLI + STI (two traps)", "loop"),
    ("pushf_popf", "PUSHF + POPF (two traps)", "loop"),
    ("pushfd_popfd", "PUSHFD + POPFD (two traps)", "loop"),
    ("in_pic", "IN AL, 21h: the virtual PIC's mask", "loop"),
    ("out_pic", "OUT 21h, AL: the virtual PIC's mask", "loop"),
    ("in_pit", "IN AL, 40h: the virtual PIT's count", "loop"),
    ("bp_1", "V86 breakpoint dispatch (ARPL), 1 installed", "loop"),
    ("bp_100", "V86 breakpoint dispatch (ARPL), 100 installed", "loop"),
    ("bp_10000", "V86 breakpoint dispatch (ARPL), 10,000 installed", "loop"),
    ("bp_int3", "V86 breakpoint dispatch (INT3 variant)", "loop"),
    ("v86_callback", "V86 callback (CALL FAR, Simulate_Far_Ret)", "loop"),
    ("int10_reflect", "INT 10h reflected to the IVT, empty hook chain (INT + IRET)", "loop"),
    ("vmmcall_dynalink", "VMMcall before the patch (INT 20h dynalink each time)", "ring0_loop"),
    ("vmmcall_patched", "VMMcall after the patch (call [slot])", "ring0_loop"),
    ("event_call", "event delivery: Schedule_VM_Event + delivery on the way back to the VM", "api_call"),
    ("prio_event", "priority event delivery: Call_Priority_VM_Event (current VM, PEF_Always_Sched) + delivery",
     "api_call"),
]
NOT_YET = []
EIGHT_VM_ROWS = [
    ("bp_1", "V86 breakpoint dispatch (ARPL), 1 installed, 8 VMs"),
    ("event_call", "event delivery, 8 VMs"),
]


def run(args, icount, cmdline="", others=()):
    with tempfile.TemporaryDirectory(prefix="vmm386-bench-") as tmp:
        serial = os.path.join(tmp, "serial.log")
        cmd = [args.qemu, "-kernel", args.kernel, "-append", ("boot=module exit=qemu bench " + cmdline).strip(),
               "-initrd", ",".join([args.image] + list(others)), "-display", "none", "-no-reboot", "-m", "32" if not others else "160",
               "-device", "isa-debug-exit,iobase=0xf4,iosize=4", "-serial", "file:" + serial]
        if icount:
            cmd += ["-icount", "shift=0"]
        print("$ " + " ".join(cmd), flush=True)
        try:
            p = subprocess.run(cmd, timeout=args.timeout, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
            status = p.returncode
        except subprocess.TimeoutExpired:
            status = None
        log = open(serial, errors="replace").read() if os.path.exists(serial) else ""
    if status != 1 or "BENCH done" not in log or re.search(r"^VM1: FAIL", log, re.M):
        sys.exit("bench run failed (exit status %r)\n%s" % (status, log))
    samples = {}
    for row, runno, hi, lo in re.findall(r"BENCH (\w+) (\d) ([0-9A-F]{8}) ([0-9A-F]{8})", log):
        samples.setdefault(row, []).append(int(hi, 16) << 32 | int(lo, 16))
    return samples


def medians(samples):
    """Median of the runs of every row, per iteration."""
    return {row: statistics.median(v) / N for row, v in samples.items() if row != "boot"}


def per_iteration(samples, body=0):
    """Median of the runs, per iteration, minus its empty loop.  The V86
    "loop" row runs one NOP per iteration: body = 1 gives that instruction
    back when counting instructions (a bare CLI+STI then reads 2)."""
    med = medians(samples)
    out = {}
    for key, _, base in ROWS:
        if key in med:
            out[key] = med[key] - med.get(base, 0.0) + (body if base == "loop" else 0)
    return out


def table(cyc, ins, ins3, boot):
    lines = ["| operation | cycles | x floor | instructions | x floor | instructions, iopl=3 |",
             "|---|---:|---:|---:|---:|---:|"]
    for key, label, _ in ROWS:
        c, i, i3 = cyc.get(key), ins.get(key), ins3.get(key)
        lines.append("| %s | %.0f | %.2f | %.0f | %.2f | %.0f |" % (
            label, c, c / cyc["floor"], i, i / ins["floor"], i3))
    for label in NOT_YET:
        lines.append("| %s | - | - | - | - | - |" % label)
    lines.append("| boot to the guest program's first instruction | %d | | %d | | |" % boot)
    return lines


def vm_rows(cyc, ins, sw_c, sw_i, cyc8, ins8):
    """The several-VM rows: a task switch (a ping is two, with two API calls
    around them), and rows measured again with 8 VMs (7 idle)."""
    lines = []
    lines.append("| task switch between two VMs (semaphore ping-pong, per switch) | %.0f | %.2f | %.0f | %.2f | |"
                 % (sw_c, sw_c / cyc["floor"], sw_i, sw_i / ins["floor"]))
    for key, label in EIGHT_VM_ROWS:
        lines.append("| %s | %.0f | %.2f | %.0f | %.2f | |"
                     % (label, cyc8[key], cyc8[key] / cyc["floor"], ins8[key], ins8[key] / ins["floor"]))
    return lines


def thread_row(tsc, icnt, cyc, ins):
    """A thread switch within one VM: a ping (BENCHVXD AH=0Ch) is two
    switches and two API calls, as the task-switch row between VMs."""
    c, i = [((m["thread_switch"] - m["loop"]) - 2 * (m["api_call"] - m["loop"])) / 2
            for m in (medians(tsc), medians(icnt))]
    return ["| thread switch within a VM (semaphore ping-pong, per switch) | %.0f | %.2f | %.0f | %.2f | |"
            % (c, c / cyc["floor"], i, i / ins["floor"])]


def vm_verdicts(ins, ins8):
    out = []
    for key, label in EIGHT_VM_ROWS:
        g = (ins8[key] - ins[key]) / ins[key] * 100
        out.append("%s against 1 VM (instructions): %+.1f%% (want <= 5%%): %s"
                   % (label, g, "ok" if g <= 5 else "NOT MET"))
    return out


def verdicts(cyc, ins):
    out = []
    r = cyc["bp_1"] / cyc["floor"]
    out.append("breakpoint dispatch / floor (cycles): %.2f (want <= 1.5): %s"
               % (r, "ok" if r <= 1.5 else "NOT MET"))
    for key, what, limit in (("bp_1", "breakpoint dispatch", 1.5), ("v86_callback", "V86 callback", 1.7)):
        r = ins[key] / ins["floor"]
        out.append("%s / floor (instructions): %.2f (want <= %.1f): %s"
                   % (what, r, limit, "ok" if r <= limit else "NOT MET"))
    for key, what, limit in (("cli_sti", "CLI + STI", 80), ("pushf_popf", "PUSHF + POPF", 80),
                             ("int10_reflect", "INT n + IRET to a bare handler", 120)):
        out.append("%s (instructions): %.0f (want <= %d): %s"
                   % (what, ins[key], limit, "ok" if ins[key] <= limit else "NOT MET"))
    r = ins["prio_event"] / ins["event_call"]
    out.append("priority event delivery / event delivery (instructions): %.2f (want <= 1.2): %s"
               % (r, "ok" if r <= 1.2 else "NOT MET"))
    for name, m in (("cycles", cyc), ("instructions", ins)):
        lo, hi = min(m["bp_1"], m["bp_100"], m["bp_10000"]), max(m["bp_1"], m["bp_100"], m["bp_10000"])
        spread = (hi - lo) / lo * 100
        out.append("breakpoint dispatch 1 / 100 / 10,000 installed (%s): spread %.1f%% (want <= 5%%): %s"
                   % (name, spread, "ok" if spread <= 5 else "NOT MET"))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--image", required=True)
    ap.add_argument("--partner", required=True, help="the ping-pong partner VM's image")
    ap.add_argument("--idle", required=True, help="an idle VM's image (7 of them for the 8-VM rows)")
    ap.add_argument("--qemu", default="qemu-system-i386")
    ap.add_argument("--out", required=True)
    ap.add_argument("--timeout", type=int, default=600)
    args = ap.parse_args()
    tsc = run(args, icount=False)
    icnt = run(args, icount=True)
    icnt3 = run(args, icount=True, cmdline="iopl=3")
    cyc, ins, ins3 = per_iteration(tsc), per_iteration(icnt, 1), per_iteration(icnt3, 1)
    # two VMs: the guest and its ping-pong partner; eight: the guest and 7 idle VMs
    # a ping is two switches and two API calls (the guest's and the partner's)
    sw = [medians(run(args, icount=i, others=[args.partner])) for i in (False, True)]
    sw_c, sw_i = [((m["task_switch"] - m["loop"]) - 2 * (m["api_call"] - m["loop"])) / 2 for m in sw]
    cyc8, ins8 = [per_iteration(run(args, icount=i, others=[args.idle] * 7), 1 if i else 0)
                  for i in (False, True)]
    boot = (tsc["boot"][0], icnt["boot"][0])
    lines = ["vmm386 benchmark: per operation, median of 5 runs of %d, empty loop subtracted;" % N,
             "cycles = TSC under QEMU TCG; instructions = guest instructions under -icount shift=0",
             "(IOPL 0, no VME: QEMU's TCG has none); the last column in trusted mode (iopl=3).", ""]
    lines += table(cyc, ins, ins3, boot) + vm_rows(cyc, ins, sw_c, sw_i, cyc8, ins8)
    lines += thread_row(tsc, icnt, cyc, ins)
    lines += [""] + verdicts(cyc, ins) + vm_verdicts(ins, ins8)
    text = "\n".join(lines) + "\n"
    with open(args.out, "w") as f:
        f.write(text)
    print()
    print(text, end="")


if __name__ == "__main__":
    main()
