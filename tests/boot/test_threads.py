"""Threads (vmm/thread.h): a VM's threads through the VMM's V86 API and the
thread services at the VxD level, with the VMTEST VxD (tests/vxd/vmtest.c)
logging the thread control messages: their DDK order and contexts, a thread
that faults, a refused Create_Thread, a VM that ends with a thread running,
invalid handles, and every thread's stack going back."""
import re

import pytest

import vmmtest
from vmmtest import ROOT, run_vms

VMTEST = ROOT / "build" / "vmtest" / "vmm386.elf"


def run(guests, **kw):
    if not VMTEST.exists():
        pytest.fail("%s missing (make vmtest)" % VMTEST, pytrace=False)
    r = run_vms(guests, kernel=VMTEST, **kw)
    assert not any("PANIC" in l for l in r.serial_lines), r.log()
    return r


def pos(r, line):
    assert line in r.serial_lines, "%r not found\n%s" % (line, r.log())
    return r.serial_lines.index(line)


def thread_id(r, what):
    """The thread ID in the VMM's "VM n thread T created" line number `what`."""
    ids = [int(m.group(1)) for m in (re.match(r"vmm386: VM \d+ thread (\d+) created", l)
                                      for l in r.serial_lines) if m]
    assert len(ids) > what, r.log()
    return ids[what]


def msgs_of(r, vm, t):
    """VMTEST's thread message lines for thread t of VM vm, in log order."""
    tag = " VM%d T%d " % (vm, t)
    return [l[len("VMTEST: "):] for l in r.serial_lines
            if l.startswith("VMTEST: ") and (tag in l + " ")]


@pytest.fixture(scope="module")
def threads_run():
    return run(["m_threads"])


def test_two_threads_of_a_vm_interleave_and_end(threads_run):
    r = threads_run
    lines = r.vm_lines(1)
    a = [i for i, l in enumerate(lines) if l.startswith("A line ")]
    b = [i for i, l in enumerate(lines) if l.startswith("B line ")]
    assert len(a) == 6 and len(b) == 6, r.log()
    # both busy (no HLT): only the thread quantum lets the other one run
    assert a[0] < b[-1] and b[0] < a[-1], "no interleaving\n%s" % r.log()
    assert not [l for l in lines if l.startswith("FAIL")], r.log()
    for p in ("a_initial", "a_threads", "a_end_refused", "create_b", "b_not_initial", "b_threads",
              "b_stack", "b_id", "threads_after_b"):
        assert "PASS " + p in lines, "%s\n%s" % (p, r.log())
    assert r.exit_status == 1, r.log()


def test_thread_messages_in_ddk_order_and_contexts(threads_run):
    r = threads_run
    b = thread_id(r, 0)
    assert msgs_of(r, 1, b) == [
        "Create_Thread VM1 T%d (not current) creating" % b,     # in the creator's context
        "Thread_Init VM1 T%d (current) creating" % b,           # in the new thread's
        "Terminate_Thread VM1 T%d (current)" % b,               # it ended itself
        "Thread_Not_Executeable VM1 T%d flags=0 (not current)" % b,
        "Destroy_Thread VM1 T%d (not current)" % b,
    ], r.log()
    assert pos(r, "VM 1 thread %d ended: ended by the thread (V86 API)" % b) < \
        pos(r, "VMTEST: Destroy_Thread VM1 T%d (not current)" % b), r.log()


def test_a_blocked_thread_blocks_only_itself(threads_run):
    r = threads_run
    assert pos(r, "VM1: D waits") < pos(r, "VM1: A signals") < \
        pos(r, "VMTEST: semaphore passed by VM1") < pos(r, "VM1: D woken"), r.log()
    assert "PASS d_woken" in r.vm_lines(1), r.log()


def test_the_critical_section_is_a_threads(threads_run):
    """Owned by a thread: another thread of the same VM waits for it."""
    r = threads_run
    assert pos(r, "VM1: E wants crit") < pos(r, "VM1: A leaves crit") < \
        pos(r, "VMTEST: critical section left by VM1") < pos(r, "VM1: E got crit"), r.log()
    assert "PASS e_got_crit" in r.vm_lines(1), r.log()


