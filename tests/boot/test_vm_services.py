"""The VMM services about several VMs, through the VMTEST VxD
(tests/vxd/vmtest.c, build/vmtest/vmm386.elf): control messages in the
DDK's order with the DDK's registers, the critical section, semaphores,
events for a VM that is not running, Nuke_VM, priorities and Suspend_VM."""
import re

import pytest

from vmmtest import ROOT, run_vms

VMTEST = ROOT / "build" / "vmtest" / "vmm386.elf"


def run(guests, **kw):
    if not VMTEST.exists():
        pytest.fail("%s missing (make vmtest)" % VMTEST, pytrace=False)
    r = run_vms(guests, kernel=VMTEST, **kw)
    assert not any("PANIC" in l for l in r.serial_lines), r.log()
    return r


def vmtest_lines(r):
    return [l[len("VMTEST: "):] for l in r.serial_lines if l.startswith("VMTEST: ")]


def pos(r, line):
    assert line in r.serial_lines, "%r not found\n%s" % (line, r.log())
    return r.serial_lines.index(line)


def test_control_messages_of_a_vm_in_ddk_order():
    r = run(["m_ticks", "m_idle"])      # VM 2 ends first, VM 1 goes on
    got = [l for l in vmtest_lines(r) if l.endswith(")") or " VM2" in l]
    want = ["Create_VM VM2 (not current) cb=0",
            "VM_Critical_Init VM2 (not current)",
            "VM_Init VM2 (current)",
            "VM_Terminate VM2 (current)",
            "VM_Not_Executeable VM2 flags=0 (not current)",
            "Destroy_VM VM2 (not current) cb=kept"]
    got2 = [l for l in got if " VM2" in l and not l.startswith("global event")]
    assert got2 == want, "got %r\n%s" % (got2, r.log())
    assert "Sys_VM_Init VM1 (current)" in vmtest_lines(r), r.log()
    # an event a VxD schedules at Destroy_VM runs (in a VM that is still there)
    assert "global event from Destroy_VM VM2 ran in VM1" in vmtest_lines(r), r.log()
    assert r.exit_status == 1, r.log()


def test_critical_section_excludes():
    r = run(["m_crit_a", "m_crit_b"])
    assert pos(r, "VM2: want crit") < pos(r, "VM1: leaving crit"), r.log()
    assert pos(r, "VMTEST: critical section left by VM1") < \
        pos(r, "VMTEST: critical section entered by VM2") < pos(r, "VM2: got crit"), r.log()
    assert "PASS crit_status" in r.vm_lines(2), r.log()
    assert r.exit_status == 1, r.log()


def test_semaphore_blocks_and_wakes():
    r = run(["m_sem_wait", "m_sem_signal"])
    assert pos(r, "VM1: waiting") < pos(r, "VM2: signalling") < \
        pos(r, "VMTEST: semaphore passed by VM1") < pos(r, "VM1: woken"), r.log()
    assert r.exit_status == 1, r.log()


def test_event_for_a_vm_that_is_not_running_runs_in_it():
    r = run(["m_event_src", "m_idle"])
    assert "VMTEST: event scheduled for VM2" in r.serial_lines, r.log()
    assert "VMTEST: event for VM2 runs in VM2 (scheduled from VM1)" in r.serial_lines, r.log()
    assert pos(r, "VMTEST: event scheduled for VM2") < \
        pos(r, "VMTEST: event for VM2 runs in VM2 (scheduled from VM1)") < pos(r, "VM2: PASS idled"), r.log()


def test_nuke_vm_leaves_the_caller_running():
    r = run(["m_nuke", "m_spin"])
    assert "VM 2 terminated: Nuke_VM" in r.serial_lines, r.log()
    assert "VMTEST: VM_Not_Executeable VM2 flags=2 (not current)" in r.serial_lines, r.log()
    assert "VMTEST: Destroy_VM VM2 (not current) cb=kept" in r.serial_lines, r.log()
    assert "VMTEST: VM_Terminate VM2 (current)" not in r.serial_lines, r.log()
    assert "PASS nuked" in r.vm_lines(1) and "PASS vm_count_after_nuke" in r.vm_lines(1), r.log()
    assert r.exit_status == 1, r.log()


