/* log_colour.c - the screen colour of a log line: errors red, warnings yellow, passes
 * green, the rest light grey. */
#include "log_colour.h"

#include <stdbool.h>

static size_t len(const char *w)
{
    size_t n = 0;
    while (w[n])
        n++;
    return n;
}

static bool starts(const char *s, size_t n, const char *w)
{
    size_t k = len(w);
    if (k > n)
        return false;
    for (size_t i = 0; i < k; i++)
        if (s[i] != w[i])
            return false;
    return true;
}

static bool ends(const char *s, size_t n, const char *w)
{
    size_t k = len(w);
    return k <= n && starts(s + n - k, k, w);
}

static bool has(const char *s, size_t n, const char *w)
{
    for (size_t i = 0; i < n; i++)
        if (starts(s + i, n - i, w))
            return true;
    return false;
}

uint32_t log_line_rgb(const char *s, size_t n)
{
    if (has(s, n, ": error:") || has(s, n, " FAIL") || starts(s, n, "exception:") ||
        starts(s, n, "panic") || starts(s, n, "kernel: fail") ||
        (starts(s, n, "selftest: ") && ends(s, n, " failed") && !ends(s, n, ", 0 failed")))
        return LOG_RGB_ERROR;
    if (has(s, n, "warning"))
        return LOG_RGB_WARNING;
    if (starts(s, n, "Self-test") && ends(s, n, " failed"))
        return ends(s, n, ", 0 failed") ? LOG_RGB_PASS : LOG_RGB_ERROR;
    if ((starts(s, n, "selftest: ") && (ends(s, n, " ok") || ends(s, n, ", 0 failed"))) ||
        starts(s, n, "kernel: ready") || (n == 5 && starts(s, n, "ready")))
        return LOG_RGB_PASS;
    return LOG_RGB_TEXT;
}

bool log_line_shown(const char *s, size_t n, bool verbose, size_t *skip)
{
    *skip = 0;
    if (verbose)
        return true;
    if (starts(s, n, LOG_SCREEN_PREFIX)) {
        *skip = len(LOG_SCREEN_PREFIX);
        return true;
    }
    uint32_t rgb = log_line_rgb(s, n);
    return rgb == LOG_RGB_ERROR || rgb == LOG_RGB_WARNING;
}
