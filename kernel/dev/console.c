/* console.c - fans kernel output out to COM1 and the registered sinks (the screen). */
#include "console.h"

#include <stdint.h>

#include "serial.h"

static console_sink sinks[CONSOLE_MAX_SINKS];
static uint32_t nsinks;
static bool in_sink; /* a fault while drawing must not recurse into the drawing */

/* The first lines come before the framebuffer is set up; they are replayed to it. */
static char early[CONSOLE_EARLY_BYTES];
static size_t early_len;

static void to_sinks(const char *s, size_t n)
{
    if (in_sink)
        return;
    in_sink = true;
    for (uint32_t i = 0; i < nsinks; i++)
        sinks[i](s, n);
    in_sink = false;
}

void console_write(const char *s, size_t n)
{
    serial_write(s, n);
    if (nsinks == 0) {
        for (size_t i = 0; i < n && early_len < CONSOLE_EARLY_BYTES; i++)
            early[early_len++] = s[i];
        return;
    }
    to_sinks(s, n);
}

bool console_add_sink(console_sink fn)
{
    if (nsinks == CONSOLE_MAX_SINKS)
        return false;
    sinks[nsinks++] = fn;
    if (nsinks == 1 && early_len) {
        in_sink = true;
        fn(early, early_len);
        in_sink = false;
        early_len = 0;
    }
    return true;
}
