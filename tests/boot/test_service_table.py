"""The VMM's service table (vxd/vmm_table.c) against the public headers:
README.md promises that every service is callable as a C function named
like the service (include/vmm.h) and at register level from NASM
(include/vmm.inc), with the DDK's ordinals (include/vmm_services.h), and
the VMM's messages name services from vxd/svc_names.c.  No QEMU needed."""
import re

from vmmtest import ROOT

FIRST_EXT = 0x200


def read(path):
    return (ROOT / path).read_text()


def table_services():
    """Names of the services vxd/vmm_table.c fills in."""
    text = read("vxd/vmm_table.c")
    body = text[text.index("vmm_service_table[VMM_SERVICE_COUNT] = {") + 40:]
    body = body[:body.index("};")]
    names = set(re.findall(r"\bS\((\w+)\)", body)) | set(re.findall(r"\[VMM_(\w+)\]", body))
    assert len(names) > 60, names
    return names


def ordinals():
    """vmm_services.h: name -> ordinal."""
    return {m.group(1): int(m.group(2), 16) for m in
            re.finditer(r"#define VMM_(\w+)\s+0x([0-9A-Fa-f]+)", read("include/vmm_services.h"))
            if m.group(1) not in ("SERVICE_COUNT", "LAST_DDK_SERVICE", "DEVICE_ID")
            and not m.group(1).endswith("_DEVICE_ID")}


def c_functions():
    """Functions include/vmm.h defines, and the services its C forms call."""
    text = read("include/vmm.h")
    funcs = set(re.findall(r"static inline [\w\s\*]+?\b(\w+)\(", text))
    funcs |= set(re.findall(r"static inline void __attribute__\(\(noreturn\)\) (\w+)\(", text))
    funcs |= set(re.findall(r"^VMM386_\w+\((\w+)\)$", text, re.M))
    used = set(re.findall(r"VMM386_SVC\((\w+)\)", text)) | set(re.findall(r"VMM386_CDECL_CALL\((\w+)\)", text))
    used.discard("name")                # the macros' own parameter
    return funcs, used


def test_every_service_has_its_c_form():
    funcs, used = c_functions()
    ords = ordinals()
    missing = []
    for name in sorted(table_services()):
        if ords[name] < FIRST_EXT:
            if name not in funcs:
                missing.append(name)
        elif name not in funcs and name not in used:
            missing.append(name)         # an extension no C form uses
    assert not missing, "services of vxd/vmm_table.c without a C form in include/vmm.h: %s" % missing


def test_every_c_form_calls_an_implemented_service():
    _, used = c_functions()
    table = table_services()
    assert not sorted(used - table), "include/vmm.h calls services the table lacks: %s" % sorted(used - table)


def test_nasm_ordinals_match_the_c_header():
    inc = {m.group(1): int(m.group(2), 16) for m in
           re.finditer(r"^(\w+)\s+equ 0x([0-9A-Fa-f]+)", read("include/vmm.inc"), re.M)}
    ords = ordinals()
    bad = [n for n in sorted(table_services()) if inc.get(n) != ords[n]]
    assert not bad, "include/vmm.inc lacks or misnumbers: %s" % bad


def test_service_names_match_the_ordinals():
    text = read("vxd/svc_names.c")
    ddk = re.findall(r'"(\w+)"', text[text.index("ddk_names[]"):text.index("};")])
    ext_part = text[text.index("ext_names[]"):]
    ext = re.findall(r'"(\w+)"', ext_part[:ext_part.index("};")])
    ords = ordinals()
    assert len(ddk) == 0x1B3            # 0000h-01B2h, the DDK's VMM services
    wrong = [n for n, o in ords.items() if o < FIRST_EXT and ddk[o] != n]
    wrong += [n for n, o in ords.items() if o >= FIRST_EXT and ext[o - FIRST_EXT] != n]
    assert not wrong, "vxd/svc_names.c names these differently: %s" % wrong
    assert len(ext) == len([o for o in ords.values() if o >= FIRST_EXT])
