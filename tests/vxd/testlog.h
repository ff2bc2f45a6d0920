/* Log lines for the test VxDs (VXDTEST, SVCTEST, VMTEST): a line is built
 * in a buffer and goes to the VMM's log with VMM386_Log, prefixed with the
 * including file's TESTLOG_PREFIX ("NAME: ").  Also set_cf for V86 APIs. */
#ifndef TESTS_VXD_TESTLOG_H
#define TESTS_VXD_TESTLOG_H
#include "vmm.h"

#ifndef TESTLOG_PREFIX
#error "define TESTLOG_PREFIX (\"NAME: \") before including testlog.h"
#endif

struct line { char s[120]; int n; };

static inline void put(struct line *l, const char *s)
{
    while (*s && l->n < (int)sizeof l->s - 1)
        l->s[l->n++] = *s++;
    l->s[l->n] = 0;
}

static inline void hex(struct line *l, DWORD v, int digits)
{
    char d[9];
    for (int i = digits - 1; i >= 0; i--, v >>= 4)
        d[i] = "0123456789ABCDEF"[v & 0xF];
    d[digits] = 0;
    put(l, d);
}

static inline void dec(struct line *l, DWORD v)
{
    char b[11];
    int i = sizeof b - 1;
    b[i] = 0;
    do
        b[--i] = (char)('0' + v % 10);
    while ((v /= 10) && i > 0);
    put(l, b + i);
}

/* A new line: the prefix, then s. */
static inline void start(struct line *l, const char *s)
{
    l->n = 0;
    put(l, TESTLOG_PREFIX);
    put(l, s);
}

static inline void log_s(const char *s)
{
    struct line l;
    start(&l, s);
    VMM386_Log(l.s);
}

static inline void put_csip(struct line *l, const CLIENT_STRUCT *pcrs)
{
    put(l, " CS:IP=");
    hex(l, pcrs->CRS.Client_CS, 4);
    put(l, ":");
    hex(l, pcrs->CWRS.Client_IP, 4);
}

/* A V86 API's result: carry set when it failed. */
static inline void set_cf(CLIENT_STRUCT *pcrs, BOOL failed)
{
    if (failed)
        pcrs->CRS.Client_EFlags |= 0x0001u;
    else
        pcrs->CRS.Client_EFlags &= ~0x0001u;
}
#endif
