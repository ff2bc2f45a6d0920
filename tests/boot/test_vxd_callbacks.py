"""V86 callbacks, Call_When_VM_Returns, V86 interrupt-hook chains and V86
fault hooks through the C test VxD VXDTEST and the guest v_cb."""
from test_vxd_common import assert_section, check_vxd_run, info, run_vxd, sys_vm_handle

GUEST = "v_cb"
PASSES = [
    "vxd_entry",
    # Allocate_V86_Call_Back
    "cb_allocate", "cb_in_break_page", "cb_allocate2", "cb_distinct", "cb_ax", "cb_refdata",
    "cb_stack_balanced", "cb2_ax", "cb2_refdata", "cb_again_ax",
    # Call_When_VM_Returns
    "ret0_handler_ran", "ret0_frame_points_at_vmm", "ret0_called", "ret0_not_timed_out",
    "ret_slow_called_once", "ret_slow_timed_out", "ret_quick_called", "ret_quick_no_time_out",
    "ret_quick_timed_out_count", "ret_neg_called_twice", "ret_neg_timed_out",
    "ret_consumed_no_handler", "ret_consumed_called",
    # Hook_V86_Int_Chain / Unhook_V86_Int_Chain
    "hook_a", "hook_b", "hook_c", "chain_b_consumed", "chain_a_consumed",
    "chain_consumed_not_ivt", "chain_reaches_ivt", "chain_ivt_count",
    "nested_chain_consumed", "nested_chain_consumed_not_ivt", "nested_chain_reaches_ivt",
    "nested_chain_ivt_count", "unhook_b",
    "unhooked_b_not_called", "unhook_b_twice_cf", "unhook_other_vector_cf", "unhook_a",
    "unhook_c", "chain_empty_ivt", "chain_empty_ivt_count",
    # Hook_V86_Fault / Unhook_V86_Fault
    "fault_hook", "fault_handled_ax", "fault_handled_no_int0", "fault_passed_int0",
    "fault_passed_int0_ip", "fault_unhook", "fault_unhooked_int0", "fault_unhook_twice_cf",
    "fault_hook_invalid_cf",
]


def run():
    return run_vxd(GUEST)


def csip(r, name):
    return "%04X:%04X" % info(r, name)


def test_vxd_callbacks_guest():
    check_vxd_run(run(), PASSES)


def test_vxd_v86_callback_lines():
    """The callback gets the VM and its RefData; Client_CS:IP is already the
    caller's return address (the VMM simulated the far return)."""
    r = run()
    h = sys_vm_handle(r)
    assert_section(r, "cb", "VXDTEST: ", [
        "VXDTEST: cb EBX=%s EDX=C0FFEE01 CS:IP=%s" % (h, csip(r, "cb_ret1")),
        "VXDTEST: cb EBX=%s EDX=C0FFEE02 CS:IP=%s" % (h, csip(r, "cb_ret2")),
        "VXDTEST: cb EBX=%s EDX=C0FFEE01 CS:IP=%s" % (h, csip(r, "cb_ret3")),
    ])


def test_vxd_returns_time_out_zero():
    """Time-out 0: one call, when the VM returns, at the instruction after the INT."""
    r = run()
    assert_section(r, "returns 0", "VXDTEST: ",
                   ["VXDTEST: returns ref=AA000000 timedout=0 CS:IP=%s" % csip(r, "r_ret0")])


def test_vxd_returns_positive_time_out_slow_vm():
    """Time-out > 0 and the VM is slower: called at the time-out only."""
    r = run()
    assert_section(r, "returns slow", "VXDTEST: ", ["VXDTEST: returns ref=BB000000 timedout=1"])


def test_vxd_returns_positive_time_out_quick_vm():
    """Time-out > 0 and the VM returns in time: called at the return only,
    and the time-out never fires afterwards."""
    r = run()
    assert_section(r, "returns quick", "VXDTEST: ",
                   ["VXDTEST: returns ref=CC000000 timedout=0 CS:IP=%s" % csip(r, "r_ret_quick")])


def test_vxd_returns_negative_time_out():
    """Time-out < 0: called at the time-out and again at the return."""
    r = run()
    assert_section(r, "returns negative", "VXDTEST: ", [
        "VXDTEST: returns ref=DD000000 timedout=1",
        "VXDTEST: returns ref=DD000000 timedout=0 CS:IP=%s" % csip(r, "r_ret_neg"),
    ])


def test_vxd_returns_interrupt_consumed():
    """The hook consumed the interrupt, so the VM 'returns' at once."""
    r = run()
    assert_section(r, "returns consumed", "VXDTEST: ",
                   ["VXDTEST: returns ref=EE000000 timedout=0 CS:IP=%s" % csip(r, "r_ret_consumed")])


def hooks(*names, cl):
    return ["VXDTEST: hook %s int 67 CL=%02X" % (n, ord(cl)) for n in names]


def test_vxd_int_chain_order():
    """Hooked A, B, C: C runs first; a hook passing on (carry set) hands the
    interrupt to the one hooked before it, one consuming it (carry clear)
    ends the chain; when all pass, the VM's IVT handler runs."""
    r = run()
    assert_section(r, "chain B", "VXDTEST: ", hooks("C", "B", cl="B"))
    assert_section(r, "chain A", "VXDTEST: ", hooks("C", "B", "A", cl="A"))
    assert_section(r, "chain none", "VXDTEST: ", hooks("C", "B", "A", cl="Z"))


def test_vxd_int_chain_nested_exec_int():
    """Exec_Int from ring 0 runs the same chain: consumed by a hook, the VM
    runs nothing; passed on by all, the VM's handler runs."""
    r = run()
    assert_section(r, "nested chain B", "VXDTEST: ", hooks("C", "B", cl="B"))
    assert_section(r, "nested chain none", "VXDTEST: ", hooks("C", "B", "A", cl="Z"))


def test_vxd_int_chain_unhook():
    r = run()
    assert_section(r, "chain unhooked B", "VXDTEST: ", hooks("C", "A", cl="B"))
    assert_section(r, "chain empty", "VXDTEST: ", [])


def test_vxd_fault_hook():
    """Hook_V86_Fault 0: the hook sees the faulting CS:IP; handled, the VM's
    INT 0 never runs; passed on, it does; unhooked, the hook is not called."""
    r = run()
    assert_section(r, "fault handled", "VXDTEST: ", ["VXDTEST: fault 00 CS:IP=%s" % csip(r, "div1")])
    assert_section(r, "fault passed", "VXDTEST: ", ["VXDTEST: fault 00 CS:IP=%s" % csip(r, "div2")])
    assert_section(r, "fault unhooked", "VXDTEST: ", [])
