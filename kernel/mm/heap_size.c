/* heap_size.c - the heap's size: `heap=` from the kernel command line, else a
 * share of usable RAM. Pure parsing, no heap state. */
#include "heap.h"

#include "../lib/kprintf.h"
#include "physmem.h"
#ifdef HOST_TEST
#include <string.h>
#else
#include "../lib/string.h"
#endif

#define KIB 1024ull
#define MIB (1024ull * 1024ull)

static bool is_space(char c) { return c == ' ' || c == '\t'; }

/* The value of the last `heap=` word, NULL if none; *len is its length. */
static const char *find_heap_arg(const char *s, uint32_t *len)
{
    const char *found = 0;
    for (const char *w = s; *w;) {
        while (is_space(*w))
            w++;
        const char *e = w;
        while (*e && !is_space(*e))
            e++;
        if (e - w >= 5 && w[0] == 'h' && w[1] == 'e' && w[2] == 'a' && w[3] == 'p' && w[4] == '=') {
            found = w + 5;
            *len = (uint32_t)(e - found);
        }
        w = e;
    }
    return found;
}

uint32_t heap_size_from_cmdline(const char *cmdline, uint64_t usable_bytes, char *err,
                                uint32_t errlen)
{
    uint32_t len = 0;
    const char *v = cmdline ? find_heap_arg(cmdline, &len) : 0;
    if (!v) {
        uint64_t size = usable_bytes / 16;
        if (size < HEAP_MIN_BYTES)
            size = HEAP_MIN_BYTES;
        if (size > HEAP_MAX_BYTES)
            size = HEAP_MAX_BYTES;
        return (uint32_t)PAGE_ALIGN_DOWN(size);
    }
    char shown[41]; /* the value as typed, for messages */
    uint32_t shown_len = len < sizeof shown - 1 ? len : (uint32_t)sizeof shown - 1;
    memcpy(shown, v, shown_len);
    shown[shown_len] = '\0';
    uint64_t n = 0;
    uint32_t i = 0;
    for (; i < len && v[i] >= '0' && v[i] <= '9'; i++) {
        n = n * 10 + (uint64_t)(v[i] - '0');
        if (n > (1ull << 32)) /* already more than any heap below 4 GiB */
            break;
    }
    uint64_t unit = KIB;
    bool ok = i > 0 && n <= (1ull << 32);
    if (ok && i < len) {
        if ((v[i] == 'K' || v[i] == 'k') && i + 1 == len)
            unit = KIB;
        else if ((v[i] == 'M' || v[i] == 'm') && i + 1 == len)
            unit = MIB;
        else
            ok = false;
    }
    if (!ok) {
        if (err && errlen)
            ksnprintf(err, errlen, "cmdline: heap=%s: bad value (want N KiB, NK or NM)", shown);
        return 0;
    }
    uint64_t bytes = n * unit;
    uint64_t limit = usable_bytes / 2;
    if (bytes < HEAP_EXPLICIT_MIN_BYTES) {
        if (err && errlen)
            ksnprintf(err, errlen, "cmdline: heap=%s: below the minimum of %u KiB", shown,
                      HEAP_EXPLICIT_MIN_BYTES / 1024);
        return 0;
    }
    if (bytes > limit) {
        if (err && errlen)
            ksnprintf(err, errlen, "cmdline: heap=%s: more than half of usable RAM (%llu KiB)",
                      shown, (unsigned long long)(usable_bytes / KIB));
        return 0;
    }
    return (uint32_t)PAGE_ALIGN_UP(bytes);
}
