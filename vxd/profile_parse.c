#include "vxd/profile_parse.h"

static bool blank(char c) { return c == ' ' || c == '\t'; }
static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

static bool same(const char *a, const char *b)
{
    while (*a && lower(*a) == lower(*b))
        a++, b++;
    return lower(*a) == lower(*b);
}

/* [s, e) without blanks at either end, NUL-terminated in place. */
static char *trim(char *s, char *e)
{
    while (s < e && blank(*s))
        s++;
    while (e > s && blank(e[-1]))
        e--;
    *e = 0;
    return s;
}

int profile_parse(char *text, struct profile_entry *out, int max)
{
    const char *section = "";
    int n = 0;
    for (char *p = text; *p && n < max;) {
        char *eol = p;
        while (*eol && *eol != '\n')
            eol++;
        char *next = *eol ? eol + 1 : eol;
        char *end = eol > p && eol[-1] == '\r' ? eol - 1 : eol;
        char *s = trim(p, end);         /* the line, NUL-terminated */
        if (*s == '[') {
            char *close = s + 1;
            while (*close && *close != ']')
                close++;
            section = trim(s + 1, close);
        } else if (*s && *s != ';') {
            char *eq = s;
            while (*eq && *eq != '=')
                eq++;
            if (*eq == '=') {
                char *value_end = eq + 1;
                while (*value_end)
                    value_end++;
                const char *value = trim(eq + 1, value_end);
                out[n++] = (struct profile_entry){ section, trim(s, eq), value };
            }
        }
        p = next;
    }
    return n;
}

const char *profile_lookup(const struct profile_entry *e, int n, const char *section, const char *key)
{
    for (int i = 0; i < n; i++)
        if (same(e[i].section, section) && same(e[i].key, key))
            return e[i].value;
    return 0;
}

bool profile_int(const char *s, int32_t *out)
{
    bool neg = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    if (*s < '0' || *s > '9')
        return false;
    uint32_t v = 0;
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (uint32_t)(*s++ - '0');
    *out = (int32_t)(neg ? 0u - v : v);
    return true;
}

bool profile_bool(const char *s, bool *out)
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
