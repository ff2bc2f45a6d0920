/* kdb: the serial kernel debugger (dot commands in the spirit of WDEB386),
 * and the other debugging aids of the kernel command line.
 *
 * debug=kdb     COM1 (115200 8N1) gets a `kdb> ` prompt
 *                 - at boot, before VM 1 runs its first instruction;
 *                 - when the break sequence arrives on COM1 while VMs run:
 *                   Ctrl-C (byte 03h) or ESC '!' (1Bh 21h; for terminals and
 *                   QEMU -serial stdio, where Ctrl-C never reaches the guest);
 *                 - after a panic, to look around before the machine ends.
 *               Without debug=kdb the debugger never reads COM1.
 * debug=magic   Bochs magic breakpoint (xchg bx, bx) on every trap from V86.
 *
 * Commands (? lists them):
 *   .vm          VMs and their state          .r [id]   client registers
 *   .ints        hooked V86 interrupt chains   .bp       V86 breakpoints, callbacks
 *   .ev          time-outs, pending VM returns, events
 *   d ADDR [len] dump the current VM's memory; ADDR = seg:off or linear (hex,
 *                segment and offset may be register names: d ss:sp, d cs:ip)
 *   g            go: leave the prompt (after a panic: let the machine end)
 *
 * Everything here runs with interrupts off (the timer tick, panic, and the
 * boot path before interrupts are on) and uses polled COM1 I/O only.  Guest
 * memory is read through v86/guestmem.h, bounds-checked, never faulting.
 * Each table the debugger shows is printed by one kdb_list_* function: a
 * new kind of table is one more such function called from its command.
 */
#include "vmm/kdb.h"
#include "vmm/cmdline.h"
#include "vmm/console.h"
#include "vmm/timer.h"
#include "vmm/timeout.h"
#include "vmm/events.h"
#include "vmm/vm.h"
#include "vmm/sched.h"
#include "vmm/timeslice.h"
#include "vmm/hw/serial.h"
#include "vmm/lib/string.h"
#include "vmm/lib/x86.h"
#include "v86/guestmem.h"
#include "v86/intchain.h"
#include "v86/vflags.h"
#include "vmm/thread.h"
#include "callbacks/breakpoints.h"
#include "callbacks/v86callback.h"
#include "callbacks/v86page.h"
#include "callbacks/vmreturns.h"
#include "include/vmm_services.h"

#define KDB_LINE 80
#define KDB_DUMP_DEFAULT 0x80
#define KDB_DUMP_MAX 0x1000

static bool in_kdb;                     /* no re-entry from a tick or a panic inside kdb */
static bool esc_seen;                   /* first byte of the ESC '!' break sequence */

void debug_v86_entry(struct trapframe *tf)
{
    (void)tf;
    if (cmdline.debug_magic)
        __asm__ volatile("xchg %bx, %bx");
}

/* ------------------------------------------------------------ helpers */

static struct vm *kdb_cur_vm(void)
{
    if (cur_vm)
        return cur_vm;
    return vm_list;
}

