/* font_pick.c - which embedded console font a screen gets: large from 1920 px wide. */
#include "font_pick.h"

static const char *const names[FONT_COUNT] = { [FONT_10X18] = "10x18", [FONT_16X32] = "16x32" };

const char *font_name(enum font_id id) { return id < FONT_COUNT ? names[id] : "?"; }

static int same(const char *a, size_t n, const char *b)
{
    size_t i = 0;
    for (; i < n && b[i]; i++)
        if (a[i] != b[i])
            return 0;
    return i == n && b[i] == '\0';
}

enum font_id font_pick(uint32_t width, const char *want, size_t len, int *bad)
{
    *bad = 0;
    if (want) {
        for (int id = 0; id < FONT_COUNT; id++)
            if (same(want, len, names[id]))
                return (enum font_id)id;
        *bad = 1;
    }
    return width >= FONT_LARGE_FROM_WIDTH ? FONT_16X32 : FONT_10X18;
}
