"""The examples of docs/writing-a-vxd.md, built and booted exactly as the
walk-through says, so the document cannot rot:

    make B=build/docex-c   VXDS=docs/examples/hello.c   build/docex-c/vmm386.elf
    make B=build/docex-asm VXDS=docs/examples/hello.asm build/docex-asm/vmm386.elf
    make B=build/docex-both VXDS="docs/examples/hello.asm docs/examples/hello.c" ...

and the DOS side, docs/examples/hellodos.asm, as VM 1's GUEST.BIN.  Every
line the VxDs and the guest print is asserted, in order, and QEMU must end
through the guest's exit (status 1).
"""
import subprocess

import pytest

from vmmtest import ROOT, check_vmm, run_vmm

TIMEOUT = 10

C_LINES = """\
HELLO: Sys_Critical_Init
HELLO: Device_Init
HELLO: Init_Complete
HELLO: Sys_VM_Init, the system VM
VM1: VxD 7A01: V86 API found
HELLO: version request
VM1: version 0100
HELLO: DOS says 'Hello from DOS'
VM1: length 000E
VM1: AH=FFh: carry set
VM1: VxD 7A02: no V86 API
VM1: done
VM1: exit 0x00
HELLO: System_Exit
HELLO: Sys_Critical_Exit
"""

ASM_LINES = """\
HELLOASM: Sys_Critical_Init
HELLOASM: Device_Init
HELLOASM: Init_Complete
HELLOASM: VxDcall HELLOASM_Get_Version returned 0100h
HELLOASM: Sys_VM_Init, the system VM
VM1: VxD 7A01: no V86 API
VM1: VxD 7A02: V86 API found
HELLOASM: version request
VM1: version 0100
HELLOASM: DOS says 'Hello from DOS'
VM1: length 000E
VM1: AH=FFh: carry set
VM1: done
VM1: exit 0x00
HELLOASM: System_Exit
HELLOASM: Sys_Critical_Exit
"""

# Both in one kernel: the same init order, so each message reaches them in
# link order (the Makefile links VXDS' .asm files before the .c files); the
# exit messages go in reverse.
BOTH_LINES = """\
HELLOASM: Sys_Critical_Init
HELLO: Sys_Critical_Init
HELLOASM: Device_Init
HELLO: Device_Init
HELLOASM: Init_Complete
HELLOASM: VxDcall HELLOASM_Get_Version returned 0100h
HELLO: Init_Complete
HELLOASM: Sys_VM_Init, the system VM
HELLO: Sys_VM_Init, the system VM
VM1: VxD 7A01: V86 API found
HELLO: version request
VM1: version 0100
HELLO: DOS says 'Hello from DOS'
VM1: length 000E
VM1: AH=FFh: carry set
VM1: VxD 7A02: V86 API found
HELLOASM: version request
VM1: version 0100
HELLOASM: DOS says 'Hello from DOS'
VM1: length 000E
VM1: AH=FFh: carry set
VM1: done
VM1: exit 0x00
HELLO: System_Exit
HELLOASM: System_Exit
HELLO: Sys_Critical_Exit
HELLOASM: Sys_Critical_Exit
"""

# The DDK-style VxD ported from MASM (docs/writing-a-vxd.md, "Porting a DDK
# VxD"): the macros of vmm.inc, its own service through the dynalink, an
# INT 2Fh hook reading [ebp + Client_AX] / [ebp + Client_BX].
PORT_LINES = """\
PORTVXD: Device_Init, PORTVXD_Get_Version returned 0100h
PORTVXD: INT 2Fh AX=1684h BX=7A01h
VM1: VxD 7A01: no V86 API
PORTVXD: INT 2Fh AX=1684h BX=7A02h
VM1: VxD 7A02: no V86 API
VM1: done
VM1: exit 0x00
PORTVXD: System_Exit, 02h INT 2Fh calls seen
"""

# XMSHOOK's idea at VMM386_DOS_Ready (docs/writing-a-vxd.md, "When DOS is
# up"), with docs/examples/xmsdos.asm as the DOS side.
XMS_LINES = """\
VM1: XMS driver entry {entry}
VM1: EXEC
XMSREADY: DOS is up: XMS entry at {entry}
XMSREADY: XMS call AH=00
VM1: XMS version 0300
XMSREADY: XMS call AH=08
VM1: XMS free 0F00
VM1: exit 0x00
"""

REGISTERED = {
    "hello.c": "vmm386: VxD HELLO (device 7a01, init order 80000000)",
    "hello.asm": "vmm386: VxD HELLOASM (device 7a02, init order 80000000)",
    "portvxd.asm": "vmm386: VxD PORTVXD (device 7a03, init order 80000000)",
    "xmsready.c": "vmm386: VxD XMSREADY (device 0000, init order 80000000)",
}

CONFIGS = {
    "c": (["docs/examples/hello.c"], C_LINES),
    "asm": (["docs/examples/hello.asm"], ASM_LINES),
    "both": (["docs/examples/hello.asm", "docs/examples/hello.c"], BOTH_LINES),
    "port": (["docs/examples/portvxd.asm"], PORT_LINES),
    "xms": (["docs/examples/xmsready.c"], XMS_LINES),
}


def _sh(args):
    p = subprocess.run(args, cwd=str(ROOT), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=300)
    if p.returncode:
        pytest.fail("%s failed:\n%s" % (" ".join(args), p.stdout.decode("latin-1")), pytrace=False)


def _build(name, vxds, guest="hellodos"):
    """The kernel with the example VxD(s) in build/docex-<name>/, as the
    document says, and hellodos.asm on a floppy image next to it."""
    b = "build/docex-" + name
    elf = ROOT / b / "vmm386.elf"
    # A kernel linked earlier with other VXDS would not be relinked: start clean.
    elf.unlink(missing_ok=True)
    _sh(["make", "-j4", "B=" + b, "VXDS=" + " ".join(vxds), b + "/vmm386.elf", b + "/guest/bootsect.bin"])
    _sh(["nasm", "-f", "bin", "-Itests/guest/", "-o", "%s/%s.bin" % (b, guest),
         "docs/examples/%s.asm" % guest])
    _sh(["tools/mkimage.sh", b + "/guest/bootsect.bin", "%s/%s.bin" % (b, guest), "%s/%s.img" % (b, guest)])
    return elf, ROOT / b / ("%s.img" % guest)


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_doc_example(name):
    vxds, lines = CONFIGS[name]
    elf, img = _build(name, vxds, "xmsdos" if name == "xms" else "hellodos")
    r = run_vmm(str(img), timeout=TIMEOUT, cache=False, kernel=elf)
    check_vmm(r, [])
    for v in vxds:
        assert REGISTERED[v.split("/")[-1]] in r.serial_lines, r.log()
    got = [l for l in r.serial_lines if l.startswith(("HELLO: ", "HELLOASM: ", "PORTVXD: ", "XMSREADY: ", "VM1: "))]
    if name == "xms":
        entry = [l for l in r.serial_lines if l.startswith("VM1: XMS driver entry ")]
        assert entry, r.log()
        lines = lines.format(entry=entry[0].split()[-1])
    want = lines.splitlines()
    assert got == want, "lines differ\ngot:\n%s\nwant:\n%s\n%s" % ("\n".join(got), "\n".join(want), r.log())

