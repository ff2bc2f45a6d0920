"""Issue 7's services through the C test VxD SVCTEST (tests/vxd/svctest.c)
and the guests v_svc, v_fatal and v_bpstuck: a zero or garbage VM handle
refused by every service that takes one (one test per service), I/O
handlers and local/global trapping, Call_When_VM_Ints_Enabled,
Enable/Disable/Test_VM_Ints, Get_VMM_Reenter_Count, _HeapReAllocate /
_HeapGetSize, Get_Profile_* from a profile module, Out_Debug_String /
Out_Debug_Chr / Trace_Out, Directed_Sys_Control, VMM_GetSystemInitState,
VMM386_DOS_Ready, Fatal_Error_Handler, the stuck breakpoint and the
procedure hooked twice."""
import re
import shutil
import subprocess
import sys

import pytest

from test_vxd_common import TIMEOUT, assert_section, check_vxd_run, info, run_vxd, section, sys_vm_handle
from vmmtest import ROOT, VXDTEST_ELF, _image, _tmpdir, check_banner, run_vmm

PROFILE = "tests/vxd/svctest.ini"
EXIT_PANIC = (0x7E << 1) | 1
EXIT_NO_VMS = (0x7D << 1) | 1
CALLER = r"VxD SVCTEST\+[0-9A-F]{4}h"

PASSES = [
    "svc_entry", "handle_0_refused_by_all", "handle_garbage_refused_by_all",
    "io_install", "io_c_in", "io_word_in", "io_local_off", "io_local_off_hardware",
    "io_local_on", "io_local_on_trapped", "io_global_off", "io_global_off_hardware",
    "io_global_on", "io_global_on_trapped", "io_remove", "io_removed_hardware", "io_refusals",
    "ints_enabled_request", "ints_enabled_at_once", "ints_enabled_request_cli",
    "ints_enabled_not_while_cli", "ints_enabled_ran_by_next_trap",
    "disable_vm_ints_test", "disable_vm_ints_if", "enable_vm_ints_test", "enable_vm_ints_if",
    "reenter_count_api", "reenter_timeout_armed", "reenter_count_in_timeout",
    "heap", "profile", "debug_output", "directed_sys_control", "system_init_state",
    "hook_twice", "dos_ready_not_before_exec", "dos_ready_at_exec", "dos_ready_once",
]

# (service, logged by the VMM): every service that takes a VM handle in EBX
HANDLE_SERVICES = [
    ("Schedule_VM_Event", "Schedule_VM_Event (VMM 000Fh)"),
    ("Call_VM_Event", "Call_VM_Event (VMM 0011h)"),
    ("Schedule_VM_Event (C form)", "Schedule_VM_Event (VMM 000Fh)"),
    ("Call_VM_Event (C form)", "Call_VM_Event (VMM 0011h)"),
    ("Cancel_VM_Event", "Cancel_VM_Event (VMM 0013h)"),
    ("Set_VM_Time_Out", "Set_VM_Time_Out (VMM 003Dh)"),
    ("Set_VM_Time_Out (C form)", "Set_VM_Time_Out (VMM 003Dh)"),
    ("Test_VM_Ints_Enabled", "Test_VM_Ints_Enabled (VMM 00F9h)"),
    ("Validate_VM_Handle", None),       # its answer is the refusal: no log line
    ("Test_Cur_VM_Handle", None),
    ("Test_Sys_VM_Handle", None),
    ("System_Control", "System_Control (VMM 0093h)"),
    ("Directed_Sys_Control", "Directed_Sys_Control (VMM 0147h)"),
    ("Enable_Local_Trapping", "Enable_Local_Trapping (VMM 0098h)"),
    ("Disable_Local_Trapping", "Disable_Local_Trapping (VMM 009Ah)"),
]


def run():
    return run_vxd("v_svc", modules=(PROFILE,))


def test_vxd_services_guest():
    r = run()
    check_vxd_run(r, PASSES)
    assert not [l for l in r.serial_lines if "WRONG" in l or "ACCEPTED" in l], r.log()


