/* Get_Profile_String, Get_Profile_Decimal_Int, Get_Profile_Boolean: the
 * settings VxDs read from SYSTEM.INI under Windows come from a
 * `[Section] key=value` text file given as a multiboot module whose name
 * ends in ".ini" (vmm/multiboot.c).  Read once at boot into the heap (the
 * format: vxd/profile_parse.h).  ESI = section (0 means
 * [386Enh], as in the DDK), EDI = key; carry set = not found. */
#include "vxd/regs.h"
#include "vxd/profile.h"
#include "vxd/profile_parse.h"
#include "vmm/heap.h"
#include "vmm/mem.h"
#include "vmm/multiboot.h"
#include "vmm/console.h"
#include "vmm/lib/string.h"

#define MAX_PROFILE_ENTRIES 256
#define MAX_PROFILE_BYTES   (64 * 1024)

static struct profile_entry entries[MAX_PROFILE_ENTRIES];
static int nentries;

void profile_init(void)
{
    const struct boot_module *m = boot_profile_module();
    if (!m)
        return;
    uint32_t n = m->end - m->start;
    if (n > MAX_PROFILE_BYTES)
        n = MAX_PROFILE_BYTES;
    char *text = kmalloc(n + 1);
    if (!text)
        return;
    memcpy(text, P2V(m->start), n);
    text[n] = 0;
    nentries = profile_parse(text, entries, MAX_PROFILE_ENTRIES);
    kprintf("vmm386: profile %s: %d settings\n", m->name, nentries);
}

const char *profile_get(const char *section, const char *key)
{
    if (!key)
        return 0;
    return profile_lookup(entries, nentries, section ? section : "386Enh", key);
}

/* Get_Profile_String: EDX = default -> EDX = the value (carry clear) or
 * the default (carry set: not found). */
void svc_Get_Profile_String(struct vxd_regs *r)
{
    const char *v = profile_get((const char *)r->esi, (const char *)r->edi);
    if (v)
        r->edx = (uint32_t)v;
    regs_set_cf(r, !v);
}

/* EAX = default -> EAX.  Carry set: no such key (EAX = the default); zero
 * set: the key has no usable value (EAX = the default). */
void svc_Get_Profile_Decimal_Int(struct vxd_regs *r)
{
    const char *v = profile_get((const char *)r->esi, (const char *)r->edi);
    int32_t n;
    bool ok = v && profile_int(v, &n);
    if (ok)
        r->eax = (uint32_t)n;
    regs_set_cf(r, !v);
    regs_set_zf(r, v && !ok);
}

/* EAX = default -> EAX = 0 (false) or FFFFFFFFh (true); flags as above. */
void svc_Get_Profile_Boolean(struct vxd_regs *r)
{
    const char *v = profile_get((const char *)r->esi, (const char *)r->edi);
    bool b;
    bool ok = v && profile_bool(v, &b);
    if (ok)
        r->eax = b ? 0xFFFFFFFFu : 0;
    regs_set_cf(r, !v);
    regs_set_zf(r, v && !ok);
}
