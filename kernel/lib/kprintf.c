/* kprintf.c - kprintf to every console and ksnprintf to a buffer, both through shared/lib/fmt.c. */
#include "kprintf.h"

#include "../../shared/lib/fmt.h"
#include "../dev/console.h"

/* Every console: COM1 and, once it is set up, the screen. */
static void put_console(struct fmt_sink *s, const char *p, size_t n)
{
    (void)s;
    console_write(p, n);
}

void kvprintf(const char *fmt, va_list ap)
{
    struct fmt_sink s = {.put = put_console};
    fmt_format(&s, fmt, ap);
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
    int n = fmt_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

static bool expecting;
const char *kerr(void) { return expecting ? "expect" : "error"; }
void kerr_expect(bool on) { expecting = on; }
