"""The device VxDs under the VMs' interrupts (issue 8): VPICD, VTD and
V86MMGR are VxDs with DDBs and service tables, and a third-party VxD --
DEVTEST (tests/vxd/devtest.c, built against the public headers only) --
calls their services and finds the VMM's hooks they are built on
(VMM386_Install_Int_Controller, VMM386_Hook_Hw_Int, VMM386_Hook_Timer_Tick)
and their ports taken; VMM386_Set_V86_A20 and VMM386_Get_V86_Ext_Page, the
VMM services under V86MMGR, answer for the VM.  DEVTEST runs its checks at Sys_VM_Init."""
import re

from test_vxd_common import check_vxd_run, run_vxd

CHECKS = [
    "VPICD_ddb", "VTD_ddb", "V86MMGR_ddb",
    "intc_taken", "hw_int_taken", "tick_taken",
    "port20_taken", "port40_taken", "port92_taken",
    "irq0_is_vtds", "cascade_refused", "virtualize", "virtualize_twice_refused",
    "status_before", "set_int_request", "clear_int_request",
    "vtd_version", "vtd_period_1ms", "vtd_begin_min", "vtd_begin_zero_refused",
    "vtd_end_min", "vtd_end_unpaired_refused", "vtd_disable_trapping_refused",
    "pic_trapping_stays", "pit_trapping_stays", "vtd_real_time",
    "a20_off", "a20_was", "a20_on",
    "ext_pages", "ext_page_0", "ext_page_past_end", "ext_bad_vm",
]
DEVICES = {"VPICD": ("0003", "0c000000"), "VTD": ("0005", "14000000"),
           "V86MMGR": ("0006", "a0000000"), "VKD": ("000d", "28000000")}


def test_device_vxds_through_the_public_api():
    r = run_vxd("v_sys")
    check_vxd_run(r, [])
    lines = [l for l in r.serial_lines if l.startswith("DEVTEST: ")]
    assert not [l for l in lines if "FAIL" in l], "\n".join(lines) + "\n" + r.log()
    ok = [l[len("DEVTEST: ok "):] for l in lines if l.startswith("DEVTEST: ok ")]
    assert ok == CHECKS, "\n".join(lines)
    assert lines[-1] == "DEVTEST: done"


def test_device_vxds_in_the_device_list():
    """The boot log lists them as VxDs, with the DDK's IDs and init orders."""
    r = run_vxd("v_sys")
    for name, (dev, order) in DEVICES.items():
        want = "vmm386: VxD %s (device %s, init order %s)" % (name, dev, order)
        assert want in r.serial_lines, want + "\n" + r.log()