def test_boosted_vm_runs_first():
    r = run(["m_prio_hi", "m_prio_lo"])
    a, b = pos(r, "VM1: hi boosted"), pos(r, "VM1: hi done")
    between = [l for l in r.serial_lines[a:b] if l.startswith("VM2:")]
    assert between == [], "VM 2 ran while VM 1 was boosted: %r\n%s" % (between, r.log())
    # and it ran before and after: the boost, not a hang, kept it out
    assert any(l == "VM2: progress" for l in r.serial_lines[b:]), r.log()
    assert r.exit_status == 1, r.log()


def test_suspended_vm_does_not_run():
    r = run(["m_suspender", "m_prio_lo"])
    a, b = pos(r, "VMTEST: VM_Suspend VM2 (not current)"), pos(r, "VMTEST: VM_Resume VM2 (not current)")
    assert pos(r, "VM1: suspended") > a and pos(r, "VM1: resuming") < b, r.log()
    between = [l for l in r.serial_lines[a:b] if l.startswith("VM2:")]
    assert between == [], r.log()
    assert "VM2: PASS prio_lo" in r.serial_lines[b:], r.log()


def test_idle_vm_takes_no_time():
    r = run(["m_exectime", "m_exectime"])
    assert "PASS busy_time" in r.vm_lines(1), r.log()
    assert "PASS idle_time" in r.vm_lines(2), r.log()


SCHED_HANDLE_SERVICES = [
    "Adjust_Exec_Priority (VMM 001Eh)", "Suspend_VM (VMM 002Bh)", "Resume_VM (VMM 002Ch)",
    "No_Fail_Resume_VM (VMM 002Dh)", "Nuke_VM (VMM 002Eh)", "Set_Execution_Focus (VMM 0031h)",
    "Set_Time_Slice_Priority (VMM 0033h)", "Wake_Up_VM (VMM 0039h)",
    "Get_Time_Slice_Priority (VMM 0032h)", "Get_VM_Exec_Time (VMM 0040h)",
]


@pytest.mark.parametrize("service", SCHED_HANDLE_SERVICES)
def test_scheduling_services_refuse_invalid_vm_handles(service):
    r = run(["m_badhandle"])
    assert "PASS zero_handle_refused" in r.vm_lines(1), r.log()
    assert "PASS garbage_handle_refused" in r.vm_lines(1), r.log()
    for value in ("00000000", "deadbeef"):
        assert any(re.fullmatch(r"vmm386: %s from VxD VMTEST\+[0-9A-F]+h: invalid VM handle %s, refused"
                                % (re.escape(service), value), l) for l in r.serial_lines), r.log()


def test_priority_events_for_the_current_vm():
    r = run(["m_prio_event"])
    L = r.serial_lines
    ev = lambda ref, how="in time IF=1": "VMTEST: priority event for VM1 runs in VM1 %s ref=%d" % (how, ref)
    for p in ["at_once", "always_sched_scheduled", "wait_for_sti_scheduled", "time_out_scheduled",
              "wait_in_pm_refused"]:
        assert "PASS " + p in r.vm_lines(1), r.log()
    # Always_Sched: scheduled, and run before the VM executes again
    assert pos(r, ev(1)) < pos(r, ev(2)) < pos(r, "VM1: after always_sched"), r.log()
    # Wait_For_STI: held while IF=0, runs at the STI
    assert pos(r, "VM1: cli held") < pos(r, ev(3)) < pos(r, "VM1: after sti"), r.log()
    # Time_Out: runs with carry (timed out) while IF is still 0
    assert pos(r, ev(4, "timed out IF=0")) < pos(r, "VM1: after spin"), r.log()
    # cancelled: never runs
    assert not any("ref=5" in l for l in L), r.log()
    # refused flags are named on the log
    assert any(re.fullmatch(r"vmm386: Call_Priority_VM_Event \(VMM 0014h\) from VxD VMTEST\+[0-9A-F]+h: "
                            r"PEF_Wait_In_PM \(no protected-mode clients in vmm386 yet\), refused", l)
               for l in L), r.log()
    # Process_Last runs after the VM's other events, whatever the order asked
    assert pos(r, ev(8)) < pos(r, ev(7)) < pos(r, "VM1: after process_last"), r.log()
    assert r.exit_status == 1, r.log()


