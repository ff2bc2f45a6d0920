"""XMS.SYS (tools/dos/xms.asm), our XMS 3.0 driver, loaded by FreeDOS'
CONFIG.SYS, checked by XMSTEST.COM (tests/guest/dos/xmstest.asm) the way a
DOS program calls it: on bare QEMU, in a vmm386 VM (IOPL 0 and iopl=3),
with and without DOS=HIGH, with the driver named twice (the second refuses
to load), and in two VMs at once (each VM's EMBs are its own).  Skipped
when the FreeDOS image is absent."""
import re

from dosimage import make_dos_disk
from vmmtest import check_no_vmm_errors, run_bare, run_vmm, run_vms

PROGS = ["XMS.SYS", "XMSTEST.COM", "E9SAY.COM"]
DEVICE = "DEVICE=A:\\XMS.SYS"

COMMON = [
    "installed", "one_xms_device", "int15_88_cf_clear", "int15_88_zero", "version_300", "hma_exists", "query_free", "query_free_total",
    "alloc_1", "alloc_2", "two_handles", "free_less_8k",
    "move_conv_to_emb", "move_emb_to_emb", "move_emb_to_conv", "move_data_same",
    "move_offset_data", "move_overlap_fwd", "move_overlap_fwd_data", "move_overlap_back_data",
    "move_overlap_64k", "move_overlap_64k_data",
    "move_odd_len_a7", "move_bad_src_a3", "move_bad_dst_a5", "move_src_off_a4",
    "move_dst_off_a6", "move_past_block_a7",
    "hostile_huge_len", "hostile_huge_len_emb", "hostile_wild_src_off", "hostile_wild_dst_off",
    "hostile_conv_past_hma", "hostile_len_past_end", "hostile_blocks_intact",
    "free_bad_a2", "lock_1", "lock_addr_above_hma", "lock_addrs_apart", "free_locked_ab",
    "info_lock_count", "info_size", "unlock_unlocked_aa",
    "realloc_grow", "realloc_size", "realloc_data_kept", "realloc_shrink", "realloc_shrink_data",
    "query_free32", "alloc32", "info32_size", "realloc32", "realloc32_size", "free32", "alloc_zero", "free_zero",
    "alloc_too_big_a0", "free_1", "free_2", "free_twice_a2", "free_back_total",
    "free_back_merged", "umb_none_b1", "unknown_ax0", "unknown_bl80",
    "a20_local_on", "a20_query_on", "a20_really_on", "a20_local_off", "a20_query_off",
    "a20_really_off", "a20_global_on", "a20_global_off",
]
DOS_HIGH = COMMON + ["hma_used_by_dos"]
DOS_LOW = COMMON + ["hma_request", "hma_twice_91", "hma_release", "hma_release_twice_93",
                    "hma_small_granted"]
DOS_LOW_HMAMIN = DOS_LOW[:-1] + ["hma_small_92"]


def disk(config_first=(DEVICE,), config_drop=(), name="xms"):
    return make_dos_disk(["@ECHO OFF", "XMSTEST", "E9SAY after xmstest", "E9SAY /X"], progs=PROGS,
                         name=name, config_first=config_first, config_drop=config_drop)


def check(r, passes):
    lines = r.guest_lines()
    got = [l[5:] for l in lines if l.startswith("PASS ")]
    fails = [l for l in lines if l.startswith("FAIL")]
    assert not fails, "FAIL lines %r\n%s" % (fails, r.log())
    assert sorted(got) == sorted(passes), \
        "PASS lines differ: missing %r, extra %r\n%s" % (sorted(set(passes) - set(got)),
                                                        sorted(set(got) - set(passes)), r.log())
    assert "XMSTEST done" in lines, r.log()
    assert any(l.startswith("after xmstest") for l in lines), r.log()
    assert r.exit_status == 1, r.log()


def test_xms_bare():
    check(run_bare(str(disk()), timeout=60), DOS_HIGH)


def test_xms_bare_dos_low():
    """Without DOS=HIGH the HMA is free for XMSTEST to request and release."""
    check(run_bare(str(disk(config_drop=("DOS=HIGH",))), timeout=60), DOS_LOW)


def test_xms_bare_hmamin():
    """DEVICE=A:\\XMS.SYS /HMAMIN=16: a 1 KB HMA request fails with 92h, an
    application's (DX=FFFFh) is granted."""
    check(run_bare(str(disk(config_first=(DEVICE + " /HMAMIN=16",), config_drop=("DOS=HIGH",))),
                   timeout=60), DOS_LOW_HMAMIN)


