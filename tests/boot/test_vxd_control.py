"""Control messages and the VxD registry, from the serial log of a
build/vxdtest/vmm386.elf boot (guest v_sys): the test VxDs ASMTEST (init
order 7E000000h), VXDTEST (7E010000h) and FAILINIT (7E020000h, fails
Device_Init) log every control message they get.

  - init messages go in init order, whatever the link order;
    System_Exit and Sys_Critical_Exit in reverse init order;
  - Sys_Critical_Init runs with interrupts off;
  - a VxD failing Device_Init is unloaded with
    "vmm386: VxD FAILINIT failed Device_Init and is unloaded", gets no more
    messages, and the others go on;
  - the INT 20h dynalink patches a VMMcall into `call [slot]` (FF 15) and a
    VMMjmp into `jmp [slot]` (FF 25), slot = the VMM's service table entry.
"""
import os
import re
import subprocess

from test_vxd_common import run_vxd, sys_vm_handle, vxd_lines
from vmmtest import VXDTEST_ELF

GUEST = "v_sys"
CONTROL = re.compile(r"(ASMTEST|VXDTEST|FAILINIT): (Sys_Critical_Init|Device_Init|Init_Complete|"
                     r"Sys_VM_Init|Sys_VM_Terminate|System_Exit|Sys_Critical_Exit|control message)")
UNLOADED = "vmm386: VxD FAILINIT failed Device_Init and is unloaded"


def run():
    return run_vxd(GUEST)


def control_lines(r):
    return [l for l in r.serial_lines if CONTROL.match(l) or l == UNLOADED]


def test_vxd_registered():
    r = run()
    for line in ["vmm386: VxD ASMTEST (device 7e02, init order 7e000000)",
                 "vmm386: VxD VXDTEST (device 7e01, init order 7e010000)",
                 "vmm386: VxD FAILINIT (device 7e03, init order 7e020000)"]:
        r.assert_line(line)


def test_vxd_control_message_order():
    r = run()
    h = sys_vm_handle(r)
    want = [
        "ASMTEST: Sys_Critical_Init",
        "VXDTEST: Sys_Critical_Init IF=0",
        "FAILINIT: Sys_Critical_Init",
        "ASMTEST: Device_Init",
        "VXDTEST: Device_Init",
        "FAILINIT: Device_Init (failing it)",
        UNLOADED,
        "ASMTEST: Init_Complete",
        "VXDTEST: Init_Complete",
        "ASMTEST: Sys_VM_Init hVM=" + h,
        "ASMTEST: Sys_VM_Init: EBX is the system VM",
        "ASMTEST: Sys_VM_Init: the current thread is the system thread, TCB_VMHandle = EBX",
        "VXDTEST: Sys_VM_Init hVM=" + h,
        "VXDTEST: System_Exit",
        "ASMTEST: System_Exit",
        "VXDTEST: Sys_Critical_Exit",
        "ASMTEST: Sys_Critical_Exit",
    ]
    got = control_lines(r)
    assert got == want, "control messages\n got  %r\n want %r\n%s" % (got, want, r.log())


def test_vxd_control_messages_around_the_vm():
    """Sys_VM_Init before VM 1 runs its boot sector; System_Exit after the
    guest's exit request."""
    r = run()
    assert r.index("VXDTEST: Sys_VM_Init hVM=" + sys_vm_handle(r)) < \
        r.index("vmm386: VM 1 boots drive 00 at 0000:7C00"), r.log()
    assert r.index("VM1: exit 0x00") < r.index("VXDTEST: System_Exit"), r.log()


def test_vxd_failed_device_init_unloaded():
    """FAILINIT got Sys_Critical_Init and Device_Init, then nothing: no
    further message, no V86 API call (INT 2Fh 1684h gives 0:0, see v_sys)."""
    r = run()
    assert vxd_lines(r, "FAILINIT: ") == ["FAILINIT: Sys_Critical_Init",
                                          "FAILINIT: Device_Init (failing it)"], r.log()
    assert r.serial_lines.count(UNLOADED) == 1, r.log()
    assert r.guest_exit == 0 and r.exit_status == 1, r.log()


def service_table_address():
    for nm in ("i686-linux-gnu-nm", "nm"):
        try:
            out = subprocess.run([nm, str(VXDTEST_ELF)], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, check=True).stdout.decode()
        except (OSError, subprocess.CalledProcessError):
            continue
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[2] == "vmm_service_table":
                return int(parts[0], 16)
    raise AssertionError("no vmm_service_table symbol in %s" % VXDTEST_ELF)


def test_vxd_dynalink_call_patched():
    """VXDTEST's own VMMcall Get_VMM_Version site: CD 20 + dd 00010000h
    before its first run, FF 15 + the address of slot 0 of the VMM's
    service table after, and a second call through it works."""
    r = run()
    slot = service_table_address()          # Get_VMM_Version is service 0
    patched = " ".join("%02X" % b for b in [0xFF, 0x15] + list(slot.to_bytes(4, "little")))
    want = ["VXDTEST: dynalink site before the first call: CD 20 00 00 01 00",
            "VXDTEST: dynalink site after: %s = call [slot] (patched)" % patched,
            "VXDTEST: dynalink second call through the patched site ok"]
    got = [l for l in vxd_lines(r, "VXDTEST: ") if l.startswith("VXDTEST: dynalink")]
    assert got == want, "got %r want %r\n%s" % (got, want, r.log())


def test_vxd_dynalink_jmp_patched():
    """ASMTEST, register level: a VMMjmp becomes `jmp [slot]` (FF 25) and
    returns to its caller; a VMMcall becomes `call [slot]` (FF 15)."""
    r = run()
    r.assert_line("ASMTEST: VMMjmp site patched to jmp [slot] (FF 25), returned to our caller")
    r.assert_line("ASMTEST: VMMcall site patched to call [slot] (FF 15)")


def test_vxd_not_in_the_normal_kernel():
    """build/vmm386.elf is built without VXDS: none of the test VxDs is in it."""
    from vmmtest import ELF
    data = open(ELF, "rb").read()
    for name in (b"VXDTEST ", b"ASMTEST ", b"FAILINIT", b"VXDTEST: "):
        assert name not in data, "%r found in %s" % (name, ELF)
    assert os.path.abspath(ELF) != os.path.abspath(VXDTEST_ELF)