def test_boosted_priority_event_for_another_vm_runs_first():
    r = run(["m_prio_other", "m_idle"])
    e = "VMTEST: priority event for VM2 runs in VM2 in time IF=1 ref=1"
    assert pos(r, e) < pos(r, "VM1: after prio for vm2"), r.log()


def test_failed_creation_stops_cleanly():
    """A VxD failing Create_VM, VM_Critical_Init or VM_Init: the VM is not
    run, gets VM_Not_Executeable with VNE_CreateFail (4), VNE_CrInitFail (8)
    or VNE_InitFail (10h) and Destroy_VM, and gives every page back."""
    r = run(["m_createfail", "m_idle"], cmdline="")
    for p in ["create_vm_failed", "vm_critical_init_failed", "vm_init_fails_later"]:
        assert "PASS " + p in r.vm_lines(1), r.log()
    L = vmtest_lines(r)
    # VM 2 is module 1's own VM (m_idle); the failed ones are VMs 3, 4, 5
    assert "Create_VM VM3 (not current) cb=0 (failing it)" in L, r.log()
    assert "VM_Not_Executeable VM3 flags=4 (current)" in L or \
        "VM_Not_Executeable VM3 flags=4 (not current)" in L, r.log()
    assert "VM_Critical_Init VM4 (not current) (failing it)" in L, r.log()
    assert any(l.startswith("VM_Not_Executeable VM4 flags=8") for l in L), r.log()
    assert "VM_Init VM5 (current) (failing it)" in L, r.log()
    assert any(l.startswith("VM_Not_Executeable VM5 flags=16") for l in L), r.log()
    for n in (3, 4, 5):
        assert any(l.startswith("Destroy_VM VM%d " % n) for l in L), r.log()
        assert not r.vm_lines(n), r.log()
    for n in (3, 4, 5):
        m = re.search(r"vmm386: VM %d destroyed, (\d+) pages freed" % n, r.serial)
        assert m and int(m.group(1)) > 0xA0 + 0x10, r.log()      # its 640 KB and HMA at least
    assert r.exit_status == 1, r.log()


def test_set_device_focus():
    r = run(["m_focus", "m_idle"])
    assert "PASS focus_to_vm2" in r.vm_lines(1) and "PASS focus_to_nobody_refused" in r.vm_lines(1), r.log()
    assert "VMTEST: Set_Device_Focus VM2 (not current)" in r.serial_lines, r.log()
    assert "vmm386: focus on VM 2" in r.serial_lines, r.log()


def test_event_callbacks_with_bad_flags_are_named_and_repaired():
    """An event callback may change EAX..EDI and the flags, but must return
    with the direction flag clear and interrupts as it got them (off, in
    vmm386's ring 0): one that does not is named on the log (VxD+offset and
    address) and the VMM repairs the flags; the next callback is entered
    with DF=0 and IF=0."""
    r = run(["m_cb_flags"])
    L = r.serial_lines
    for p in ["df_c_event", "if_c_event", "df_regs_priority", "if_regs_priority", "both_regs_priority"]:
        assert "PASS " + p in r.vm_lines(1), r.log()
    named = lambda kind, what: [l for l in L if re.fullmatch(
        r"vmm386: %s callback VxD VMTEST\+[0-9A-F]+h at [0-9a-f]{8} returned with %s \(repaired\)"
        % (kind, what), l)]
    assert len(named("event", "the direction flag set")) == 1, r.log()
    assert len(named("event", "interrupts enabled")) == 1, r.log()
    assert len(named("priority event", "the direction flag set")) == 1, r.log()
    assert len(named("priority event", "interrupts enabled")) == 1, r.log()
    assert len(named("priority event", "interrupts enabled and the direction flag set")) == 1, r.log()
    # repaired: every later callback is entered with both clear
    entry = [l for l in L if l.startswith("VMTEST: flags at entry VM1")]
    assert entry == ["VMTEST: flags at entry VM1 DF=0", "VMTEST: flags at entry VM1 IF=0"] * 5, r.log()
    assert pos(r, "VM1: after bad callbacks") > 0, r.log()
    assert r.exit_status == 1, r.log()


