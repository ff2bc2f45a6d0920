"""VM and global events through the C test VxD VXDTEST (C forms), the
register-level ASMTEST and the guest v_ev: Call_VM_Event / Call_Global_Event
run at once from the V86 API and are scheduled from a time-out (the timer
interrupt); Schedule_* always queue; delivery before the VM's next
instruction, global events first, FIFO; Cancel_*; events that schedule
events or simulate an interrupt; the idle HLT; pool exhaustion."""
import re

from test_hostile_common import EXIT_NO_VMS, NO_VMS_LINE, csip as monitor_csip, guest_addr
from test_vxd_common import assert_section, check_vxd_run, info, run_vxd, section, sys_vm_handle
import test_vxd_common

GUEST = "v_ev"
PASSES = [
    "ev_entry",
    "call_vm_event_nc", "call_vm_event_at_once_esi_0", "call_vm_event_ran_in_the_call",
    "call_global_event_nc", "call_global_event_at_once_esi_0", "call_global_event_ran_in_the_call",
    "schedule_vm_event_ran_before_next_insn", "schedule_vm_event_nc", "schedule_vm_event_handle",
    "schedule_vm_event_not_in_the_call",
    "schedule_global_event_ran_before_next_insn", "schedule_global_event_nc",
    "schedule_global_event_handle", "schedule_global_event_not_in_the_call",
    "order_none_refused", "order_only_the_call_ran_in_the_call", "order_handle_0",
    "order_handle_4", "order_call_result_0", "order_handles_distinct",
    "cancel_none_ran_in_the_call", "stale_new_handle", "stale_same_slot",
    "chain_none_ran_in_the_call", "chain_all_ran_in_one_pass",
    "simulate_int_event_int_taken", "simulate_int_event_returns_to_the_call",
    "build_frame_event_int_taken", "build_frame_event_returns_to_the_call",
    "timeout_spin_armed", "timeout_spin_event_ran", "timeout_call_vm_event_scheduled",
    "idle_not_rescued", "idle_flag_event_ran", "idle_int_event_ended_hlt",
    "idle_int_returns_after_hlt",
    "schedule_bad_vm_cf", "schedule_bad_vm_no_handle", "call_bad_vm_cf", "call_bad_vm_no_handle",
    "call_bad_vm_not_called",
    "exhaust_scheduled_pool_size", "exhaust_refused_cf", "exhaust_call_vm_event_at_once",
    "exhaust_schedule_global_refused", "exhaust_only_the_call_ran_in_the_call",
    "exhaust_fifo_order", "exhaust_all_ran", "exhaust_pool_free_again",
    "asm_schedule_vm_event_nc", "asm_schedule_vm_event_handle", "asm_schedule_vm_event_ran",
    "asm_call_vm_event_nc", "asm_call_vm_event_esi_0", "asm_call_vm_event_ran",
]

def run():
    return run_vxd(GUEST)


def csip(r, name):
    return "%04X:%04X" % info(r, name)


def event(r, ref, at):
    """VXDTEST's event line: EBX = the VM handle, EDX = RefData, EBP = the
    VM's CB_Client_Pointer, and the client CS:IP when it ran."""
    return "VXDTEST: event EBX=%s EDX=%08X EBP=Client_Reg_Struc CS:IP=%s" % (
        sys_vm_handle(r), ref, at)


def test_vxd_events_guest():
    check_vxd_run(run(), PASSES)


def test_vxd_call_event_at_once():
    """From the V86 API (current VM = target, no hardware interrupt) both
    Call_* services call the callback before they return, with the registers
    of seed 003; the client CS:IP is the API call's return address."""
    r = run()
    assert_section(r, "ev call", "VXDTEST: ", [
        event(r, 0x00000001, csip(r, "evcall")),
        event(r, 0x00000002, csip(r, "evgcall")),
    ])


def test_vxd_schedule_event_runs_on_the_way_back():
    r = run()
    assert_section(r, "ev schedule", "VXDTEST: ", [
        event(r, 0x01000033, csip(r, "evsched")),
        event(r, 0x01000034, csip(r, "evgsched")),
    ])


def test_vxd_event_order():
    """The Call_VM_Event of the batch runs at once; the scheduled ones on the
    way back: global events first, then the VM's, each in FIFO order."""
    r = run()
    at = csip(r, "evorder")
    assert_section(r, "ev order", "VXDTEST: ",
                   [event(r, ref, at) for ref in (0x15, 0x12, 0x14, 0x10, 0x11, 0x13)])


def test_vxd_event_cancel():
    """Cancelled events never run; cancelling twice, handle 0, the handle of
    the other kind, or a stale handle whose slot was reused changes nothing."""
    r = run()
    at = csip(r, "evcancel")
    assert_section(r, "ev cancel", "VXDTEST: ", [event(r, 0x23, at), event(r, 0x20, at)])
    assert_section(r, "ev stale", "VXDTEST: ", [event(r, 0x30, csip(r, "evstale"))])


def test_vxd_events_scheduling_events():
    """An event's Schedule_VM_Event joins the end of the VM's list, its
    Schedule_Global_Event runs next (global first), its Call_VM_Event runs at
    once; all in the same delivery pass."""
    r = run()
    at = csip(r, "evchain")
    assert_section(r, "ev chain", "VXDTEST: ", [
        event(r, 0x02000040, at),
        event(r, 0x07000050, at),
        event(r, 0x00000051, at),
        event(r, 0x06000060, at),
        event(r, 0x00000061, at),
        "VXDTEST: nested Call_VM_Event -> called",
        event(r, 0x00000070, at),
        event(r, 0x00000041, at),
    ])