def test_xms_bare_loaded_twice():
    """DEVICE=XMS.SYS twice: the second sees the first through INT 2Fh
    AX=4300h, says so on the screen and refuses (one XMSXXXX0 in DOS's
    device chain).  The screen is read with the monitor's pmemsave while
    AUTOEXEC.BAT waits in PAUSE."""
    img = make_dos_disk(["@ECHO OFF", "XMSTEST", "PAUSE", "E9SAY after xmstest", "E9SAY /X"],
                        progs=PROGS, name="xms2", config_first=(DEVICE, DEVICE))
    dump = img.parent / "screen.bin"
    r = run_bare(str(img), timeout=60, keys=[("XMSTEST done", ["!pmemsave 0xb8000 4000 \"%s\"" % dump, "ret"])])
    check(r, DOS_HIGH)
    screen = dump.read_bytes()[::2].decode("latin-1")
    rows = [screen[i:i + 80].rstrip() for i in range(0, 2000, 80)]
    assert rows.count("XMS.SYS: an XMS driver is already installed; not loaded") == 1, "\n".join(rows)
    assert sum(r.startswith("XMS.SYS: XMS 3.0 driver, ") for r in rows) == 1, "\n".join(rows)


def test_xms_vmm():
    r = run_vmm(str(disk()), via="fd0", timeout=90)
    check_no_vmm_errors(r)
    check(r, DOS_HIGH)


def test_xms_vmm_dos_low():
    r = run_vmm(str(disk(config_drop=("DOS=HIGH",))), via="fd0", timeout=90)
    check_no_vmm_errors(r)
    check(r, DOS_LOW)


def test_xms_vmm_iopl3():
    r = run_vmm(str(disk()), via="fd0", cmdline="iopl=3", timeout=90)
    check_no_vmm_errors(r)
    check(r, DOS_HIGH)


def test_xms_two_vms_isolated():
    """Two VMs, each with XMS.SYS: both fill a 4 KB EMB at the same linear
    address (their own extended memory, V86MMGR's INT 15h AH=87h) with
    their own byte, wait (BIOS ticks: VM 1 2 s, VM 2 6 s) while the other
    VM runs, and read their own byte back.  VM 1 then runs the whole
    XMSTEST, hostile move structures included, while VM 2 still waits:
    VM 2's EMB is not touched."""
    imgs = []
    for c, cmds in (("A", ["XMSTEST /ISO A 2", "XMSTEST"]), ("B", ["XMSTEST /ISO B 6"])):
        imgs.append(str(make_dos_disk(["@ECHO OFF"] + cmds + ["E9SAY /X"],
                                      progs=PROGS, name="iso" + c, config_first=(DEVICE,))))
    r = run_vms(imgs, timeout=120)
    assert not any("PANIC" in l or "terminated" in l for l in r.serial_lines), r.log()
    addrs = []
    for n in (1, 2):
        lines = r.vm_lines(n)
        assert "FAIL" not in " ".join(lines), r.log()
        for p in ["iso_alloc", "iso_store", "iso_kept"] + (DOS_HIGH if n == 1 else []):
            assert "PASS " + p in lines, "VM %d: no PASS %s\n%s" % (n, p, r.log())
        m = [re.fullmatch(r"ISO addr ([0-9A-F]{8})", l) for l in lines]
        addrs += [x.group(1) for x in m if x]
    assert len(addrs) == 2 and addrs[0] == addrs[1], "want one linear address in both VMs: %r\n%s" \
        % (addrs, r.log())
    s = r.serial_lines
    assert s.index("VM2: PASS iso_store") < s.index("VM1: PASS hostile_blocks_intact") \
        < s.index("VM2: PASS iso_kept"), "VM 1's hostile moves not inside VM 2's wait\n" + r.log()
    assert r.exit_status == 1, r.log()


def test_xms_under_xmshook():
    """The XMSHOOK sample (build/samples/vmm386.elf, one log line per XMS
    call) finds XMS.SYS's entry through INT 2Fh AX=4310h and puts its V86
    breakpoint on the entry's short jump; every call still reaches the
    driver (XMSTEST passes the same) and XMSHOOK sees each of them."""
    from vmmtest import SAMPLES_ELF
    r = run_vmm(str(disk()), via="fd0", kernel=SAMPLES_ELF, timeout=90)
    check_no_vmm_errors(r)
    check(r, DOS_HIGH)
    entry = [l for l in r.serial_lines if re.fullmatch(r"XMSHOOK: XMS entry at [0-9A-F]{4}:[0-9A-F]{4}", l)]
    assert entry, r.log()
    lines = r.serial_lines
    run = lines[lines.index("VM1: PASS installed"):lines.index("VM1: XMSTEST done")]
    seen = {l.split("AH=")[1][:2] for l in run if l.startswith("XMSHOOK: XMS call AH=")}
    want = {"%02X" % f for f in list(range(0x00, 0x11)) + [0x13, 0x88, 0x89, 0x8E, 0x8F]} - {"02"}
    assert want <= seen, "XMS calls not seen by XMSHOOK: %r\n%s" % (sorted(want - seen), r.log())
    assert len(entry) == 1 and "XMSHOOK: System_Exit: breakpoint at %s removed" % entry[0].split()[-1] \
        in r.serial_lines, r.log()