static const char *skip_blanks(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* Hex number (optional 0x prefix, optional h suffix); false when none. */
static bool parse_hex(const char **sp, uint32_t *out)
{
    const char *s = skip_blanks(*sp);
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        s += 2;
    uint32_t v = 0;
    int n = 0;
    for (;; s++, n++) {
        char c = *s;
        int d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else break;
        v = (v << 4) | (uint32_t)d;
    }
    if (!n)
        return false;
    if (*s == 'h' || *s == 'H')
        s++;
    *sp = s;
    *out = v;
    return true;
}

/* A 16-bit register of the client frame by name (cs, ip, ss, sp, ...). */
static bool parse_reg(const char **sp, const struct Client_Reg_Struc *c, uint32_t *out)
{
    static const struct { char name[3]; uint8_t off; uint8_t word; } regs[] = {
        { "cs", 0x28, 1 }, { "ds", 0x3C, 1 }, { "es", 0x38, 1 }, { "ss", 0x34, 1 },
        { "fs", 0x40, 1 }, { "gs", 0x44, 1 }, { "ip", 0x24, 0 }, { "sp", 0x30, 0 },
        { "bp", 0x08, 0 }, { "si", 0x04, 0 }, { "di", 0x00, 0 }, { "ax", 0x1C, 0 },
        { "bx", 0x10, 0 }, { "cx", 0x18, 0 }, { "dx", 0x14, 0 },
    };
    const char *s = skip_blanks(*sp);
    if (!c)
        return false;
    for (unsigned i = 0; i < sizeof regs / sizeof regs[0]; i++) {
        char a = s[0] | 0x20, b = s[1] | 0x20;
        char after = s[2];
        if (a == regs[i].name[0] && b == regs[i].name[1] &&
            (after == 0 || after == ' ' || after == ':' || after == '\t')) {
            const uint8_t *p = (const uint8_t *)c + regs[i].off;
            *out = (uint32_t)p[0] | ((uint32_t)p[1] << 8);
            *sp = s + 2;
            return true;
        }
    }
    return false;
}

static bool parse_value(const char **sp, const struct Client_Reg_Struc *c, uint32_t *out)
{
    return parse_reg(sp, c, out) || parse_hex(sp, out);
}

static void print_bits(uint32_t v, const uint32_t *bits, const char *const *names, int n)
{
    bool any = false;
    for (int i = 0; i < n; i++)
        if (v & bits[i]) {
            kprintf("%s%s", any ? " " : "", names[i]);
            any = true;
        }
    if (!any)
        kputs("-");
}

static void print_eflags(uint32_t f)
{
    static const uint32_t bits[] = { EFL_CF, EFL_PF, EFL_AF, EFL_ZF, EFL_SF, EFL_TF, EFL_IF,
                                     EFL_DF, EFL_OF, EFL_NT, EFL_RF, EFL_VM, EFL_AC, EFL_VIF,
                                     EFL_VIP, EFL_ID };
    static const char *const names[] = { "CF", "PF", "AF", "ZF", "SF", "TF", "IF", "DF", "OF",
                                         "NT", "RF", "VM", "AC", "VIF", "VIP", "ID" };
    print_bits(f, bits, names, sizeof bits / sizeof bits[0]);
}

static void print_vmstat(uint32_t st)
{
    static const uint32_t bits[] = {
        VMStat_Exclusive, VMStat_Background, VMStat_Creating, VMStat_Suspended,
        VMStat_Not_Executeable, VMStat_PM_Exec, VMStat_PM_App, VMStat_PM_Use32,
        VMStat_VxD_Exec, VMStat_High_Pri_Back, VMStat_Blocked, VMStat_Awakening,
        VMStat_PageableV86, VMStat_V86IntsLocked, VMStat_TS_Sched, VMStat_Idle, VMStat_Closing };
    static const char *const names[] = {
        "Exclusive", "Background", "Creating", "Suspended", "Not_Executeable", "PM_Exec",
        "PM_App", "PM_Use32", "VxD_Exec", "High_Pri_Back", "Blocked", "Awakening",
        "PageableV86", "V86IntsLocked", "TS_Sched", "Idle", "Closing" };
    print_bits(st, bits, names, sizeof bits / sizeof bits[0]);
}

/* ------------------------------------------------------------ tables */

static void kdb_list_vms(void)
{
    if (!vm_list) {
        kputs("no VMs\n");
        return;
    }
    kputs("VM handle   status   CS:IP     SS:SP     VIF A20 nest\n");
    for (struct vm *v = vm_list; v; v = v->next) {
        const struct Client_Reg_Struc *c = vm_crs(v);
        kprintf("%2u %08x %08x ", v->CB_VMID, (uint32_t)v, v->CB_VM_Status);
        if (c)
            kprintf("%04x:%04x %04x:%04x %d   %s  %d", c->Client_CS, c->Client_EIP & 0xFFFF,
                    c->Client_SS, c->Client_ESP & 0xFFFF, v86_vif(v, c) ? 1 : 0,
                    v->a20 ? "on " : "off", v->nest);
        else
            kputs("(no client frame)");
        if (v == cur_vm)
            kputs("  current");
        if (v == sys_vm)
            kputs("  system-VM");
        if (v == focus_vm)
            kputs("  focus");
        if (v->dead)
            kputs("  dead");
        kprintf("\n   %s, priority %x, time slice %u/%u%s, ran %u ms, %u thread%s (.th)\n   status: ",
                vm_runnable(v) ? "runnable" : "waiting", v->exec_priority, v->ts_fg, v->ts_bg,
                v == slice_owner ? " (its slice)" : "", v->exec_time_ms, thread_count(v),
                thread_count(v) == 1 ? "" : "s");
        print_vmstat(v->CB_VM_Status);
        kputs("\n");
    }
}

/* .th: every thread of every VM, which one each VM has loaded, which runs. */
static void kdb_list_threads(void)
{
    static const char *const states[] = { "free", "creating", "live", "dead" };
    kputs("  id handle   VM state    CS:IP     SS:SP     VIF\n");
    for (struct vm *v = vm_list; v; v = v->next)
        for (struct thread *t = v->threads; t; t = t->vm_next) {
            const struct Client_Reg_Struc *c = thread_crs(t);
            uint32_t st = thread_status(t);
            bool vif = t == v->cur_thread ? v86_vif(v, c)
                       : vme_enabled ? (c->Client_EFlags & EFL_VIF) != 0 : (t->ctx.vflags & EFL_IF) != 0;
            kprintf("%4u %08x %2u %-8s %04x:%04x %04x:%04x %d  ", t->tcb.TCB_ThreadId,
                    (uint32_t)t, v->CB_VMID, states[t->state], c->Client_CS,
                    c->Client_EIP & 0xFFFF, c->Client_SS, c->Client_ESP & 0xFFFF, vif ? 1 : 0);
            kputs(thread_runnable(t) ? "runnable" : "waiting");
            if (st & VMStat_Blocked)
                kputs(" blocked");
            if (st & VMStat_Idle)
                kputs(" idle");
            if (t->initial)
                kputs("  initial");
            if (t == thread_current())
                kputs("  current");
            else if (t == v->cur_thread)
                kputs("  loaded");
            kputs("\n");
        }
}

static void kdb_list_regs(struct vm *v)
{
    const struct Client_Reg_Struc *c = vm_crs(v);
    if (!c) {
        kprintf("VM %u has no client frame\n", v->CB_VMID);
        return;
    }
    kprintf("VM %u client registers (Client_Reg_Struc at %08x)\n", v->CB_VMID, (uint32_t)c);
    kprintf("EAX=%08x EBX=%08x ECX=%08x EDX=%08x\n", c->Client_EAX, c->Client_EBX,
            c->Client_ECX, c->Client_EDX);
    kprintf("ESI=%08x EDI=%08x EBP=%08x ESP=%08x\n", c->Client_ESI, c->Client_EDI,
            c->Client_EBP, c->Client_ESP);
    kprintf("EIP=%08x EFL=%08x Error=%08x res0=%08x\n", c->Client_EIP, c->Client_EFlags,
            c->Client_Error, c->Client_res0);
    kprintf("CS=%04x SS=%04x DS=%04x ES=%04x FS=%04x GS=%04x\n", c->Client_CS, c->Client_SS,
            c->Client_DS, c->Client_ES, c->Client_FS, c->Client_GS);
    kprintf("Alt_EIP=%08x Alt_EFL=%08x Alt_ESP=%08x\n", c->Client_Alt_EIP,
            c->Client_Alt_EFlags, c->Client_Alt_ESP);
    kprintf("Alt_CS=%04x Alt_SS=%04x Alt_DS=%04x Alt_ES=%04x Alt_FS=%04x Alt_GS=%04x\n",
            c->Client_Alt_CS, c->Client_Alt_SS, c->Client_Alt_DS, c->Client_Alt_ES,
            c->Client_Alt_FS, c->Client_Alt_GS);
    kprintf("CS:IP=%04x:%04x SS:SP=%04x:%04x flags: ", c->Client_CS, c->Client_EIP & 0xFFFF,
            c->Client_SS, c->Client_ESP & 0xFFFF);
    print_eflags(c->Client_EFlags);
    kprintf("; virtual IF=%d IOPL=%u\n", v86_vif(v, c) ? 1 : 0, (v->vflags & EFL_IOPL) >> 12);
}

static void kdb_list_int_hooks(void)
{
    struct vm *v = kdb_cur_vm();
    int n = 0;
    for (unsigned vec = 0; vec < 256; vec++) {
        int k = v86_int_hook_count(vec);
        if (!k)
            continue;
        n++;
        kprintf("INT %02xh  %d hook%s", vec, k, k == 1 ? " " : "s");
        uint16_t ivt[2];
        if (v && vm_read(v, vec * 4, ivt, sizeof ivt))
            kprintf("  IVT %04x:%04x", ivt[1], ivt[0]);
        kputs("\n");
    }
    if (!n)
        kputs("none\n");
}

static void kdb_list_breakpoints(void)
{
    static struct bp_info bp[64];
    int n = bp_list(bp, 64);
    kputs("V86 breakpoints:\n");
    if (!n)
        kputs("  none\n");
    for (int i = 0; i < n; i++)
        kprintf("  VM %u %04x:%04x lin %05x %s hits %u\n", bp[i].vmid, bp[i].seg, bp[i].off,
                bp[i].lin, bp[i].opcode == 0xCC ? "INT3" : "ARPL", bp[i].hits);
    if (n == 64)
        kputs("  (first 64 shown)\n");
}

static void kdb_list_callbacks(void)
{
    uint32_t n = v86cb_count();
    kputs("V86 callbacks:\n");
    if (!n)
        kputs("  none\n");
    for (uint32_t i = 0; i < n; i++)
        kprintf("  #%u %04x:%04x hits %u\n", i, v86page_seg, V86PAGE_CALLBACKS + i,
                v86cb_hits(i));
}

static void kdb_list_timeouts(void)
{
    static struct timeout_info t[MAX_TIMEOUTS];
    int n = timeout_list(t, MAX_TIMEOUTS);
    kprintf("time-outs (system time %u ms):\n", system_time_ms);
    if (!n)
        kputs("  none\n");
    for (int i = 0; i < n; i++) {
        if (t[i].exec_time)
            kprintf("  handle %08x in %d ms of its execution time ", t[i].handle, t[i].left_ms);
        else
            kprintf("  handle %08x due %u ms (in %d ms) ", t[i].handle, t[i].due_ms, t[i].left_ms);
        if (t[i].vmid)
            kprintf("VM %u\n", t[i].vmid);
        else
            kputs("global\n");
    }
}

static void kdb_list_vm_returns(void)
{
    int n = vmreturns_pending();
    kputs("Call_When_VM_Returns:\n");
    if (!n)
        kputs("  none\n");
    else
        kprintf("  %d pending\n", n);
}

/* Pending events in delivery order: global ones, then each VM's, FIFO. */
static void kdb_list_events(void)
{
    static struct event_info e[EVENT_POOL_SIZE];
    int n = events_list(e, EVENT_POOL_SIZE);
    kputs("events:\n");
    if (!n)
        kputs("  none\n");
    for (int i = 0; i < n; i++) {
        kprintf("  handle %08x ", e[i].handle);
        if (e[i].vmid)
            kprintf("VM %u  ", e[i].vmid);
        else
            kputs("global ");
        kprintf("callback %08x%s RefData %08x", (uint32_t)e[i].proc,
                (e[i].flags & VMM386_CB_C) ? " (C)" : "    ", e[i].refdata);
        if (e[i].priority) {
            kprintf("  %s: ", e[i].restricted ? "restricted" : "priority");
            if (e[i].thread_id)
                kprintf("thread %u ", e[i].thread_id);
            else
                kputs("any thread ");
            kprintf("boost %x PEF %04x", (uint32_t)e[i].boost, e[i].pef);
            if (e[i].timed_out)
                kputs(" timed out");
            else if (e[i].timeout)
                kprintf(" time-out %08x pending", e[i].timeout);
        }
        kputs("\n");
    }
}

static void kdb_dump(const char *args)
{
    struct vm *v = kdb_cur_vm();
    const struct Client_Reg_Struc *c = v ? vm_crs(v) : 0;
    uint32_t a, b = 0, len = KDB_DUMP_DEFAULT;
    bool seg_form = false;
    const char *s = args;
    if (!v) {
        kputs("no VM\n");
        return;
    }
    if (!parse_value(&s, c, &a)) {
        kputs("usage: d seg:off|linear [len]\n");
        return;
    }
    s = skip_blanks(s);
    if (*s == ':') {
        s++;
        if (!parse_value(&s, c, &b)) {
            kputs("usage: d seg:off|linear [len]\n");
            return;
        }
        seg_form = true;
    }
    uint32_t l;
    if (parse_hex(&s, &l))
        len = l;
    if (len > KDB_DUMP_MAX)
        len = KDB_DUMP_MAX;
    uint16_t seg = (uint16_t)a, off = (uint16_t)b;
    for (uint32_t i = 0; i < len; i += 16) {
        uint8_t line[16];
        bool ok[16];
        uint32_t n = len - i < 16 ? len - i : 16;
        for (uint32_t j = 0; j < n; j++) {
            uint32_t lin = seg_form ? v86_lin(seg, (uint16_t)(off + i + j)) : a + i + j;
            ok[j] = vm_read(v, lin, &line[j], 1);
        }
        if (seg_form)
            kprintf("%04x:%04x ", seg, (uint16_t)(off + i));
        else
            kprintf("%05x ", a + i);
        for (uint32_t j = 0; j < 16; j++) {
            if (j >= n)
                kputs("   ");
            else if (ok[j])
                kprintf(" %02x", line[j]);
            else
                kputs(" ??");
        }
        kputs("  ");
        for (uint32_t j = 0; j < n; j++) {
            char ch[2] = { ok[j] && line[j] >= 32 && line[j] < 127 ? (char)line[j] : '.', 0 };
            kputs(ch);
        }
        kputs("\n");
    }
}

/* ------------------------------------------------------------ commands */

static bool cmd_help(const char *a);
static bool cmd_vm(const char *a) { (void)a; kdb_list_vms(); return false; }
static bool cmd_th(const char *a) { (void)a; kdb_list_threads(); return false; }
static bool cmd_ints(const char *a) { (void)a; kdb_list_int_hooks(); return false; }
static bool cmd_bp(const char *a) { (void)a; kdb_list_breakpoints(); kdb_list_callbacks(); return false; }
static bool cmd_ev(const char *a)
{
    (void)a;
    kdb_list_timeouts();
    kdb_list_vm_returns();
    kdb_list_events();
    return false;
}
static bool cmd_d(const char *a) { kdb_dump(a); return false; }
static bool cmd_g(const char *a) { (void)a; return true; }

static bool cmd_r(const char *a)
{
    uint32_t id = 0;
    struct vm *v;
    a = skip_blanks(a);
    if (*a >= '0' && *a <= '9') {               /* a VM id, decimal */
        while (*a >= '0' && *a <= '9')
            id = id * 10 + (uint32_t)(*a++ - '0');
        if (!(v = vm_by_id(id))) {
            kprintf("no VM %u\n", id);
            return false;
        }
    } else if (!(v = kdb_cur_vm())) {
        kputs("no VM\n");
        return false;
    }
    kdb_list_regs(v);
    return false;
}

static const struct kdb_cmd {
    const char *name, *args, *help;
    bool (*fn)(const char *args);       /* true: leave the prompt */
} cmds[] = {
    { "?", "", "this list", cmd_help },
    { ".vm", "", "VMs and their state", cmd_vm },
    { ".th", "", "threads: VM, state, which is current", cmd_th },
    { ".r", "[id]", "client registers of a VM (default: current)", cmd_r },
    { ".ints", "", "hooked V86 interrupt chains", cmd_ints },
    { ".bp", "", "V86 breakpoints and callbacks with hit counts", cmd_bp },
    { ".ev", "", "time-outs, pending VM returns, events", cmd_ev },
    { "d", "seg:off|lin [len]", "dump memory of the current VM (hex; d ss:sp)", cmd_d },
    { "g", "", "go: leave the debugger", cmd_g },
};

static bool cmd_help(const char *a)
{
    (void)a;
    for (unsigned i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        kprintf("  %-6s%-19s %s\n", cmds[i].name, cmds[i].args, cmds[i].help);
    kputs("break in while VMs run: Ctrl-C or ESC ! on COM1\n");
    return false;
}

/* ------------------------------------------------------------ the prompt */

static int kdb_getc(void)
{
    int c;
    while ((c = serial_getc()) < 0)
        ;
    return c;
}

static void kdb_readline(char *buf, int max)
{
    static bool last_cr;
    int n = 0;
    for (;;) {
        int c = kdb_getc();
        if (c == '\n' && last_cr) {
            last_cr = false;            /* the LF of a CR LF */
            continue;
        }
        last_cr = c == '\r';
        if (c == '\r' || c == '\n')
            break;
        if (c == 0x08 || c == 0x7F) {
            if (n > 0) {
                n--;
                kputs("\b \b");
            }
            continue;
        }
        if (c < 0x20 || c > 0x7E || n >= max - 1)
            continue;                   /* Ctrl-C, ESC ...: nothing to do at the prompt */
        buf[n++] = (char)c;
        char e[2] = { (char)c, 0 };
        kputs(e);
    }
    buf[n] = 0;
    kputs("\n");
}

static void kdb_prompt(void)
{
    static char line[KDB_LINE];
    for (;;) {
        kputs("kdb> ");
        kdb_readline(line, sizeof line);
        const char *s = skip_blanks(line);
        if (!*s)
            continue;
        const char *e = s;
        while (*e && *e != ' ' && *e != '\t')
            e++;
        unsigned n = e - s, i;
        for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
            if (strlen(cmds[i].name) == n && !strncmp(cmds[i].name, s, n))
                break;
        if (i == sizeof cmds / sizeof cmds[0]) {
            kprintf("unknown command '%s' (? for help)\n", s);
            continue;
        }
        if (cmds[i].fn(e))
            return;
    }
}

/* Enter the prompt; `why` is the first line. */
static void kdb_enter(const char *why, const char *what_g_does)
{
    if (in_kdb || !serial_present())
        return;
    uint32_t f = irq_save();
    in_kdb = true;
    kprintf("\nkdb: %s\n", why);
    struct vm *v = kdb_cur_vm();
    if (v && vm_crs(v))
        kprintf("kdb: VM %u at %04x:%04x; ? for help, g %s\n", v->CB_VMID,
                vm_crs(v)->Client_CS, vm_crs(v)->Client_EIP & 0xFFFF, what_g_does);
    else
        kprintf("kdb: ? for help, g %s\n", what_g_does);
    kdb_prompt();
    kputs("kdb: go\n");
    esc_seen = false;
    in_kdb = false;
    irq_restore(f);
}

/* Timer tick (interrupts off): look for the break sequence on COM1. */
void kdb_poll(void)
{
    if (!cmdline.debug_kdb || in_kdb)
        return;
    int c;
    bool brk = false;
    while ((c = serial_getc()) >= 0) {
        if (c == 0x03 || (esc_seen && c == '!'))
            brk = true;
        esc_seen = c == 0x1B;
    }
    if (brk)
        kdb_enter("break (serial line)", "resumes the VMs");
}

void kdb_fatal(const char *why)
{
    if (!cmdline.debug_kdb)
        return;
    char buf[120] = "after the panic: ";
    strncpy_z(buf + strlen(buf), why, sizeof buf - strlen(buf));
    kdb_enter(buf, "ends the machine");
}

void kdb_boot(void)
{
    if (!cmdline.debug_kdb)
        return;
    if (!serial_present()) {
        kputs("kdb: debug=kdb but no UART at COM1: no debugger\n");
        return;
    }
    kdb_enter("stopped at boot, before VM 1 starts", "starts VM 1");
}
