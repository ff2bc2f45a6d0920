"""The sample VxDs stay out of the default kernel (issue 10): a DOS program
that hooks INT 60h (the packet-driver vector) sees its own AH=01h/02h calls
under the default kernel, the INT60 sample answers them only in a kernel
built with it (build/samples/vmm386.elf); XMSHOOK built the default way
(make VXDS=vxd/samples/xmshook.c, no VXDFLAGS) logs no line per XMS call,
only the entry it hooked and a count at System_Exit."""
import re
import subprocess

from vmmtest import ELF, ROOT, SAMPLES_ELF, check_bare, check_vmm, run_bare, run_vmm

TIMEOUT = 10


def _info(r):
    out = {}
    for line in r.guest_lines():
        m = re.fullmatch(r"INFO (int60_0[12]) ([0-9A-F]{4})", line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def test_int60_bare():
    r = run_bare("x_int60", timeout=TIMEOUT)
    check_bare(r, ["int60_done"])
    assert _info(r) == {"int60_01": "BEEF", "int60_02": "BEEF"}, r.log()


def test_default_kernel_has_no_sample():
    r = run_vmm("x_int60", timeout=TIMEOUT)
    check_vmm(r, ["int60_done"])
    assert _info(r) == {"int60_01": "BEEF", "int60_02": "BEEF"}, r.log()
    assert not [l for l in r.serial_lines if re.match(r"vmm386: VxD (INT60|XMSHOOK)", l)], r.log()
    assert b"XMSHOOK" not in ELF.read_bytes() and b"INT60" not in ELF.read_bytes()


def test_int60_sample_answers():
    r = run_vmm("x_int60", timeout=TIMEOUT, kernel=SAMPLES_ELF)
    check_vmm(r, ["int60_done"])
    assert _info(r) == {"int60_01": "0005", "int60_02": "0001"}, r.log()
    assert "INT60: got 'hello'" in r.serial_lines, r.log()


def test_xmshook_quiet_by_default(tmp_path):
    b = ROOT / "build" / "xmsquiet"
    subprocess.run(["make", "--no-print-directory", "B=%s" % b, "VXDS=vxd/samples/xmshook.c",
                    str(b / "vmm386.elf")], cwd=ROOT, check=True, capture_output=True, timeout=300)
    r = run_vmm("x_xms", timeout=TIMEOUT, kernel=b / "vmm386.elf", cache=False)
    check_vmm(r, [])
    lines = [l for l in r.serial_lines if l.startswith("XMSHOOK")]
    assert not [l for l in lines if "XMS call A" in l], r.log()
    calls = [l for l in lines if l.endswith(" XMS calls")]
    assert len(calls) == 1 and int(calls[0].split()[1], 16) > 0, r.log()
    assert [l for l in lines if l.startswith("XMSHOOK: XMS entry at")], r.log()


def test_callback_sample_hands_vm_and_thread_records_to_a_dos_program():
    """The CALLBACK sample (vxd/samples/callback.c): VM and thread records
    reach the DOS program that registered through INT 60h, one at a time,
    by a priority event (Wait_For_STI | Wait_Not_Crit) that Simulate_Far_Calls
    its procedure; Call_When_VM_Returns frees each record at the RETF."""
    from vmmtest import run_vms
    r = run_vms(["x_callback", "m_ticks"], kernel=SAMPLES_ELF, timeout=60)
    assert not any("PANIC" in l for l in r.serial_lines), r.log()
    for p in ("registered", "thread_made", "records"):
        assert "PASS " + p in r.vm_lines(1), r.log()
    recs = [l for l in r.vm_lines(1) if l.startswith("record ")]
    assert "record Create_VM VM 0002 thread 0000" in recs, r.log()
    assert "record Destroy_VM VM 0002 thread 0000" in recs, r.log()
    made = [l for l in recs if re.fullmatch(r"record Create_Thread VM 0001 thread [0-9A-F]{4}", l)]
    gone = [l for l in recs if re.fullmatch(r"record Destroy_Thread VM 0001 thread [0-9A-F]{4}", l)]
    assert made and gone and made[-1].split()[-1] == gone[-1].split()[-1] != "0000", r.log()
    assert recs.index(made[-1]) < recs.index(gone[-1]), r.log()
    info = {l.split()[1]: int(l.split()[2], 16) for l in r.vm_lines(1) if l.startswith("INFO ")}
    assert info["delivered"] == len(recs) and info["lost"] == 0, r.log()
    # the program went on where it was: it got to the end
    assert r.exit_status == 1, r.log()


def test_callback_sample_under_freedos():
    """The same records inside a real DOS program: CBWATCH.COM
    (tests/guest/dos/cbwatch.asm), run by FreeDOS' AUTOEXEC.BAT, registers
    through INT 60h, makes a thread and a fork of its VM that both end at
    once, and prints each record the sample hands it; then DOS goes on to
    the end of AUTOEXEC.BAT."""
    from dosimage import make_dos_disk
    from vmmtest import run_vms
    img = make_dos_disk(["@ECHO OFF", "CBWATCH", "E9SAY after cbwatch", "E9SAY /X"],
                        progs=["CBWATCH.COM", "E9SAY.COM"])
    r = run_vms([str(img)], kernel=SAMPLES_ELF, timeout=120)
    assert not any("PANIC" in l for l in r.serial_lines), r.log()
    lines = r.vm_lines(1)
    assert "CBWATCH: failed" not in lines, r.log()
    recs = [l for l in lines if l.startswith("record ")]
    assert "record Create_VM VM 0002 thread 0000" in recs, r.log()
    assert "record Destroy_VM VM 0002 thread 0000" in recs, r.log()
    made = [l for l in recs if re.fullmatch(r"record Create_Thread VM 0001 thread [0-9a-f]{4}", l)]
    gone = [l for l in recs if re.fullmatch(r"record Destroy_Thread VM 0001 thread [0-9a-f]{4}", l)]
    assert made and gone and made[-1].split()[-1] == gone[-1].split()[-1] != "0000", r.log()
    assert recs.index(made[-1]) < recs.index(gone[-1]), r.log()
    m = [re.fullmatch(r"delivered ([0-9a-f]{4}) lost ([0-9a-f]{4})", l) for l in lines]
    m = [x for x in m if x]
    assert m and int(m[0].group(1), 16) == len(recs) and int(m[0].group(2), 16) == 0, r.log()
    assert "after cbwatch (VM 1)" in lines, r.log()
