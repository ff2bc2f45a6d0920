/* Out_Debug_String (ESI = string) and Out_Debug_Chr (AL): to the VMM's log,
 * which is line based: characters collect until a newline (or 120 of them)
 * and then go out as one line.  Fatal_Error_Handler (ESI = message or 0,
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

void svc_Out_Debug_String(struct vxd_regs *r)
{
    const char *s = (const char *)r->esi;
    for (int n = 0; s && *s && n < 4096; n++)
        out_chr(*s++);
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
