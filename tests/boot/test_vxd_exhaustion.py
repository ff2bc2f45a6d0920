"""The VMM's fixed tables, filled through the C test VxD VXDTEST by the guest
v_exhaust in a boot of their own: 10240 V86 breakpoints, V86MMGR's one at
VM 1's BIOS INT 15h entry and the guest's 10239 (the next install
sets carry and patches nothing; a freed slot is reusable; removal restores
every byte) and 1024 V86 callbacks (the next Allocate_V86_Call_Back fails)."""
from test_vxd_common import assert_section, bp_line, check_vxd_run, info_value, run_vxd, sys_vm_handle

GUEST = "v_exhaust"
PASSES = [
    "vxd_entry",
    "bp_table_full_cf", "bp_table_holds_10239", "bp_failed_install_patches_nothing",
    "bp_all_patched", "bp_next_install_cf", "bp_remove_one", "bp_install_in_freed_slot",
    "bp_full_again_cf", "bp_remove_spare", "bp_last_works", "bp_remove_all", "bp_all_restored",
    "bp_install_after_cleanup", "bp_remove_after_cleanup",
    "cb_table_full_cf", "cb_in_break_page", "cb_next_allocate_cf", "cb_next_allocate_0_0",
    "cb_last_works",
]
MAX_V86_BREAK_POINTS = 10240
GUEST_BREAK_POINTS = MAX_V86_BREAK_POINTS - 1   # V86MMGR has one in every VM
V86_CALLBACKS = 1024
FIRST_CALLBACK_OFFSET = 0x10        # callbacks/v86page.h: V86PAGE_CALLBACKS


def run():
    return run_vxd(GUEST)


def test_vxd_exhaustion_guest():
    check_vxd_run(run(), PASSES)


def test_vxd_last_breakpoint_hit():
    """Only the breakpoint the guest runs calls back (RefData = its index)."""
    r = run()
    last = GUEST_BREAK_POINTS - 1
    assert_section(r, "last bp", "VXDTEST: ", [bp_line(sys_vm_handle(r), last, 0x3000, last)])
    assert_section(r, "bp cleanup", "VXDTEST: ", [])


def test_vxd_callback_table_size():
    """The callbacks the guest got plus those allocated before it (the V86 API
    entry points, the first offsets of the page) are 1024 in all, the last at
    offset 10h + 1023."""
    r = run()
    count, first = info_value(r, "cb_count"), info_value(r, "cb_first_off")
    last = info_value(r, "cb_last_off")
    assert first >= FIRST_CALLBACK_OFFSET, r.log()
    assert count + (first - FIRST_CALLBACK_OFFSET) == V86_CALLBACKS, r.log()
    assert last == FIRST_CALLBACK_OFFSET + V86_CALLBACKS - 1, r.log()
    assert info_value(r, "cb_first_seg") == info_value(r, "cb_last_seg"), r.log()


def test_vxd_last_callback_called():
    r = run()
    assert_section(r, "last cb", "VXDTEST: ", [
        "VXDTEST: cb EBX=%s EDX=%08X CS:IP=1000:%04X" % (
            sys_vm_handle(r), info_value(r, "cb_count") - 1, info_value(r, "cb_last_ret"))])
