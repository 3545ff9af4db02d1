/* fmt.c - the one printf-style formatter for the loader and the kernel (see fmt.h). */
#include "fmt.h"

#include <stdbool.h>
#include <stdint.h>

struct spec {
    bool left;      /* '-' */
    bool zero;      /* '0' */
    unsigned width;
    int length;     /* 0, 1 = l, 2 = ll, 3 = z */
};

static void emit(struct fmt_sink *s, const char *p, size_t n)
{
    s->put(s, p, n);
    s->len += n;
}

static void pad(struct fmt_sink *s, char c, size_t n)
{
    while (n--)
        emit(s, &c, 1);
}

/* Prints `digits` (n chars, with an optional sign) honouring width and flags. */
static void field(struct fmt_sink *s, const struct spec *sp, const char *sign, const char *digits,
                  size_t n)
{
    size_t slen = sign ? 1 : 0;
    size_t w = n + slen;
    size_t fill = sp->width > w ? sp->width - w : 0;
    if (!sp->left && !sp->zero)
        pad(s, ' ', fill);
    if (sign)
        emit(s, sign, 1);
    if (!sp->left && sp->zero)
        pad(s, '0', fill);
    emit(s, digits, n);
    if (sp->left)
        pad(s, ' ', fill);
}

static void number(struct fmt_sink *s, const struct spec *sp, uint64_t v, unsigned base, bool upper,
                   bool negative)
{
    const char *xd = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    size_t i = sizeof(tmp);
    do {
        /* 64-bit division by a constant small base; libgcc provides __udivdi3. */
        tmp[--i] = xd[v % base];
        v /= base;
    } while (v);
    field(s, sp, negative ? "-" : NULL, tmp + i, sizeof(tmp) - i);
}

static uint64_t get_unsigned(va_list *ap, int length)
{
    switch (length) {
    case 2: return va_arg(*ap, unsigned long long);
    case 1: return va_arg(*ap, unsigned long);
    case 3: return va_arg(*ap, size_t);
    default: return va_arg(*ap, unsigned int);
    }
}

static int64_t get_signed(va_list *ap, int length)
{
    switch (length) {
    case 2: return va_arg(*ap, long long);
    case 1: return va_arg(*ap, long);
    case 3: return (int64_t)va_arg(*ap, size_t);
    default: return va_arg(*ap, int);
    }
}

void fmt_format(struct fmt_sink *s, const char *fmt, va_list ap_in)
{
    va_list ap;
    va_copy(ap, ap_in);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            const char *q = p;
            while (q[1] && q[1] != '%')
                q++;
            emit(s, p, (size_t)(q - p + 1));
            p = q;
            continue;
        }
        struct spec sp = {0};
        p++;
        for (;; p++) {
            if (*p == '-')
                sp.left = true;
            else if (*p == '0')
                sp.zero = true;
            else
                break;
        }
        while (*p >= '0' && *p <= '9')
            sp.width = sp.width * 10 + (unsigned)(*p++ - '0');
        if (*p == 'l') {
            sp.length = 1;
            if (*++p == 'l') {
                sp.length = 2;
                p++;
            }
        } else if (*p == 'z') {
            sp.length = 3;
            p++;
        }
        switch (*p) {
        case 'd':
        case 'i': {
            int64_t v = get_signed(&ap, sp.length);
            uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            number(s, &sp, mag, 10, false, v < 0);
            break;
        }
        case 'u': number(s, &sp, get_unsigned(&ap, sp.length), 10, false, false); break;
        case 'x': number(s, &sp, get_unsigned(&ap, sp.length), 16, false, false); break;
        case 'X': number(s, &sp, get_unsigned(&ap, sp.length), 16, true, false); break;
        case 'p': {
            struct spec pp = {.zero = true, .width = 2 * sizeof(void *)};
            emit(s, "0x", 2);
            number(s, &pp, (uintptr_t)va_arg(ap, void *), 16, false, false);
            break;
        }
        case 'c': {
            char c = (char)va_arg(ap, int);
            sp.zero = false;
            field(s, &sp, NULL, &c, 1);
            break;
        }
        case 's': {
            const char *str = va_arg(ap, const char *);
            if (!str)
                str = "(null)";
            size_t n = 0;
            while (str[n])
                n++;
            sp.zero = false;
            field(s, &sp, NULL, str, n);
            break;
        }
        case '%': emit(s, "%", 1); break;
        case '\0': /* a lone '%' at the end: print it, stop */
            emit(s, "%", 1);
            p--;
            break;
        default: /* unknown conversion: show it as written */
            emit(s, "%", 1);
            emit(s, p, 1);
            break;
        }
    }
    va_end(ap);
}

struct buf_sink {
    struct fmt_sink s; /* first: put() gets this back */
    char *buf;
    size_t size; /* capacity including the NUL */
};

static void put_buf(struct fmt_sink *s, const char *p, size_t n)
{
    struct buf_sink *b = (struct buf_sink *)s;
    for (size_t i = 0; i < n; i++)
        if (b->size && s->len + i < b->size - 1)
            b->buf[s->len + i] = p[i];
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct buf_sink b = {.s = {.put = put_buf}, .buf = buf, .size = size};
    fmt_format(&b.s, fmt, ap);
    size_t len = b.s.len;
    if (size)
        buf[len < size ? len : size - 1] = '\0';
    return (int)(len < size ? len : (size ? size - 1 : 0));
}
