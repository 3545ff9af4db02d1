/* host_kprintf.c - kprintf/ksnprintf for host tests: vsnprintf-backed, remembers the last line. */
#include "kernel/lib/kprintf.h"
#include "host_kprintf.h"

#include <stdio.h>
#include <string.h>

#define HOST_LINE_MAX 512

static char pending[HOST_LINE_MAX]; /* the line being assembled (kprintf may be called per piece) */
static size_t pending_len;
static char last[HOST_LINE_MAX];
static unsigned lines;

/* Echoed to stderr behind "# " so the TAP stream on stdout stays clean. */
static void finish_line(void)
{
    pending[pending_len] = '\0';
    memcpy(last, pending, pending_len + 1);
    fprintf(stderr, "# %s\n", last);
    pending_len = 0;
    lines++;
}

void kvprintf(const char *fmt, va_list ap)
{
    char buf[HOST_LINE_MAX];
    vsnprintf(buf, sizeof buf, fmt, ap);
    for (const char *c = buf; *c; c++) {
        if (*c == '\n')
            finish_line();
        else if (pending_len < sizeof pending - 1)
            pending[pending_len++] = *c;
    }
}

void kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    if (size == 0)
        return 0;
    /* Like the kernel's: the length actually written, not the length wanted. */
    if (n < 0)
        return 0;
    return (size_t)n >= size ? (int)(size - 1) : n;
}

const char *host_kprintf_last(void) { return last; }
unsigned host_kprintf_lines(void) { return lines; }
void host_kprintf_reset(void)
{
    last[0] = '\0';
    pending_len = 0;
    lines = 0;
}

static bool expecting;
const char *kerr(void) { return expecting ? "expect" : "error"; }
void kerr_expect(bool on) { expecting = on; }