@pytest.mark.parametrize("handle", ["0", "garbage"])
@pytest.mark.parametrize("service,vmm_says", HANDLE_SERVICES, ids=[s for s, _ in HANDLE_SERVICES])
def test_vxd_invalid_vm_handle_refused(service, vmm_says, handle):
    """A zero VM handle is not "global", and garbage is not a VM: the service
    refuses it (carry, ESI = 0 where it returns a handle; nothing called,
    scheduled or cancelled) and the VMM's log names it and the caller."""
    r = run()
    value = "00000000" if handle == "0" else "DEADBEEF"
    lines = section(r, "handles " + handle)
    mine = "SVCTEST: %s hVM=%s: refused" % (service, value)
    assert mine in lines, r.log()
    if vmm_says:
        before = lines[lines.index(mine) - 1]
        assert re.fullmatch(r"vmm386: %s from %s: invalid VM handle %s, refused"
                            % (re.escape(vmm_says), CALLER, value.lower()), before), r.log()
    # Cancel_VM_Event(bad, h) must not have cancelled the global event h
    assert [l for l in lines if l.startswith("SVCTEST: ")][-1] == "SVCTEST: global event ran", r.log()


def test_vxd_io_handlers_and_trapping():
    """Byte handlers (a word OUT/IN split low port first), trapping off in
    this VM or in all VMs sends the access to the hardware, on again traps,
    removed goes to the hardware; the VMM's own ports cannot be taken."""
    r = run()
    assert_section(r, "io install", "SVCTEST: ", [
        "SVCTEST: io C out port=02FF type=04 data=41",
        "SVCTEST: io C in port=02FF type=00",
        "SVCTEST: io R out port=02FE type=04 data=43",
        "SVCTEST: io C out port=02FF type=04 data=42",
        "SVCTEST: io R in port=02FE type=00",
        "SVCTEST: io C in port=02FF type=00",
    ])
    assert_section(r, "io local off", "SVCTEST: ", [])
    assert_section(r, "io local on", "SVCTEST: ", ["SVCTEST: io C in port=02FF type=00"])
    assert_section(r, "io global off", "SVCTEST: ", [])
    assert_section(r, "io global on", "SVCTEST: ", ["SVCTEST: io C in port=02FF type=00"])
    assert_section(r, "io removed", "SVCTEST: ", [])


def test_vxd_call_when_vm_ints_enabled():
    """Interrupts on: called at once, inside the API call.  Off: called when
    the VM's STI turns them on, before the instruction after the STI."""
    r = run()
    got = section(r, "ints at once", "SVCTEST: ")
    assert len(got) == 1 and re.fullmatch(
        r"SVCTEST: ints enabled ref=00000001 CS:IP=1000:[0-9A-F]{4} IF=1", got[0]), r.log()
    seg, off = info(r, "intsti")
    got = section(r, "ints deferred", "SVCTEST: ")
    if "iopl=3" not in r.args[r.args.index("-append") + 1]:
        # the STI trapped: the callback ran right after it, before the next instruction
        assert got == ["SVCTEST: ints enabled ref=00000002 CS:IP=%04X:%04X IF=1" % (seg, off)], r.log()
        assert "ints_at_first_query 0002" in r.guest_lines(), r.log()
    else:
        # trusted mode: STI does not trap; the callback runs at the VM's next trap,
        # a few instructions on, with interrupts on
        assert len(got) == 1, r.log()
        m = re.fullmatch(r"SVCTEST: ints enabled ref=00000002 CS:IP=([0-9A-F]{4}):([0-9A-F]{4}) IF=1", got[0])
        assert m and int(m.group(1), 16) == seg and off < int(m.group(2), 16) < off + 0x20, r.log()


def test_vxd_heap_and_profile():
    r = run()
    assert_section(r, "heap", "SVCTEST: ",
                   ["SVCTEST: heap: allocate, reallocate, get size, free as documented"])
    assert "vmm386: profile %s: 6 settings" % (r.args[r.args.index("-initrd") + 1].split(",")[1]) \
        in r.serial_lines, r.log()
    assert_section(r, "profile", "SVCTEST: ", [
        "SVCTEST: profile [SVCTEST] Greeting=hello from the profile",
        "SVCTEST: profile: strings, integers, booleans as documented",
    ])


def test_vxd_debug_output():
    assert_section(run(), "debug", "SVCTEST: ", [
        "SVCTEST: Out_Debug_String, OK",
        "SVCTEST: Trace_Out line",
        "SVCTEST: 12345678 5678 56 78 CAFE #DX A5 #XY",
        "SVCTEST: Debug_Out line",
    ])


def test_vxd_directed_sys_control():
    r = run()
    assert_section(r, "directed", "SVCTEST: ", [
        "SVCTEST: private message 70001234 EBX=%s ESI=1 EDI=2 EDX=3" % sys_vm_handle(r)])


def test_vxd_hooked_twice_warns():
    r = run()
    got = section(r, "hook twice", "vmm386: ")
    assert len(got) == 2, r.log()
    assert re.fullmatch(
        r"vmm386: warning: %s hooks INT 7Fh with procedure c0[0-9a-f]{6} a second time: "
        r"it will run twice per interrupt" % CALLER, got[0]), r.log()
    assert re.fullmatch(
        r"vmm386: warning: %s hooks V86 fault 00h with procedure c0[0-9a-f]{6} a second time: "
        r"it will run twice per fault" % CALLER, got[1]), r.log()


def test_vxd_dos_ready():
    """VMM386_DOS_Ready at the VM's first INT 21h AH=4Bh only, to every
    device, with the client registers of that INT 21h."""
    r = run()
    at = "%04X:%04X" % info(r, "dosexec")
    assert_section(r, "dos", ("SVCTEST: ", "vmm386: "), [
        "vmm386: VM 1: DOS is up (first INT 21h AH=4Bh), VMM386_DOS_Ready",
        "SVCTEST: VMM386_DOS_Ready EBX=%s CS:IP=%s AH=4B" % (sys_vm_handle(r), at),
    ])


def test_vxd_fatal_error_handler():
    r = run_vmm("v_fatal", kernel=VXDTEST_ELF, timeout=TIMEOUT)
    check_banner(r)
    panics = [l for l in r.serial_lines if l.startswith("vmm386 PANIC: ")]
    assert len(panics) == 1 and re.fullmatch(
        r"vmm386 PANIC: Fatal_Error_Handler from %s: SVCTEST: fatal test" % CALLER, panics[0]), r.log()
    assert not r.fails() and r.exit_status == EXIT_PANIC, r.log()


def test_vxd_breakpoint_never_moving_ends_the_vm():
    """The callback leaves CS:IP on the breakpoint: after 10,000 hits in a
    row the VM ends with a line naming breakpoint, callback and VxD."""
    r = run_vmm("v_bpstuck", kernel=VXDTEST_ELF, timeout=20)
    seg, off = info(r, "stuck")
    want = (r"VM 1 terminated: V86 breakpoint %04x:%04x hit 10000 times in a row, its callback "
            r"c0[0-9a-f]{6} \(%s\) never moves CS:IP" % (seg, off, CALLER))
    assert [l for l in r.serial_lines if re.fullmatch(want, l)], r.log()
    assert not r.fails() and r.exit_status == EXIT_NO_VMS, r.log()


@pytest.mark.skipif(shutil.which("bochs") is None, reason="bochs not installed (make deps)")
def test_vxd_call_when_vm_ints_enabled_under_vme():
    """Under CR4.VME (Bochs: QEMU's TCG has no VME) the CPU runs CLI/STI
    itself: a waiting Call_When_VM_Ints_Enabled keeps VIP set so that the
    enabling STI traps, and the callback runs right there.  (No profile
    module on the ISO: only the profile check may fail.)"""
    sys.path.insert(0, str(ROOT / "tools" / "bochs"))
    import bochsrun
    tmp = _tmpdir()
    try:
        iso = tmp / "vmm386.iso"
        subprocess.run(["tools/mkiso.sh", str(VXDTEST_ELF), str(iso), "exit=qemu"], cwd=str(ROOT),
                       check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        r = bochsrun.run(iso, _image("v_svc"), tmp / "bochs", cpu="pentium", timeout=60)
        problems = bochsrun.check(r, vme=True, guest_fails=False)
        fails = [l for l in r.lines if l.startswith("VM1: FAIL")]
        if [l for l in fails if not l.startswith("VM1: FAIL profile ")]:
            problems.append("FAIL lines %r" % fails)
        at = [l for l in r.lines if l.startswith("VM1: info intsti ")]
        want = "SVCTEST: ints enabled ref=00000002 CS:IP=%s IF=1" % (at[0].split()[-1] if at else "?")
        if want not in r.lines:
            problems.append("no line %r" % want)
        if "VM1: ints_at_first_query 0002" not in r.lines:
            problems.append("Call_When_VM_Ints_Enabled did not run at the STI")
        assert not problems, "\n".join(problems + [r.report()])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
