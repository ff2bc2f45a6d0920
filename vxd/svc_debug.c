/* Out_Debug_String (ESI = string) and Out_Debug_Chr (AL): to the VMM's log,
 * which is line based: characters collect until a newline (or 120 of them)
 * and then go out as one line; "#EAX"-style register names print the
 * caller's register, as in the DDK.  Fatal_Error_Handler (ESI = message or 0,
 * EAX = EF_* flags): ends the machine like a panic, naming the caller. */
#include "vxd/regs.h"
#include "vxd/svc_check.h"
#include "vxd/svc_names.h"
#include "vmm/console.h"
#include "vmm/panic.h"
#include "include/vmm.h"

#define DEBUG_LINE_MAX 120

static char line[DEBUG_LINE_MAX + 1];
static int len;

static void flush(void)
{
    line[len] = 0;
    kprintf("%s\n", line);
    len = 0;
}

static void out_chr(char ch)
{
    if (ch == '\r')
        return;
    if (ch == '\n') {
        flush();
        return;
    }
    line[len++] = ch;
    if (len == DEBUG_LINE_MAX)
        flush();
}

void svc_Out_Debug_Chr(struct vxd_regs *r) { out_chr((char)r->eax); }

/* The DDK's "#reg" in a debug string: the caller's register in hex (#EAX,
 * #AX, #AL, ... #EDI, #EBP, #SI...; ## is a '#').  The registers are those
 * at the call: Trace_Out has ESI pointing at its string. */
static const struct { const char *name; unsigned off, bytes, shift; } regs[] = {
    { "EAX", 28, 4, 0 }, { "EBX", 16, 4, 0 }, { "ECX", 24, 4, 0 }, { "EDX", 20, 4, 0 },
    { "ESI", 4, 4, 0 },  { "EDI", 0, 4, 0 },  { "EBP", 8, 4, 0 },
    { "AX", 28, 2, 0 },  { "BX", 16, 2, 0 },  { "CX", 24, 2, 0 },  { "DX", 20, 2, 0 },
    { "SI", 4, 2, 0 },   { "DI", 0, 2, 0 },   { "BP", 8, 2, 0 },
    { "AL", 28, 1, 0 },  { "BL", 16, 1, 0 },  { "CL", 24, 1, 0 },  { "DL", 20, 1, 0 },
    { "AH", 28, 1, 8 },  { "BH", 16, 1, 8 },  { "CH", 24, 1, 8 },  { "DH", 20, 1, 8 },
};

static char upper(char c) { return c >= 'a' && c <= 'z' ? (char)(c - 32) : c; }

/* s points after a '#': the register named there, or -1. */
static int reg_at(const char *s)
{
    for (unsigned i = 0; i < sizeof regs / sizeof regs[0]; i++) {
        const char *n = regs[i].name;
        unsigned k = 0;
        while (n[k] && upper(s[k]) == n[k])
            k++;
        if (!n[k])
            return (int)i;
    }
    return -1;
}

void svc_Out_Debug_String(struct vxd_regs *r)
{
    const char *s = (const char *)r->esi;
    for (int n = 0; s && *s && n < 4096; n++) {
        int i;
        if (s[0] == '#' && s[1] == '#') {
            out_chr('#');
            s += 2;
        } else if (s[0] == '#' && (i = reg_at(s + 1)) >= 0) {
            uint32_t v = *(const uint32_t *)((const char *)r + regs[i].off) >> regs[i].shift;
            for (int d = (int)regs[i].bytes * 2 - 1; d >= 0; d--)
                out_chr("0123456789ABCDEF"[(v >> (4 * d)) & 0xF]);
            s += 1 + (regs[i].name[2] ? 3 : 2);
        } else {
            out_chr(*s++);
        }
    }
}

void svc_Fatal_Error_Handler(struct vxd_regs *r)
{
    char cb[48];
    const char *msg = (const char *)r->esi;
    if (len)
        flush();
    panic("Fatal_Error_Handler from %s: %s", vxd_caller(svc_call_site(r), cb, sizeof cb),
          msg ? msg : "(no message)");
}
