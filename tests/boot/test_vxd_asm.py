"""The register-level NASM test VxD ASMTEST driven by the guest v_asm:
Install_V86_Break_Point with a register callback entered exactly as seed
001 says (EAX = BreakAddr, EBX = VM, EDX = RefData, ESI = BreakLinAddr,
EBP = Client_Reg_Struc), Allocate_V86_Call_Back, Hook_V86_Int_Chain with the
carry convention in one chain with a C hook, Hook_V86_Fault passing faults
on through the previous handler, and the dynalink checks."""
from test_vxd_common import assert_section, check_vxd_run, info, linear, run_vxd, sys_vm_handle

GUEST = "v_asm"
PASSES = [
    "asm_entry", "asm_identify", "asm_dynalink_ok", "asm_unknown_function_cf",
    "asm_bp_install", "asm_bp_opcode", "asm_bp_simulated", "asm_bp_twice_cf", "asm_bp_remove",
    "asm_bp_restored", "asm_bp_remove_twice_cf", "asm_bp_rom_cf", "asm_bp_removed_runs_original",
    "asm_cb_allocate", "asm_cb_ax", "asm_cb_refdata",
    "c_hook_a", "asm_hook", "asm_hook_consumes", "asm_hook_passes_on", "asm_chain_reaches_ivt",
    "asm_unhook", "asm_unhooked_not_called", "asm_unhook_twice_cf", "c_unhook_a",
    "asm_chain_ivt_count",
    "asm_fault_hook", "asm_fault_handled_ax", "asm_fault_handled_no_int0", "asm_fault_passed_int0",
    "asm_fault_unhook", "asm_fault_unhooked_int0", "asm_fault_unhook_twice_cf",
    "asm_fault_hook_invalid_cf",
    "asm_timeout_set", "asm_timeout_set2", "asm_timeout_fired_once",
    "asm_vid", "asm_vid_handled",
]


def run():
    return run_vxd(GUEST)


def test_vxd_asm_guest():
    check_vxd_run(run(), PASSES)


def test_vxd_asm_breakpoint_registers():
    r = run()
    seg, off = info(r, "abp")
    assert_section(r, "asm bp", "ASMTEST: ", [
        "ASMTEST: bp EAX=%04X%04X EBX=%s EDX=A5A50001 ESI=%08X EBP=Client_Reg_Struc"
        % (seg, off, sys_vm_handle(r), linear(seg, off)),
        "ASMTEST: bp registers as documented",
    ])


def test_vxd_asm_callback_registers():
    r = run()
    assert_section(r, "asm cb", "ASMTEST: ", [
        "ASMTEST: cb EBX=%s EDX=A5A50002" % sys_vm_handle(r),
        "ASMTEST: cb registers as documented",
    ])


def test_vxd_asm_hook_chain():
    """ASMTEST hooked after VXDTEST's C hook A, so it runs first; carry clear
    consumes, carry set passes on to A, then to the IVT; once unhooked it is
    not called."""
    r = run()
    both = ("ASMTEST: ", "VXDTEST: ")
    assert_section(r, "asm chain R", both, ["ASMTEST: hook int 6A CL=52"])
    assert_section(r, "asm chain A", both, ["ASMTEST: hook int 6A CL=41",
                                            "VXDTEST: hook A int 6A CL=41"])
    assert_section(r, "asm chain none", both, ["ASMTEST: hook int 6A CL=5A",
                                               "VXDTEST: hook A int 6A CL=5A"])
    assert_section(r, "asm chain unhooked", both, ["VXDTEST: hook A int 6A CL=52"])


def test_vxd_asm_fault_hook():
    """A register-level Hook_V86_Fault handler: handled, it returns; not
    handled, it jumps to the previous handler (ESI of Hook_V86_Fault) and
    the VM gets its INT 0; unhooked, it is not called."""
    r = run()
    assert_section(r, "asm fault handled", "ASMTEST: ",
                   ["ASMTEST: fault CS:IP=%04X:%04X" % info(r, "adiv1")])
    assert_section(r, "asm fault passed", "ASMTEST: ",
                   ["ASMTEST: fault CS:IP=%04X:%04X" % info(r, "adiv2")])
    assert_section(r, "asm fault unhooked", "ASMTEST: ", [])


def test_vxd_asm_time_out():
    """Set_Global_Time_Out register level: the callback gets EBX = a VM and
    EBP = its client registers, EDX = RefData; the cancelled one never fires."""
    r = run()
    assert_section(r, "asm timeout", "ASMTEST: ", ["ASMTEST: timeout EDX=A5A50003",
                                                   "ASMTEST: timeout registers as documented"])


def test_vxd_asm_vpicd_procedures():
    """VPICD's descriptor procedures, register level (vpicd.inc): EAX = the
    IRQ handle, EBX = the VM, ECX = 0 unmasked / 1 masked for Mask_Change,
    carry clear for an IRET that came in time."""
    r = run()
    ok = "ASMTEST: vid registers as documented"
    assert_section(r, "asm vid", "ASMTEST: ", [
        "ASMTEST: vid mask_change ECX=00000000 CF=0", ok,
        "ASMTEST: vid virt_int ECX=00000000 CF=0", ok,
        "ASMTEST: vid eoi ECX=00000000 CF=0", ok,
        "ASMTEST: vid iret ECX=00000000 CF=0", ok,
        "ASMTEST: vid mask_change ECX=00000001 CF=0", ok,
    ])


def test_vxd_asm_nothing_wrong():
    r = run()
    assert not [l for l in r.serial_lines if l.startswith("ASMTEST:") and "WRONG" in l], r.log()
