"""Issue 8: the virtual PIC, PIT and A20 are VxDs built only on the public
API, and the core knows no PIC.  No QEMU: the sources are read.

- vxd/vpicd.c, vxd/vtd.c, vxd/v86mmgr.c and vxd/vkd.c include the public
  headers (include/) and nothing of the core; the only other files they may
  include are the register-level service glue (vxd/regs.h: a struct and an
  inline, no VMM state), VPICD's own 8259 model (vxd/vpicd_chip.h) and VKD's
  own PS/2 mouse model (vxd/vkd_mouse.h).
- vmm/, v86/ and boot/ name no virtual PIC or PIT: the trap path reads the
  generic request flag (vm->int_requested) a VxD sets."""
import re

from vmmtest import ROOT

PUBLIC = {"vmm.h", "vpicd.h", "vtd.h", "v86mmgr.h", "portio.h"}
GLUE = {"vxd/regs.h", "vxd/vpicd_chip.h", "vxd/vkd_mouse.h"}
DEVICES = ["vxd/vpicd.c", "vxd/vtd.c", "vxd/v86mmgr.c", "vxd/vkd.c"]


def includes(path):
    return re.findall(r'^#include\s+[<"]([^>"]+)[>"]', (ROOT / path).read_text(), re.M)


def test_device_vxds_include_only_the_public_api():
    bad = {p: [i for i in includes(p) if i not in PUBLIC | GLUE] for p in DEVICES}
    bad = {p: i for p, i in bad.items() if i}
    assert not bad, "device VxDs including core headers: %s" % bad


def test_device_models_are_pure_logic():
    assert set(includes("vxd/vpicd_chip.c")) <= {"stddef.h", "vxd/vpicd_chip.h"}
    assert set(includes("vxd/vpicd_chip.h")) <= {"stdint.h", "stdbool.h"}
    assert set(includes("vxd/vkd_mouse.c")) <= {"vxd/vkd_mouse.h"}
    assert set(includes("vxd/vkd_mouse.h")) <= {"stdint.h", "stdbool.h"}


def test_core_knows_no_pic():
    hits = []
    for d in ("vmm", "v86", "boot"):
        for f in sorted((ROOT / d).rglob("*")):
            if f.suffix in (".c", ".h", ".asm", ".inc"):
                for n, line in enumerate(f.read_text().splitlines(), 1):
                    if re.search(r"\bvpic\b|vpic_|vpit|\.irr\b|VM_MASTER_IRR|VM_SLAVE_IRR|pit_owed", line):
                        hits.append("%s:%d: %s" % (f.relative_to(ROOT), n, line.strip()))
    assert not hits, "\n".join(hits)