def test_restricted_events_flag_by_flag():
    """Call_Restricted_Event: at once, PEF_Always_Sched, Wait_For_Thread_STI
    (held by CLI, released by STI), Time_Out (carry, while IF stays 0), a
    cancelled one never runs (and stale, zero, foreign cancels are
    harmless), Wait_In_PM refused, Wait_Crit / Wait_Crit_VM against the
    critical section held by this thread, by another thread of the VM; a
    thread event runs on its own thread only; a dead thread's never runs."""
    r = run(["m_restricted"])
    L = r.serial_lines
    for p in ["at_once", "always_sched_scheduled", "thread_sti_scheduled", "time_out_scheduled",
              "wait_in_pm_refused", "crit_vm_own_at_once", "crit_own_at_once", "thread_x_created",
              "crit_other_thread_scheduled", "crit_vm_same_vm_at_once", "x_event_scheduled",
              "x_crit_scheduled", "x_terminated", "ring0_scheduled"]:
        assert "PASS " + p in r.vm_lines(1), r.log()

    def ev(ref):
        m = [l for l in L if re.fullmatch(r"VMTEST: restricted event in VM1 ref=%d thread \d+ .*" % ref, l)]
        assert len(m) <= 1, r.log()
        return m[0] if m else None

    assert ev(1) and ev(2) and pos(r, ev(2)) < pos(r, "VM1: after always_sched"), r.log()
    assert ev(3).endswith("(its own) in time IF=1"), r.log()
    assert pos(r, "VM1: cli held") < pos(r, ev(3)) < pos(r, "VM1: after sti"), r.log()
    assert ev(4).endswith("(its own) timed out IF=0") and pos(r, ev(4)) < pos(r, "VM1: after spin"), r.log()
    assert ev(5) is None and ev(6) is None, r.log()
    assert any(re.fullmatch(r"vmm386: Call_Restricted_Event \(VMM 015Ah\) from VxD VMTEST\+[0-9A-F]+h: "
                            r"PEF_Wait_In_PM \(no protected-mode clients in vmm386 yet\), refused", l)
               for l in L), r.log()
    assert ev(7) and ev(8) and ev(10), r.log()
    # X's event (Call_Priority_Thread_Event) runs on X
    x = ev(11)
    assert x and x.endswith("(its own) in time IF=1"), r.log()
    thread = lambda line: line.split(" thread ")[1].split()[0]
    assert thread(x) != thread(ev(3)), r.log()
    # Wait_Crit, any thread: never on ours while X has the critical section.  On X, which
    # holds it, it may run as soon as X is scheduled; on ours only once X has left it.
    assert ev(9) and pos(r, ev(9)) < pos(r, "VM1: after crit"), r.log()
    if thread(ev(9)) != thread(x):
        assert pos(r, "VM1: crit held by x") < pos(r, ev(9)), r.log()
    assert pos(r, "VM1: after crit") < pos(r, x) < pos(r, "VM1: after x event"), r.log()
    # X ended with its event pending: it never runs
    assert ev(12) is None and "VM1: after x gone" in L, r.log()
    # a ring-0 event runs in whichever context comes next: here, ours
    assert ev(13) and pos(r, "VM1: after x gone") < pos(r, ev(13)) < pos(r, "VM1: after ring0"), r.log()
    assert not any("(WRONG)" in l for l in L), r.log()
    assert r.exit_status == 1, r.log()


def test_kdb_shows_restricted_events():
    """kdb .ev: a pending restricted event's kind, target thread, boost, PEF
    flags and time-out."""
    from test_kdb import Kdb, PROMPT
    k = Kdb("m_ev_kdb", "debug=kdb", 40, VMTEST)
    try:
        k.expect(PROMPT)
        k.send(b"g\r")
        k.expect(b"VM1: pending")
        k.send(b"\x03")
        k.expect(PROMPT, timeout=5)
        out = k.cmd(".ev")
        rows = [l for l in out.split("\n") if "restricted:" in l]
        assert len(rows) == 2, out
        assert any(re.search(r"VM 1 .* restricted: thread \d+ boost 0 PEF 0910 time-out [0-9a-f]{8} pending$", l)
                   for l in rows), out
        assert any(re.search(r"VM 1 .* restricted: thread \d+ boost 0 PEF 0300$", l) for l in rows), out
        ids = {re.search(r"thread (\d+)", l).group(1) for l in rows}
        assert len(ids) == 2, out       # two threads: each event names its own
    finally:
        k.close()