def test_stacks_go_back_on_destroy_thread(threads_run):
    r = threads_run
    freed = [l for l in r.serial_lines if re.match(r"vmm386: VM 1 thread \d+ destroyed", l)]
    assert len(freed) == 5, r.log()    # B, C (faulted), the one Create_Thread refused, D, E
    assert all(l.endswith(", 4 pages freed") for l in freed), r.log()


def test_a_faulting_thread_ends_only_itself(threads_run):
    r = threads_run
    c = thread_id(r, 1)
    assert any(l.startswith("VM 1 thread %d terminated: " % c) for l in r.serial_lines), r.log()
    assert not any(l.startswith("VM 1 terminated") for l in r.serial_lines), r.log()
    assert msgs_of(r, 1, c) == [
        "Create_Thread VM1 T%d (not current) creating" % c,
        "Thread_Init VM1 T%d (current) creating" % c,
        "Thread_Not_Executeable VM1 T%d flags=1 (not current)" % c,    # VNE_Crashed, no Terminate_Thread
        "Destroy_Thread VM1 T%d (not current)" % c,
    ], r.log()
    lines = r.vm_lines(1)
    assert "C faults" in lines and "A still runs" in lines, r.log()
    assert "PASS threads_after_c" in lines and "PASS create_c" in lines, r.log()


def test_a_failed_create_thread_stops_the_creation(threads_run):
    r = threads_run
    failed = [l for l in r.serial_lines if l.startswith("VMTEST: Create_Thread") and "(failing it)" in l]
    assert len(failed) == 1, r.log()
    t = int(re.search(r" T(\d+) ", failed[0]).group(1))
    assert msgs_of(r, 1, t) == [
        "Create_Thread VM1 T%d (not current) creating (failing it)" % t,
        "Thread_Not_Executeable VM1 T%d flags=4 (not current)" % t,    # VNE_CreateFail
        "Destroy_Thread VM1 T%d (not current)" % t,
    ], r.log()
    assert "vmm386: VM 1 thread %d: a VxD failed Create_Thread" % t in r.serial_lines, r.log()
    lines = r.vm_lines(1)
    assert "PASS create_refused" in lines and "PASS threads_after_refusal" in lines, r.log()


def test_thread_services_and_invalid_handles():
    r = run(["m_thread_svc"])
    lines = r.vm_lines(1)
    assert not [l for l in lines if l.startswith("FAIL")], r.log()
    for p in ("checks_initial", "vxd_create", "checks_x", "vxd_terminate", "checks_after",
              "terminate_stale_refused", "switched_called", "switched_bad"):
        assert "PASS " + p in lines, "%s\n%s" % (p, r.log())
    checks = [l for l in r.serial_lines if l.startswith("VMTEST: thread check ")]
    assert checks and not [l for l in checks if l.endswith(" BAD")], r.log()
    assert "VMTEST: thread check stale_refused ok" in checks, r.log()
    # every refusal names the service and the calling VxD
    for what in ("00000000", "12345678"):
        assert any(re.fullmatch(r"vmm386: Validate_Thread_Handle \(VMM 010Ch\) from VxD VMTEST\+"
                                r"[0-9A-F]+h: invalid thread handle %s, refused" % what, l)
                   for l in r.serial_lines), r.log()
    assert any("VMMTerminateThread" in l and "initial thread" in l and l.endswith("refused")
               for l in r.serial_lines), r.log()
    assert any("VMMTerminateThread" in l and "the current thread, refused" in l
               for l in r.serial_lines), r.log()
    x = thread_id(r, 0)
    assert msgs_of(r, 1, x) == [
        "Create_Thread VM1 T%d (not current) creating" % x,
        "Thread_Init VM1 T%d (current) creating" % x,
        "InitCallback VM1 T%d (current) ref=7E06 type=ok ebp=ok" % x,   # after Thread_Init
        "Terminate_Thread VM1 T%d (not current)" % x,                  # VMMTerminateThread from A
        "Thread_Not_Executeable VM1 T%d flags=0 (not current)" % x,
        "Destroy_Thread VM1 T%d (not current)" % x,
    ], r.log()
    assert r.exit_status == 1, r.log()


