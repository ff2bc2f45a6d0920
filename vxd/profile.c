/* Get_Profile_String, Get_Profile_Decimal_Int, Get_Profile_Boolean: the
 * settings VxDs read from SYSTEM.INI under Windows come from a
 * `[Section] key=value` text file given as a multiboot module whose name
 * ends in ".ini" (vmm/multiboot.c).  Read once at boot into the heap;
 * section and key names compare without case; ';' starts a comment line;
 * blanks around names and values are dropped.  ESI = section (0 means
 * [386Enh], as in the DDK), EDI = key; carry set = not found. */
#include "vxd/regs.h"
#include "vxd/profile.h"
#include "vmm/heap.h"
#include "vmm/mem.h"
#include "vmm/multiboot.h"
#include "vmm/console.h"
#include "vmm/lib/string.h"

#define MAX_PROFILE_ENTRIES 256
#define MAX_PROFILE_BYTES   (64 * 1024)

struct entry { const char *section, *key, *value; };
static struct entry entries[MAX_PROFILE_ENTRIES];
static int nentries;

static bool blank(char c) { return c == ' ' || c == '\t'; }
static char lower(char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static bool same(const char *a, const char *b)
{
    while (*a && lower(*a) == lower(*b))
        a++, b++;
    return lower(*a) == lower(*b);
}

/* Trim blanks at both ends of [s, e), terminate it; returns the start. */
static char *trim(char *s, char *e)
{
    while (s < e && blank(*s))
        s++;
    while (e > s && blank(e[-1]))
        e--;
    *e = 0;
    return s;
}

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
    const char *section = "";
    for (char *p = text; *p && nentries < MAX_PROFILE_ENTRIES;) {
        char *eol = p;
        while (*eol && *eol != '\n')
            eol++;
        char *next = *eol ? eol + 1 : eol;
        char *end = eol > p && eol[-1] == '\r' ? eol - 1 : eol;
        char *s = trim(p, end);
        char *eq = s;
        while (*eq && *eq != '=')
            eq++;
        if (*s == '[') {
            char *close = s;
            while (*close && *close != ']')
                close++;
            section = trim(s + 1, close);
        } else if (*s && *s != ';' && *eq == '=') {
            entries[nentries++] = (struct entry){ section, trim(s, eq), trim(eq + 1, eq + strlen(eq + 1) + 1) };
        }
        p = next;
    }
    kprintf("vmm386: profile %s: %d settings\n", m->name, nentries);
}

const char *profile_get(const char *section, const char *key)
{
    if (!section)
        section = "386Enh";
    if (!key)
        return 0;
    for (int i = 0; i < nentries; i++)
        if (same(entries[i].section, section) && same(entries[i].key, key))
            return entries[i].value;
    return 0;
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

static bool parse_int(const char *s, int32_t *out)
{
    bool neg = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    if (*s < '0' || *s > '9')
        return false;
    int32_t v = 0;
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (*s++ - '0');
    *out = neg ? -v : v;
    return true;
}

static bool parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = { "1", "yes", "y", "true", "on" };
    static const char *const no[] = { "0", "no", "n", "false", "off" };
    for (unsigned i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (same(s, yes[i]))
            return *out = true, true;
        if (same(s, no[i]))
            return *out = false, true;
    }
    return false;
}

/* EAX = default -> EAX.  Carry set: no such key (EAX = the default); zero
 * set: the key has no usable value (EAX = the default). */
void svc_Get_Profile_Decimal_Int(struct vxd_regs *r)
{
    const char *v = profile_get((const char *)r->esi, (const char *)r->edi);
    int32_t n;
    bool ok = v && parse_int(v, &n);
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
    bool ok = v && parse_bool(v, &b);
    if (ok)
        r->eax = b ? 0xFFFFFFFFu : 0;
    regs_set_cf(r, !v);
    regs_set_zf(r, v && !ok);
}
