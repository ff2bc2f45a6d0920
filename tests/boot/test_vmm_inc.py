"""include/vmm.inc's DDK macros refuse misuse with a message that says what
is wrong (not NASM's "parser: instruction expected"), and accept the DDK's
forms.  Assembles small sources with NASM; no QEMU."""
import subprocess

import pytest

from vmmtest import ROOT


def nasm(tmp_path, body):
    src = tmp_path / "t.asm"
    src.write_text('%include "vmm.inc"\n' + body + "\n")
    p = subprocess.run(["nasm", "-f", "elf32", "-I%s/" % (ROOT / "include"), "-o",
                        str(tmp_path / "t.o"), str(src)], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    return p.returncode, p.stdout.decode(errors="replace")


ERRORS = {
    "name_too_long": ("Declare_Virtual_Device TOOLONGNAME, 1, 0, c\nc: ret",
                      "Declare_Virtual_Device: the device name TOOLONGNAME is longer than 8 characters"),
    "ddb_too_few": ("Declare_Virtual_Device ABC, 1, 0",
                    "Declare_Virtual_Device takes 4 to 9 arguments (Name, Major, Minor, Ctrl_Proc "
                    "[, Device_Num, Init_Order, V86_Proc, PM_Proc, Reference_Data]), got 3 arguments"),
    "ddb_too_many": ("Declare_Virtual_Device ABC, 1, 0, c, 0, 0, 0, 0, 0, 0\nc: ret",
                     "Declare_Virtual_Device takes 4 to 9 arguments"),
    "vmmcall_none": ("VMMcall", "VMMcall takes one argument (the service name), got 0 arguments"),
    "vxdcall_three": ("VxDcall 1, 2, 3", "VxDcall takes a service name (VxDcall MYVXD_Get_Version) "
                      "or a device ID and a service number, got 3 arguments"),
    "control_dispatch_one": ("Begin_Control_Dispatch A\nControl_Dispatch 1\nEnd_Control_Dispatch A",
                             "Control_Dispatch takes a message and a procedure, got 1 arguments"),
    "control_dispatch_outside": ("Control_Dispatch 1, x\nx: ret",
                                 "Control_Dispatch outside Begin_Control_Dispatch ... End_Control_Dispatch"),
    "end_control_mismatch": ("Begin_Control_Dispatch A\nEnd_Control_Dispatch B",
                             "End_Control_Dispatch B closes Begin_Control_Dispatch A"),
    "endproc_mismatch": ("BeginProc foo\nEndProc bar", "EndProc bar closes BeginProc foo"),
    "endproc_alone": ("EndProc bar", "EndProc without a BeginProc"),
    "service_outside": ("VxD_Service X", "VxD_Service outside Begin_Service_Table ... End_Service_Table"),
    "real_init": ("VxD_REAL_INIT_SEG", "VxD_REAL_INIT_SEG: vmm386 has no real-mode initialization"),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_vmm_inc_says_what_is_wrong(tmp_path, case):
    body, message = ERRORS[case]
    rc, out = nasm(tmp_path, body)
    assert rc != 0 and "error: " + message in out, out
    assert "instruction expected" not in out, out


def test_vmm_inc_ddk_forms_assemble(tmp_path):
    """The 4-, 6- and 9-argument DDB, dispatch, procedures, segments, a
    service table and its one-argument VxDcall, Trace_Out, client fields."""
    rc, out = nasm(tmp_path, """
MYVXD_Device_ID equ 7A09h
%define Create_MYVXD_Service_Table
Begin_Service_Table MYVXD
MYVXD_Service MYVXD_Get_Version, LOCAL
VxD_Service MYVXD_Two
End_Service_Table MYVXD
Declare_Virtual_Device MYVXD, 1, 0, MYVXD_Control, MYVXD_Device_ID, Undefined_Init_Order
Declare_Virtual_Device SHORT4, 1, 0, MYVXD_Control
Declare_Virtual_Device FULL9, 1, 0, MYVXD_Control, Undefined_Device_ID, VMM_Init_Order, 0, 0, 1234h
VxD_LOCKED_CODE_SEG
Begin_Control_Dispatch MYVXD
    Control_Dispatch Device_Init, MYVXD_Device_Init
End_Control_Dispatch MYVXD
BeginProc MYVXD_Get_Version, SERVICE
    mov eax, [ebp + Client_EFlags]
    mov ax, [ebp + Client_ES]
    mov al, [ebp + Client_AH]
    ret
EndProc MYVXD_Get_Version
BeginProc MYVXD_Two, PUBLIC
    ret
EndProc MYVXD_Two
VxD_LOCKED_CODE_ENDS
VxD_ICODE_SEG
BeginProc MYVXD_Device_Init
    Trace_Out "MYVXD: #EAX"
    VxDcall MYVXD_Two
    VMMcall Get_Cur_VM_Handle
    clc
    ret
EndProc MYVXD_Device_Init
VxD_ICODE_ENDS
VxD_LOCKED_DATA_SEG
x dd Num_MYVXD_Services
VxD_LOCKED_DATA_ENDS
""")
    assert rc == 0, out
    dump = subprocess.run(["objdump", "-d", "-j", ".text", str(tmp_path / "t.o")],
                          stdout=subprocess.PIPE).stdout.decode()
    assert "cd 20" in dump, dump
    data = subprocess.run(["objdump", "-s", "-j", ".data", str(tmp_path / "t.o")],
                          stdout=subprocess.PIPE).stdout.decode()
    assert "MYVXD" in data and "SHORT4" in data and "FULL9" in data, data


def test_vpicd_inc_matches_vpicd_h(tmp_path):
    """include/vpicd.inc, for NASM VxDs: every service of vpicd.h callable as
    `VxDcall VPICD_<name>` with the same ordinal, the same option and status
    bits, and the descriptor at the same size and offsets."""
    import re
    h = (ROOT / "include" / "vpicd.h").read_text()
    svcs = dict((n, int(v, 16)) for n, v in re.findall(r"#define (VPICD_\w+)_Svc\s+0x([0-9A-Fa-f]+)", h))
    consts = dict((n, int(v, 16)) for n, v in
                  re.findall(r"#define (VPICD_(?:OPT|Stat)_\w+)\s+0x([0-9A-Fa-f]+)", h))
    assert len(svcs) == 7 and len(consts) >= 10, h
    names = sorted(svcs) + sorted(consts)
    body = '%include "vpicd.inc"\nsection .data\n' + "".join(
        "dd __vxdsvc_%s\n" % n for n in sorted(svcs)) + "".join("dd %s\n" % n for n in sorted(consts)) + \
        "dd VPICD_IRQ_Descriptor_size, VPICD_IRQ_Descriptor.VID_Hw_Int_Proc, " \
        "VPICD_IRQ_Descriptor.VID_IRET_Time_Out, VPICD_IRQ_Descriptor.VID_Hw_Int_Ref\n"
    rc, out = nasm(tmp_path, body)
    assert rc == 0, out
    raw = subprocess.run(["objcopy", "-O", "binary", "-j", ".data", str(tmp_path / "t.o"),
                          str(tmp_path / "t.bin")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert raw.returncode == 0, raw.stdout
    b = (tmp_path / "t.bin").read_bytes()
    got = [int.from_bytes(b[i:i + 4], "little") for i in range(0, len(b), 4)]
    want = [(3 << 16) | svcs[n] for n in sorted(svcs)] + [consts[n] for n in sorted(consts)] + \
        [0x20, 4, 0x18, 0x1C]
    assert got == want, list(zip(names, got, want))