def test_a_vms_end_ends_its_threads_first():
    r = run(["m_thread_vmend", "m_ticks"])
    s = thread_id(r, 0)
    assert "S spins" in r.vm_lines(1) and "PASS exits_with_a_thread" in r.vm_lines(1), r.log()
    assert pos(r, "VM 1 ended: exit request") < \
        pos(r, "VMTEST: Thread_Not_Executeable VM1 T%d flags=0 (not current)" % s) < \
        pos(r, "VMTEST: Destroy_Thread VM1 T%d (not current)" % s) < \
        pos(r, "VMTEST: VM_Not_Executeable VM1 flags=0 (not current)") < \
        pos(r, "VMTEST: Destroy_VM VM1 (not current) cb=lost"), r.log()   # VM 1 had no Create_VM
    assert not [l for l in r.serial_lines if l.startswith("VMTEST: Terminate_Thread")], r.log()
    assert "PASS progress" in r.vm_lines(2), r.log()    # VM 2 goes on
    assert r.exit_status == 1, r.log()


def test_kdb_lists_threads():
    """`.th` in the serial debugger: every thread with its VM, state, and
    which one runs; `.vm` counts them."""
    from test_kdb import Kdb, PROMPT
    k = Kdb("m_thread_kdb", "debug=kdb", 40, vmmtest.ELF)
    try:
        k.expect(PROMPT)
        k.send(b"g\r")
        k.expect(b"VM1: threads up")
        k.send(b"\x03")
        k.expect(PROMPT, timeout=5)
        out = k.cmd(".th")
        rows = [l for l in out.split("\n") if re.match(r"\s*\d+ [0-9a-f]{8}  1 ", l)]
        assert len(rows) == 2, out
        assert sum("initial" in l for l in rows) == 1, out
        assert sum("current" in l for l in rows) == 1, out
        assert all(" live " in l for l in rows), out
        spinner = [l for l in rows if "initial" not in l][0]
        assert re.search(r" live +[0-9a-f]{4}:[0-9a-f]{4} [0-9a-f]{4}:[0-9a-f]{4} 1  runnable", spinner), out
        out = k.cmd(".vm")
        assert "2 threads (.th)" in out, out
        out = k.cmd("?")
        assert re.search(r"^  \.th\s", out, re.M), out
    finally:
        k.close()


def test_a_thread_bomb_is_refused_at_the_limit():
    """Hostile: a VM that makes threads without end gets 32 (its initial one
    included); each refusal is logged, the VM ends with all of them."""
    r = run_vms(["m_thread_bomb"])
    assert not any("PANIC" in l for l in r.serial_lines), r.log()
    assert "vmm386: VM 1 has 32 threads already: thread refused" in r.serial_lines, r.log()
    assert "PASS threads_at_the_limit" in r.vm_lines(1) and "PASS made" in r.vm_lines(1), r.log()
    assert r.exit_status == 1, r.log()


def test_a_thread_ended_inside_its_irq_handler_leaves_no_irq_in_service():
    """X is ended by VMMTerminateThread while inside the IRQ 0 handler it was
    given, before the handler's EOI, and Y faults there: VPICD ends what each
    had in service (and says so), so VM 1's BIOS ticks go on on its initial
    thread."""
    r = run(["m_thread_irqend"])
    lines = r.vm_lines(1)
    assert "X stuck in its IRQ 0 handler" in lines, r.log()
    assert "PASS terminate_x" in lines and "ticks go on after X" in lines, r.log()
    assert "PASS create_y" in lines and "ticks go on after Y" in lines, r.log()
    for n in (0, 1):
        assert "VPICD: VM 1 thread %d ended with IRQ 0 in service: ended it" % thread_id(r, n) \
            in r.serial_lines, r.log()
    y = thread_id(r, 1)
    assert any(l.startswith("VM 1 thread %d terminated: " % y) for l in r.serial_lines), r.log()
    assert r.exit_status == 1, r.log()


def test_a_tick_wakes_the_initial_thread_not_the_last_halted_one():
    """A and X both idle in HLT: every tick wakes A (the first halted thread),
    so A's wait for ten ticks ends although X was the thread loaded last.
    (The clock tick also asks for a reschedule; an interrupt raised without
    one, as VTD's owed ticks at an EOI, relies on v86_idle alone: that race
    hung m_thread_bomb once in a full run.)"""
    r = run_vms(["m_thread_hlt"])
    assert "PASS create_x" in r.vm_lines(1), r.log()
    assert "A counted 10 ticks in HLT" in r.vm_lines(1) and r.exit_status == 1, r.log()
