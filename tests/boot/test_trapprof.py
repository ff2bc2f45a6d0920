"""tools/trapprof.py's log reading, on a small log in QEMU's format (a real
run writes about 2 GB and takes minutes: not for the test suite).  The
markers come from the NASM listing of DOSBENCH built with -DTRAPPROF; the
counts are each executed block's instructions, charged to the trap that
started the stretch of monitor code and to the kernel function."""
import subprocess
import sys

from vmmtest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import trapprof  # noqa: E402

LOG = """\
IN:
0x00023000:  e4 21                    inb      $0x21, %al

Trace 0: 0x7f0000001000 [00023000/00023000/00000040/ff020200]
     1: v=0d e=0000 i=0 cpl=3 IP=2300:00000000 pc=00023000 SP=0000:0000fffe env->regs[R_EAX]=0
IN:
0xc0100000:  50                       pushl    %eax
0xc0100001:  51                       pushl    %ecx
0xc0100002:  cf                       iretl

Trace 0: 0x7f0000002000 [00000000/c0100000/00000040/ff020200]
IN:
0x00023002:  fa                       cli

Trace 0: 0x7f0000003000 [00023000/00023002/00000040/ff020200]
     2: v=0d e=0000 i=0 cpl=3 IP=2300:00000002 pc=00023002 SP=0000:0000fffe env->regs[R_EAX]=0
Trace 0: 0x7f0000002000 [00000000/c0100000/00000040/ff020200]
IN:
0xc0100010:  90                       nop

Trace 0: 0x7f0000004000 [00000000/c0100010/00000040/ff020200]
IN:
0x00023003:  90                       nop
0x00023004:  90                       nop

Trace 0: 0x7f0000005000 [00023000/00023003/00000040/ff020200]
     3: v=56 e=0000 i=0 cpl=3 IP=2300:00000005 pc=00023005 SP=0000:0000fffe env->regs[R_EAX]=0
Trace 0: 0x7f0000004000 [00000000/c0100010/00000040/ff020200]
Trace 0: 0x7f0000005000 [00023000/00023003/00000040/ff020200]
     4: v=0d e=0000 i=0 cpl=3 IP=2300:00000007 pc=00023007 SP=0000:0000fffe env->regs[R_EAX]=0
Trace 0: 0x7f0000002000 [00000000/c0100000/00000040/ff020200]
"""


class FakeSymbols:
    def name(self, pc):
        if pc < trapprof.KERNEL_BASE:
            return "V86"
        return "op_cli" if pc < 0xc0100010 else "hw_int"


def test_profile_counts_by_trap_and_function(tmp_path):
    log = tmp_path / "qemu.log"
    log.write_text(LOG)
    kinds, per_kind_fn, per_fn, eps = trapprof.profile(str(log), FakeSymbols(), 0x0, 0x7, "56")
    # the CLI's trap: the 3-instruction block, then the 1-instruction one
    assert kinds["0d cli"] == [1, 4]
    assert per_kind_fn["0d cli"] == {"op_cli": 3, "hw_int": 1}
    # the interrupt: one block, then the VM again
    assert kinds["56"] == [1, 1]
    # the VM's own blocks: the CLI block (1) and the NOP block twice (2 + 2)
    assert per_fn["V86"] == 5
    # nothing after the end marker, nothing before the start marker
    assert sum(n for _, n in kinds.values()) == 5
    assert eps == [[("hw_int", 1, 0xc0100010)]]


def test_markers_from_the_listing(tmp_path):
    lst = tmp_path / "dosbench.lst"
    com = tmp_path / "DOSBENCH.COM"
    subprocess.run(["nasm", "-f", "bin", "-DTRAPPROF", "-l", str(lst), "-o", str(com),
                    str(ROOT / "tests" / "bench" / "dosbench.asm")], check=True, cwd=ROOT)
    start, end = trapprof.markers(str(lst), "cli_sti")
    code = com.read_bytes()
    # both are IN AL, 21h (E4 21) in the program, the row's body between them
    assert code[start - 0x100:start - 0x100 + 2] == b"\xe4\x21"
    assert code[end - 0x100:end - 0x100 + 2] == b"\xe4\x21"
    assert b"\xfa\xfb" in code[start - 0x100:end - 0x100]      # CLI, STI
    # another row's markers are others
    assert trapprof.markers(str(lst), "read32k")[0] > end
