/* diag.c - the loader's one-line errors (formatted by shared/lib/fmt.c) and tiny libc stand-ins. */
#include "diag.h"

#include "../../shared/lib/fmt.h"

/* The kernel's formatter (shared/lib/fmt.c): the loader's messages use only %s,
 * %u, %x, %02x, %llu and %llx, which it prints exactly as diag's own did. */
void diag_vset(struct diag *d, const char *fmt, va_list ap)
{
    fmt_vsnprintf(d->msg, DIAG_MAX, fmt, ap);
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
