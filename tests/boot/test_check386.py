"""tools/check-386: the kernel has no post-386 instruction outside the
allow-list of code that runs only after CPU detection; and the checker
itself catches such instructions (small NASM objects fed to it)."""
import os
import re
import subprocess

import pytest

import vmmtest
from vmmtest import ELF

CHECK = vmmtest.ROOT / "tools" / "check-386"
NASM = os.environ.get("NASM", "nasm")


def run_check(*args):
    p = subprocess.run([str(CHECK)] + [str(a) for a in args], cwd=str(vmmtest.ROOT),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def obj(tmp_path, name, body):
    src = tmp_path / (name + ".asm")
    src.write_text("bits 32\nsection .text\n" + body)
    o = tmp_path / (name + ".o")
    subprocess.run([NASM, "-f", "elf32", "-o", str(o), str(src)], check=True)
    return o


def test_kernel_is_386_clean():
    if not ELF.exists():
        pytest.fail("%s missing: the kernel is not built" % ELF, pytrace=False)
    rc, out = run_check(ELF)
    assert rc == 0, out
    assert re.search(r"OK, 386 instructions only \(\d+ allowed uses? after CPU detection\)", out), out
    allowed = re.findall(r"^  allowed: (\S+?)\+0x[0-9a-f]+ \([0-9a-f]{8}\): (\S+)", out, re.M)
    # every allowed use is in a function of the allow-list, with its class
    ok = {"cpu_detect": {"cpuid"}, "cpuid": {"cpuid"}, "rdtsc": {"rdtsc"},
          "tlb_flush_page": {"invlpg"}, "kmain": {"mov"}, "cpu_setup": {"mov"},
          "read_cr4": {"mov"}, "write_cr4": {"mov"}, "v86_fastpath_iopl3": {"mov"}}
    for fn, insn in allowed:
        base = re.sub(r"\..*$", "", fn)
        assert base in ok and insn in ok[base], (fn, insn, out)
    assert any(fn == "cpu_detect" for fn, _ in allowed), out      # CPUID is there, allowed


def test_catches_cmpxchg(tmp_path):
    o = obj(tmp_path, "cx", "global helper\nhelper:\n  lock cmpxchg [ecx], edx\n  ret\n")
    rc, out = run_check(o)
    assert rc == 1, out
    assert re.search(r"NOT 386: helper\+0x0 \(00000000\): lock cmpxchg %edx,\(%ecx\)\s+\[486", out), out
    assert "FAIL, 1 post-386 instruction outside the allow-list" in out, out


def test_catches_each_class(tmp_path):
    bad = {
        "f_bswap": "bswap eax", "f_xadd": "xadd [eax], ebx", "f_invlpg": "invlpg [eax]",
        "f_wbinvd": "wbinvd", "f_cpuid": "cpuid", "f_rdtsc": "rdtsc", "f_rdmsr": "rdmsr",
        "f_cmpxchg8b": "cmpxchg8b [esi]", "f_cmov": "cmovne eax, ebx", "f_fcomi": "fcomi st0, st1",
        "f_sysenter": "sysenter", "f_longnop": "nop dword [eax]", "f_sse": "movaps xmm0, xmm1",
        "f_mmx": "movq mm0, mm1", "f_cr4": "mov eax, cr4", "f_rdpmc": "rdpmc",
    }
    good = ("mov eax, cr0\n  mov cr3, eax\n  bsf eax, ebx\n  shld eax, ebx, 3\n  movzx eax, bl\n"
            "  fsin\n  fucompp\n  fnstsw ax\n  setc al\n  nop\n  rep movsd\n  ud2\n  lgdt [eax]\n")
    body = "global cpu_detect, plain\ncpu_detect:\n  cpuid\n  ret\nplain:\n  " + good + "  ret\n"
    for fn, insn in bad.items():
        body += "global %s\n%s:\n  %s\n  ret\n" % (fn, fn, insn)
    rc, out = run_check(obj(tmp_path, "many", body))
    assert rc == 1, out
    flagged = set(re.findall(r"NOT 386: (\w+)\+", out))
    assert flagged == set(bad), "flagged %r\nwant %r\n%s" % (sorted(flagged), sorted(bad), out)
    assert re.search(r"allowed: cpu_detect\+0x0 \(00000000\): cpuid", out), out
    assert "FAIL, %d post-386 instructions" % len(bad) in out, out


def test_allow_list_by_function(tmp_path):
    # GCC's split-off parts keep their function's allowance
    o = obj(tmp_path, "al", "global tlb_flush_page.cold, mine\ntlb_flush_page.cold:\n"
            "  invlpg [eax]\n  ret\nmine:\n  rdtsc\n  ret\n")
    rc, out = run_check(o)
    assert rc == 1 and "NOT 386: mine+0x0" in out and "allowed: tlb_flush_page.cold" in out, out
    rc, out = run_check("--allow", "mine:rdtsc", o)
    assert rc == 0, out
    rc, out = run_check("--no-default-allow", o)
    assert rc == 1 and "NOT 386: tlb_flush_page.cold" in out, out


def test_objdump_from_cross(tmp_path):
    o = obj(tmp_path, "cr", "global f\nf:\n  ret\n")
    env = dict(os.environ, CROSS="no-such-prefix-")
    env.pop("OBJDUMP", None)
    p = subprocess.run([str(CHECK), str(o)], env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    assert p.returncode == 2 and b"no-such-prefix-objdump" in p.stdout, p.stdout