def test_set_thread_time_out():
    """Set_Thread_Time_Out: fires for its thread (EDI = it, EBP = its client
    registers, EBX = its VM); a cancelled one and one whose thread ended
    first never fire."""
    r = run(["m_thread_to"])
    for p in ["create_x", "x_time_out_set", "own_time_out_set", "x_time_out_set_again", "x_terminated"]:
        assert "PASS " + p in r.vm_lines(1), r.log()
    fired = [l for l in r.serial_lines if l.startswith("VMTEST: thread time-out in VM1 ")]
    assert len(fired) == 1, r.log()
    assert re.fullmatch(r"VMTEST: thread time-out in VM1 ref=1 thread \d+ \(its own\) EBP=its client registers",
                        fired[0]), r.log()
    assert pos(r, fired[0]) < pos(r, "VM1: after x time-out"), r.log()
    assert "VM1: after x gone" in r.serial_lines and r.exit_status == 1, r.log()


def test_set_thread_time_out_refuses_a_bad_thread():
    r = run(["m_badthread_to"])
    assert "PASS bad_thread_refused" in r.vm_lines(1), r.log()
    assert any(re.fullmatch(r"vmm386: Set_Thread_Time_Out \(VMM 00FDh\) from VxD VMTEST\+[0-9A-F]+h: "
                            r"invalid thread handle 00000000, refused", l) for l in r.serial_lines), r.log()


def test_vm_and_thread_time_outs_count_execution_time():
    """As in the DDK, a VM time-out counts the VM's execution time and a
    thread time-out the thread's: neither fires while its VM or thread idles
    in HLT; a VM time-out does fire while another thread of the VM runs."""
    r = run(["m_exec_time_outs"])
    for p in ["vm_time_out_set", "create_x", "thread_time_out_set", "vm_time_out_set_again", "x_terminated"]:
        assert "PASS " + p in r.vm_lines(1), r.log()
    vm1 = "VMTEST: VM time-out in VM1 ref=1"
    vm3 = "VMTEST: VM time-out in VM1 ref=3"
    th = [l for l in r.serial_lines if l.startswith("VMTEST: thread time-out in VM1 ref=2 ")]
    assert len(th) == 1 and th[0].endswith("(its own) EBP=its client registers"), r.log()
    assert pos(r, "VM1: VM idle over") < pos(r, vm1) < pos(r, "VM1: VM busy over"), r.log()
    assert pos(r, vm3) < pos(r, "VM1: A idle over") < pos(r, th[0]) < pos(r, "VM1: A busy over"), r.log()
    assert r.exit_status == 1, r.log()


def test_vpicd_descriptor_procedures():
    """VPICD calls every procedure of an IRQ's descriptor: Mask_Change at an
    unmask and a mask, Virt_Int at delivery, EOI at the handler's EOI, IRET
    at its IRET, or at VID_IRET_Time_Out with carry (and not again)."""
    r = run(["m_vid"])
    assert "PASS virtualized" in r.vm_lines(1), r.log()
    seq = [l for l in r.serial_lines if l.startswith("VMTEST: VID ") or l in
           ("VM1: first handler returned", "VM1: second handler returned")]
    assert seq == ["VMTEST: VID mask_change VM1 unmasked",
                   "VMTEST: VID virt_int VM1", "VMTEST: VID eoi VM1", "VMTEST: VID iret VM1 returned",
                   "VM1: first handler returned",
                   "VMTEST: VID virt_int VM1", "VMTEST: VID eoi VM1", "VMTEST: VID iret VM1 timed out",
                   "VM1: second handler returned",
                   "VMTEST: VID mask_change VM1 masked"], r.log()
    assert r.exit_status == 1, r.log()
