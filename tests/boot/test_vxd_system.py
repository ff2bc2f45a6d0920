"""System services through the C test VxD VXDTEST and the guest v_sys:
INT 2Fh AX=1600h/1684h, Get_VMM_Version, Get_DDB, VM handles
(Validate_VM_Handle, Test_Sys_VM_Handle, Test_Cur_VM_Handle), and
Set_Global_Time_Out / Cancel_Time_Out / Get_System_Time."""
from test_vxd_common import assert_section, check_vxd_run, info_value, run_vxd, sys_vm_handle

GUEST = "v_sys"
PASSES = [
    "int2f_1600_version",
    "int2f_1684_vxdtest", "int2f_1684_asmtest", "int2f_1684_entries_in_break_page",
    "int2f_1684_entries_distinct", "int2f_1684_unknown_0_0", "int2f_1684_failinit_0_0",
    "int2f_1684_vmm_api", "int2f_1684_by_name", "int2f_1684_by_name_failinit_0_0",
    "get_vmm_version_nc", "get_vmm_version", "get_vmm_version_debug_rev",
    "get_ddb_id_vxdtest", "get_ddb_id_asmtest", "get_ddb_id_vmm", "get_ddb_id_failinit_none",
    "get_ddb_id_unknown_none", "get_ddb_name_asmtest", "get_ddb_name_vxdtest",
    "get_ddb_name_undefined_id", "get_ddb_name_failinit_none", "get_ddb_name_unknown_none",
    "identify", "api_gets_cur_vm", "cur_vm_is_sys_vm",
    "handle_valid_sys_cur", "handle_zero_invalid", "handle_garbage_invalid",
    "handle_off_by_4_invalid",
    "dynalink_patched",
    "timeout_set", "timeout_set2", "timeout_handles_distinct", "timeout_not_yet",
    "timeout_fired_once", "timeout_fired_ref", "timeout_not_early", "timeout_on_time",
    "system_time_advances", "system_time_sane",
]


def run():
    return run_vxd(GUEST)


def test_vxd_system_guest():
    check_vxd_run(run(), PASSES)


def test_vxd_handle_is_the_sys_vm_handle():
    r = run()
    assert info_value(r, "hvm") == int(sys_vm_handle(r), 16), r.log()


def test_vxd_time_outs():
    """Only the time-out that was not cancelled fires, once, due exactly
    100 ms after it was set on the VMM's 1 ms clock: the time it ran, less
    the lateness the VMM passes the callback (ECX, Extra), is 100."""
    r = run()
    assert_section(r, "timeouts", "VXDTEST: ", ["VXDTEST: timeout ref=00000001"])
    assert info_value(r, "timeout_elapsed") == 100, r.log()
