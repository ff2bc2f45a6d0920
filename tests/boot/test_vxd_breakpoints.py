"""V86 breakpoints (seeds 000/001, Install_V86_Break_Point) through the C test
VxD VXDTEST and the guest v_bp: both opcodes (ARPL, and INT3 through
Install_V86_Break_Point_Ex), the callback's arguments, re-hits while the
callback leaves CS:IP alone, a callback ending with Simulate_Iret, removal, every documented error and the
CS-alias rule."""
from test_vxd_common import (assert_section, bp_line, check_vxd_run, info, linear, run_vxd,
                             section, sys_vm_handle)

GUEST = "v_bp"
PASSES = [
    "vxd_entry", "vxd_identify",
    # ARPL breakpoint
    "bp_install", "bp_opcode_arpl", "bp_callback_simulated", "bp_hits_vxd", "bp_hits_vmm",
    "bp_remove", "bp_remove_restores", "bp_removed_runs_original", "bp_info_none",
    "bp_remove_twice_cf",
    # INT3 breakpoint
    "bp_int3_install", "bp_opcode_int3", "bp_int3_simulated", "bp_int3_remove",
    "bp_int3_remove_restores",
    # re-hit
    "bp_rehit_install", "bp_rehit_simulated_once", "bp_rehit_hits", "bp_rehit_hits_vmm",
    "bp_rehit_remove", "bp_rehit_int3_install", "bp_rehit_int3_simulated_once",
    "bp_rehit_int3_hits", "bp_rehit_int3_remove",
    # the callback returns from the patched interrupt handler
    "bp_iret_install", "bp_iret_answer", "bp_iret_handler_skipped", "bp_iret_remove",
    "bp_iret_removed_handler_runs",
    # errors
    "bp_rom_cf", "bp_video_cf", "bp_breakpage_cf", "bp_breakpage0_cf", "bp_first_install",
    "bp_twice_cf", "bp_twice_alias_cf", "bp_first_still_works", "bp_first_remove",
    "bp_remove_none_cf", "bp_remove_none_untouched",
    # CS alias
    "bp_alias_install", "bp_alias_int6", "bp_alias_int6_ip", "bp_alias_int6_cs",
    "bp_alias_no_callback", "bp_alias_not_counted", "bp_alias_right_cs",
    "bp_alias_right_cs_no_int6", "bp_alias_right_cs_counted", "bp_alias_remove",
]


def run():
    return run_vxd(GUEST)


def test_vxd_breakpoints_guest():
    check_vxd_run(run(), PASSES)


def test_vxd_bp_vm_handle_is_the_sys_vm():
    """AH=00h returns Get_Cur_VM_Handle; it is the handle Sys_VM_Init got."""
    r = run()
    assert "info hvm " + sys_vm_handle(r) in r.guest_lines(), r.log()


def test_vxd_bp_arpl_callback_registers():
    """One hit, the callback gets BreakAddr, the VM, RefData, the linear
    address and Client_CS:IP at the breakpoint; nothing after the removal."""
    r = run()
    seg, off = info(r, "bp1")
    assert_section(r, "bp1", "VXDTEST: ", [bp_line(sys_vm_handle(r), 0x12345678, seg, off)])


def test_vxd_bp_int3_callback_registers():
    """INT3 traps after the opcode; the VMM puts Client_IP back on it."""
    r = run()
    seg, off = info(r, "bp2")
    assert_section(r, "bp2", "VXDTEST: ", [bp_line(sys_vm_handle(r), 0xCAFE0002, seg, off)])


def test_vxd_bp_rehit_until_ip_moves():
    """Seed 001: a callback that does not move Client_IP is hit again at once."""
    r = run()
    hvm = sys_vm_handle(r)
    seg, off = info(r, "bp3")
    assert_section(r, "bp3", "VXDTEST: ", [bp_line(hvm, 3, seg, off)] * 3)
    seg, off = info(r, "bp3i")
    assert_section(r, "bp3i", "VXDTEST: ", [bp_line(hvm, 0x33, seg, off)] * 2)


def test_vxd_bp_simulate_iret():
    """A breakpoint on the first byte of an interrupt handler; the callback
    returns from the interrupt with Simulate_Iret (seed 001's alternative
    to moving Client_IP past the breakpoint)."""
    r = run()
    seg, off = info(r, "bp7")
    assert_section(r, "bp7", "VXDTEST: ", [bp_line(sys_vm_handle(r), 0x77, seg, off)])


def test_vxd_bp_errors_call_nothing():
    """ROM, video memory, the break page, a second install (also through an
    alias of the same linear address) fail with carry and install nothing;
    the first breakpoint keeps its own RefData."""
    r = run()
    assert_section(r, "errors", "VXDTEST: ", [])
    seg, off = info(r, "bp4")
    assert_section(r, "bp4", "VXDTEST: ", [bp_line(sys_vm_handle(r), 0x44, seg, off)])
    assert not [l for l in r.serial_lines if "EEEE000" in l], r.log()


def test_vxd_bp_cs_alias():
    """Installed at (CS+1):(bp6-16), executed at CS:bp6: the VMM logs the
    alias, calls no callback and the VM gets its invalid opcode (INT 6);
    executed through the installed segment, the callback runs."""
    r = run()
    seg, off = info(r, "bp6")
    iseg, ioff = seg + 1, off - 16
    alias = ("VM 1: V86 breakpoint %04x:%04x hit through %04x:%04x "
             "(CS differs from the installed segment)" % (iseg, ioff, seg, off))
    got = [l for l in section(r, "bp6") if not l.startswith("VM1: PASS")]
    assert got == [alias], "want exactly the alias line, got %r\n%s" % (got, r.log())
    assert_section(r, "bp6 right cs", "VXDTEST: ",
                   [bp_line(sys_vm_handle(r), 0x66, iseg, ioff, lin=linear(seg, off))])
