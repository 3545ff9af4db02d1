/* diag.c - tiny printf-like formatter for the loader's one-line errors. */
#include "diag.h"

struct out {
    char *buf;
    uint32_t len, cap;
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->cap)
        o->buf[o->len++] = c;
}

static void put_num(struct out *o, unsigned long long v, unsigned base, int width, char pad)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v && n < (int)sizeof tmp);
    while (width-- > n)
        put(o, pad);
    while (n)
        put(o, tmp[--n]);
}

void diag_vset(struct diag *d, const char *fmt, va_list ap)
{
    struct out o = { d->msg, 0, DIAG_MAX };
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            put(&o, *p);
            continue;
        }
        const char *start = p++;
        char pad = ' ';
        int width = 0, longs = 0;
        if (*p == '0')
            pad = '0', p++;
        while (*p >= '0' && *p <= '9')
            width = width * 10 + (*p++ - '0');
        while (*p == 'l')
            longs++, p++;
        switch (*p) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            for (s = s ? s : "(null)"; *s; s++)
                put(&o, *s);
            break;
        }
        case 'c':
            put(&o, (char)va_arg(ap, int));
            break;
        case 'd': {
            long long v = longs >= 2 ? va_arg(ap, long long) : va_arg(ap, int);
            if (v < 0) {
                put(&o, '-');
                v = -v;
            }
            put_num(&o, (unsigned long long)v, 10, width, pad);
            break;
        }
        case 'u':
        case 'x': {
            unsigned long long v = longs >= 2 ? va_arg(ap, unsigned long long)
                                   : longs == 1 ? va_arg(ap, unsigned long)
                                                : va_arg(ap, unsigned);
            put_num(&o, v, *p == 'u' ? 10 : 16, width, pad);
            break;
        }
        case '%':
            put(&o, '%');
            break;
        default: /* unknown: copy the directive literally */
            for (; start <= p && *start; start++)
                put(&o, *start);
            if (!*p)
                p--;
            break;
        }
    }
    o.buf[o.len] = '\0';
}

void diag_set(struct diag *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vset(d, fmt, ap);
    va_end(ap);
}

uint32_t diag_strlen(const char *s)
{
    uint32_t n = 0;
    while (s[n])
        n++;
    return n;
}

void diag_memcpy(void *dst, const void *src, uint32_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    while (n--)
        *d++ = *s++;
}

void diag_memset(void *dst, int c, uint32_t n)
{
    uint8_t *d = dst;
    while (n--)
        *d++ = (uint8_t)c;
}