def test_vxd_event_simulates_interrupt():
    r = run()
    assert_section(r, "ev int", "VXDTEST: ", [
        event(r, 0x03000061, csip(r, "evint")),
        event(r, 0x04000061, csip(r, "evbisf")),
    ])


def _timeout_then_event(r, mark, kind, ref):
    """The time-out line and the event line, at one and the same CS:IP: the
    VM did not execute an instruction between the two.  With iopl=3 the
    timer interrupt can also come in while the VMM emulates a trapped IN or
    OUT of the VM's (the BIOS's EOI, OUT 20h): the VMM takes it in the
    window it opens for a VM running with IF clear (v86_iopl3_window), and
    the event runs on the way back from that trap, once the OUT is done:
    at the next instruction, one or two bytes on."""
    lines = section(r, mark, "VXDTEST: ")
    assert len(lines) == 2, "after `mark %s`: %r\n%s" % (mark, lines, r.log())
    m = re.fullmatch(r"VXDTEST: timeout %s -> scheduled CS:IP=([0-9A-F]{4}):([0-9A-F]{4})" % kind,
                     lines[0])
    assert m, "after `mark %s`: %r\n%s" % (mark, lines, r.log())
    cs, ip = m.group(1), int(m.group(2), 16)
    steps = (0, 1, 2) if test_vxd_common.mode == "iopl=3" else (0,)
    assert lines[1] in [event(r, ref, "%s:%04X" % (cs, ip + n)) for n in steps], \
        "after `mark %s`: %r\n%s" % (mark, lines, r.log())


def test_vxd_event_from_time_out_while_running():
    """Call_VM_Event from a time-out callback (the timer interrupt) is
    scheduled and runs on the way back from that interrupt."""
    _timeout_then_event(run(), "ev timeout spin", "Call_VM_Event", 0x01000071)


def test_vxd_event_from_time_out_while_idle():
    """With the VM in HLT (its timer masked): both time-outs' events run in
    the idle loop right after their interrupt, at the address after the HLT;
    the first (a flag) leaves the VM halted, the second (Simulate_Int) ends
    the HLT.  The rescue time-out is cancelled unfired."""
    r = run()
    at = csip(r, "evidle")
    assert_section(r, "ev timeout idle", "VXDTEST: ", [
        "VXDTEST: timeout Call_VM_Event -> scheduled CS:IP=%s" % at,
        event(r, 0x01000072, at),
        "VXDTEST: timeout Call_Global_Event -> scheduled CS:IP=%s" % at,
        event(r, 0x03000061, at),
    ])


def test_vxd_event_invalid_vm():
    assert_section(run(), "ev invalid", "VXDTEST: ", [])


def test_vxd_event_pool_exhaustion():
    """256 pending events fill the pool: the next Schedule_* is refused (the
    VMM says so once), Call_VM_Event still runs at once; the 256 run in FIFO
    order on the way back, and the pool takes events again."""
    r = run()
    assert_section(r, "ev exhaust", ("VXDTEST: ", "vmm386: "), [
        "vmm386: event pool exhausted (256 pending): event refused",
        event(r, 0x00000090, csip(r, "evexhaust")),
        event(r, 0x00000091, csip(r, "evagain")),
    ])


def test_vxd_event_register_level():
    """ASMTEST's register-level callback, for Schedule_VM_Event and for
    Call_VM_Event (at once), finds EBX = the VM, EDX = RefData, EBP = the
    VM's Client_Reg_Struc; Schedule_Thread_Event's also EDI = the thread,
    and Cancel_Thread_Event takes one back before it runs."""
    r = run()
    h = sys_vm_handle(r)
    assert_section(r, "ev asm", "ASMTEST: ", [
        "ASMTEST: event EBX=%s EDX=A5A50005 EBP=Client_Reg_Struc" % h,
        "ASMTEST: event registers as documented",
        "ASMTEST: event EBX=%s EDX=A5A50006 EBP=Client_Reg_Struc" % h,
        "ASMTEST: event registers as documented",
        # Schedule_Thread_Event: EDI = the thread as well; the cancelled one never runs
        "ASMTEST: thread event EDI = the current thread",
        "ASMTEST: event EBX=%s EDX=A5A50007 EBP=Client_Reg_Struc" % h,
        "ASMTEST: event registers as documented",
    ])


def test_vxd_events_dropped_when_the_vm_ends():
    """v_evterm: an event schedules a second one, then runs a VM interrupt
    handler that gets VM 1 terminated.  The second event never runs, and at
    System_Exit the whole pool (256) can be scheduled again."""
    r = run_vxd("v_evterm")
    h = sys_vm_handle(r)
    at = monitor_csip(*guest_addr(r))
    assert_section(r, "ev term", ("VXDTEST: ", "VM 1 ", "vmm386: "), [
        "VXDTEST: event EBX=%s EDX=08000063 EBP=Client_Reg_Struc CS:IP=%s" % (h, csip(r, "evterm")),
        "VM 1 terminated: privileged instruction MOV CRn at %s" % at,
        NO_VMS_LINE,
        "VXDTEST: System_Exit",
        "vmm386: event pool exhausted (256 pending): event refused",
        "VXDTEST: System_Exit: 0100 events can be scheduled",
        "VXDTEST: Sys_Critical_Exit",
    ])
    assert not r.fails() and r.guest_exit is None, r.log()
    assert not [l for l in r.serial_lines if l.startswith("vmm386 PANIC")], r.log()
    assert r.exit_status == EXIT_NO_VMS, "QEMU exit status %r\n%s" % (r.exit_status, r.log())
