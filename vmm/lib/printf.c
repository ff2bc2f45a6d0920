#include <stdint.h>
#include "vmm/lib/printf.h"

struct out { char *buf; size_t size, len; };

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void put_num(struct out *o, uint32_t v, unsigned base, int upper,
                    int neg, int width, char pad, int left)
{
    char tmp[12];
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int n = 0;
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    if (neg)
        tmp[n++] = '-';
    if (!left)
        for (int i = n; i < width; i++)
            put(o, pad);
    while (n)
        put(o, tmp[--n]);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        fmt++;
        int left = 0, width = 0;
        char pad = ' ';
        if (*fmt == '-') { left = 1; fmt++; }
        if (*fmt == '0') { pad = '0'; fmt++; }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l' || *fmt == 'h')
            fmt++;
        size_t start = o.len;
        switch (*fmt) {
        case 'd': case 'i': {
            int32_t v = va_arg(ap, int32_t);
            put_num(&o, v < 0 ? -(uint32_t)v : (uint32_t)v, 10, 0, v < 0, width, pad, left);
            break;
        }
        case 'u': put_num(&o, va_arg(ap, uint32_t), 10, 0, 0, width, pad, left); break;
        case 'x': put_num(&o, va_arg(ap, uint32_t), 16, 0, 0, width, pad, left); break;
        case 'X': put_num(&o, va_arg(ap, uint32_t), 16, 1, 0, width, pad, left); break;
        case 'p': put_num(&o, (uint32_t)(uintptr_t)va_arg(ap, void *), 16, 0, 0, 8, '0', 0); break;
        case 'c': put(&o, (char)va_arg(ap, int)); break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s) s = "(null)";
            size_t n = 0;
            while (s[n]) n++;
            if (!left)
                for (int i = (int)n; i < width; i++) put(&o, ' ');
            for (size_t i = 0; i < n; i++) put(&o, s[i]);
            break;
        }
        case '%': put(&o, '%'); break;
        case 0: fmt--; break;
        default: put(&o, '%'); put(&o, *fmt); break;
        }
        if (left)
            while ((int)(o.len - start) < width)
                put(&o, ' ');
    }
    if (size)
        buf[o.len < size ? o.len : size - 1] = 0;
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
