"""VMM services on the client state through the C test VxD VXDTEST and the
guest v_sim: Simulate_Push/Pop/Far_Call/Far_Jmp/Far_Ret/Far_Ret_N/Int/Iret
and Build_Int_Stack_Frame with SS:SP near 0 (every stack access wraps
inside the 64 KB segment), Get/Set_V86_Int_Vector, Save/Restore_Client_State
and nested execution of the VM's INT 10h from ring 0."""
from test_vxd_common import assert_section, check_vxd_run, run_vxd

GUEST = "v_sim"
PASSES = [
    "vxd_entry",
    "sim_push_sp_wraps", "sim_push_first", "sim_push_second_wrapped",
    "sim_pop_first", "sim_pop_second_wrapped", "sim_pop_sp",
    "sim_far_call_target_ran", "sim_far_call_sp", "sim_far_call_ret_ip", "sim_far_call_ret_cs",
    "sim_far_call_back_sp",
    "sim_far_jmp_target_ran", "sim_far_jmp_no_return", "sim_far_jmp_sp",
    "sim_far_ret_jumped", "sim_far_ret_sp_wraps", "sim_far_ret_n_jumped", "sim_far_ret_n_sp",
    "sim_int_handler_ran", "sim_int_frame_sp", "sim_int_frame_cs", "sim_int_handler_if0",
    "sim_int_frame_if1", "sim_int_iret_if1", "sim_int_back_sp", "sim_int_frame_ip",
    "bisf_handler_ran", "bisf_frame_sp", "bisf_frame_ip", "bisf_handler_if0", "bisf_frame_if1",
    "bisf_back_sp",
    "sim_iret_jumped", "sim_iret_sp", "sim_iret_flags",
    "get_v86_int_vector", "set_v86_int_vector_ivt", "set_v86_int_vector_int",
    "state_eax", "state_ebx", "state_ecx", "state_edx", "state_esi", "state_edi", "state_ebp",
    "state_es", "state_fs", "state_gs", "state_cf", "state_sp",
    "lj_save_returns", "lj_restore_resumed", "lj_ax", "lj_esi",
    "lj_restores_if1", "lj_restores_if0",
    "nested_through_ivt", "nested_bx_preserved", "nested_si_preserved", "nested_ax_preserved",
    "nested_char_in_video_memory", "nested_cursor_advanced",
    "nested_twice_outer_result", "nested_twice_inner_char",
]


def run():
    return run_vxd(GUEST)


def test_vxd_simulate_guest():
    check_vxd_run(run(), PASSES)


def test_vxd_save_restore_client_state_log():
    """The buffer Save_Client_State filled equals the client registers, and
    after scribbling over them Restore_Client_State brings every field back."""
    assert_section(run(), "client state", "VXDTEST: ", ["VXDTEST: client state restored"])


def test_vxd_nested_int10_log():
    r = run()
    assert_section(r, "nested", "VXDTEST: ", ["VXDTEST: nested INT 10h done"])
    assert_section(r, "nested twice", "VXDTEST: ", ["VXDTEST: nested INT 10h done"])
