/* fmt.h - the one printf-style formatter: the kernel's kprintf/ksnprintf and the loader's diag
 * lines. */
#ifndef SHARED_LIB_FMT_H
#define SHARED_LIB_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* Where formatted text goes: put() receives it in pieces; len counts every
 * character produced, also those a full buffer could not keep. */
struct fmt_sink {
    void (*put)(struct fmt_sink *s, const char *p, size_t n);
    size_t len;
};

/* %s %c %d %i %u %x %X %p, the l, ll and z sizes, '-' and '0' flags and a width
 * (%08x, %-6s). A lone '%' at the end prints as '%'; an unknown conversion prints
 * as written ("%q"). No floating point: neither the kernel nor the loader may
 * touch FPU state. */
void fmt_format(struct fmt_sink *s, const char *fmt, va_list ap);

/* Into buf (size bytes), always NUL-terminated when size > 0, truncating; returns
 * the length written (not the length wanted, unlike C's vsnprintf). */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif
