#include "vmm/cmdline.h"
#include "vmm/console.h"
#include "vmm/lib/string.h"
#include "vmm/hw/serial.h"

struct cmdline cmdline;

/* Does the comma-separated list `v` (length n) contain `word`? */
static bool list_has(const char *v, int n, const char *word)
{
    int wl = strlen(word);
    for (int i = 0; i < n;) {
        int j = i;
        while (j < n && v[j] != ',')
            j++;
        if (j - i == wl && !strncmp(v + i, word, wl))
            return true;
        i = j + 1;
    }
    return false;
}

/* log=<v>: the port, or -1 for a value we do not know. */
static int log_value(const char *v, int n)
{
    static const struct { const char *name; uint16_t port; } ports[] = {
        { "com1", COM1 }, { "com2", COM2 }, { "com3", COM3 }, { "com4", COM4 },
        { "e9", LOG_E9 }, { "none", LOG_NONE },
    };
    for (unsigned i = 0; i < sizeof ports / sizeof ports[0]; i++)
        if ((int)strlen(ports[i].name) == n && !strncmp(v, ports[i].name, n))
            return ports[i].port;
    return -1;
}

uint16_t cmdline_log_port(const char *s)
{
    uint16_t port = COM1;
    while (s && *s) {
        while (*s == ' ')
            s++;
        const char *w = s;
        while (*s && *s != ' ')
            s++;
        int v = s - w > 4 && !strncmp(w, "log=", 4) ? log_value(w + 4, s - w - 4) : -1;
        if (v >= 0)
            port = v;
    }
    return port;
}

static void word(const char *w, int n)
{
    const char *eq = w;
    while (eq < w + n && *eq != '=')
        eq++;
    int kl = eq - w;
    const char *v = eq < w + n ? eq + 1 : w + n;
    int vl = w + n - v;
#define KEY(k) (kl == (int)sizeof(k) - 1 && !strncmp(w, k, kl))
    if (KEY("boot")) {
        if (list_has(v, vl, "fd0")) cmdline.boot = BOOT_FD0;
        else if (list_has(v, vl, "hd0")) cmdline.boot = BOOT_HD0;
        else if (list_has(v, vl, "module")) cmdline.boot = BOOT_MODULE;
        else kprintf("cmdline: unknown boot= value\n");
    } else if (KEY("trace")) {
        cmdline.trace_int = list_has(v, vl, "int");
        cmdline.trace_io = list_has(v, vl, "io");
        cmdline.trace_fault = list_has(v, vl, "fault");
    } else if (KEY("exit")) {
        cmdline.exit_qemu = list_has(v, vl, "qemu");
    } else if (KEY("vme")) {
        cmdline.vme_off = list_has(v, vl, "off");
    } else if (KEY("debug")) {
        cmdline.debug_magic = list_has(v, vl, "magic");
        cmdline.debug_kdb = list_has(v, vl, "kdb");
    } else if (KEY("iopl")) {
        cmdline.iopl3 = list_has(v, vl, "3");
    } else if (KEY("fast")) {
        cmdline.fast_off = list_has(v, vl, "off");
    } else if (KEY("bench")) {
        cmdline.bench = true;
    } else if (KEY("fork")) {
        cmdline.fork = strtoul_simple(v, 0, 0);
    } else if (KEY("log")) {
        int port = log_value(v, vl);
        if (port < 0)
            kprintf("cmdline: unknown log= value (com1, com2, com3, com4, e9, none)\n");
        else
            cmdline.log_port = port;        /* console_init had it already */
    } else if (KEY("ext")) {
        cmdline.ext_kb = strtoul_simple(v, 0, 0);
    } else {
        char buf[40];
        strncpy_z(buf, w, n + 1 < (int)sizeof buf ? n + 1 : (int)sizeof buf);
        kprintf("cmdline: ignoring '%s'\n", buf);
    }
#undef KEY
}

void cmdline_parse(const char *s)
{
    bool first = true;
    while (*s) {
        while (*s == ' ')
            s++;
        const char *w = s;
        bool has_eq = false;
        while (*s && *s != ' ')
            has_eq |= *s++ == '=';
        /* Boot loaders pass the kernel's path as the first word. */
        if (s > w && !(first && !has_eq))
            word(w, s - w);
        first = false;
    }
}
