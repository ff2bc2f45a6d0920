"""INT 15h AH=88h extended memory size and AH=87h block move to 2 MB and back,
and to the HMA and back with A20 off."""
from vmmtest import check_bare, check_same_passes, check_vmm, run_bare, run_vmm

GUEST = "t_int15"
PASSES = [
    "int15_88_nonzero",
    "int15_88_2mb",
    "int15_87_to_ext",
    "int15_87_from_ext",
    "int15_87_data",
    "int15_87_to_hma",
    "int15_87_a20_kept",
    "int15_87_hma_not_wrapped",
    "int15_87_hma_data",
]


def test_int15_bare():
    check_bare(run_bare(GUEST), PASSES)


def test_int15_vmm():
    r = run_vmm(GUEST)
    check_vmm(r, PASSES)
    check_same_passes(r, run_bare(GUEST))


# ---- I15TEST.COM (tests/guest/dos/i15test.asm) under FreeDOS, no XMS driver:
# V86MMGR answers INT 15h at the BIOS's entry, behind the VM's own hooks.
DOS_PROGS = ["I15TEST.COM", "E9SAY.COM"]
DOS_PASSES = [
    "i15_88_cf_clear", "i15_88_size", "i15_87_to_ext", "i15_87_from_ext", "i15_87_data",
    "i15_own_hook_first", "i15_chained_to_ext", "i15_chained_from_ext", "i15_chained_data",
    "i15_chained_twice", "i15_rom_write_dropped",
]


def dos_disk(cmds, name):
    from dosimage import make_dos_disk
    return str(make_dos_disk(["@ECHO OFF"] + cmds + ["E9SAY /X"], progs=DOS_PROGS, name=name))


def dos_passes(lines):
    assert not [l for l in lines if l.startswith("FAIL")], "\n".join(lines)
    return sorted(l[5:] for l in lines if l.startswith("PASS "))


def test_int15_dos_bare():
    r = run_bare(dos_disk(["I15TEST"], "i15bare"), timeout=60)
    lines = r.guest_lines()
    assert dos_passes(lines) == sorted(DOS_PASSES), r.log()
    assert "I15TEST done" in lines, r.log()


def test_int15_dos_vmm():
    """Without XMS.SYS: the VM's size from AH=88h, AH=87h moves; the
    program's own hook comes first and its chained moves reach V86MMGR
    at the BIOS's entry; a write over that entry (ROM) is dropped; the
    vector made the entry through another CS gets the VM its INT 6."""
    from vmmtest import check_no_vmm_errors
    r = run_vmm(dos_disk(["I15TEST", "I15TEST /ALIAS"], "i15vmm"), via="fd0", timeout=90)
    check_no_vmm_errors(r)
    assert not any("takes no breakpoint" in l for l in r.serial_lines), r.log()
    lines = r.guest_lines()
    assert dos_passes(lines) == sorted(DOS_PASSES + ["i15_alias_int6"]), r.log()
    assert lines.count("I15TEST done") == 2, r.log()
    assert any(l.startswith("V86MMGR: VM 1: the BIOS's INT 15h entry F000:") and
               l.endswith(": INT 15h AH=87h/88h/E801h/E820h answered there") for l in r.serial_lines), r.log()
    assert any("V86 breakpoint f000:" in l and "(CS differs from the installed segment)" in l
               for l in r.serial_lines), r.log()


def test_int15_dos_wild_stack():
    """VM 1 jumps to the BIOS's INT 15h entry (AH=88h) with SP=FFFFh: the
    return V86MMGR simulates would pop across the stack segment's end, so
    that VM ends with the monitor's stack-fault message; VM 2 (I15TEST's
    whole check) goes on."""
    from vmmtest import run_vms
    r = run_vms([dos_disk(["I15TEST /WILD"], "i15wild"), dos_disk(["I15TEST"], "i15ok")], timeout=120)
    assert not any("PANIC" in l or "takes no breakpoint" in l for l in r.serial_lines), r.log()
    assert any(l.startswith("VM 1 terminated") and "stack fault at f000:" in l and ":ffff)" in l
               for l in r.serial_lines), r.log()
    assert "I15TEST wild jump" in r.vm_lines(1), r.log()
    lines = r.vm_lines(2)
    assert dos_passes(lines) == sorted(DOS_PASSES), r.log()
    assert "I15TEST done" in lines, r.log()


def test_int15_dos_fork():
    """fork=1: VM 2, a copy of VM 1 made at its first program, has VM 1's
    entry and breakpoint (its own copy of the ROM page): I15TEST passes in
    both (the BIOS's own AH=87h would fault in V86 mode)."""
    from dosimage import make_dos_disk
    from vmmtest import run_vms
    img = make_dos_disk(["@ECHO OFF", "I15TEST", "E9SAY /X"], progs=DOS_PROGS, name="i15fork")
    r = run_vms([str(img)], cmdline="fork=1", timeout=120)
    assert not any("PANIC" in l or "terminated" in l or "takes no breakpoint" in l
                   for l in r.serial_lines), r.log()
    assert any(l.startswith("vmm386: VM 2 created: a fork of VM 1 at ") for l in r.serial_lines), r.log()
    for n in (1, 2):
        lines = r.vm_lines(n)
        assert dos_passes(lines) == sorted(DOS_PASSES), "VM %d\n%s" % (n, r.log())
        assert "I15TEST done" in lines, r.log()
