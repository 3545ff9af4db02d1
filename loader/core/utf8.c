/* utf8.c - strict UTF-8 decoding into UCS-2: boot.cfg paths become firmware file names. */
#include "utf8.h"

#define BMP_MAX 0xFFFFu
#define SURROGATE_LO 0xD800u
#define SURROGATE_HI 0xDFFFu

/* Length of the sequence led by `c` and the lowest code point it may encode (so
 * an overlong form, which hides one character behind another, is refused). */
static uint32_t lead(uint8_t c, uint32_t *cp, uint32_t *min)
{
    if (c < 0x80) {
        *cp = c, *min = 0;
        return 1;
    }
    if ((c & 0xE0) == 0xC0) {
        *cp = c & 0x1F, *min = 0x80;
        return 2;
    }
    if ((c & 0xF0) == 0xE0) {
        *cp = c & 0x0F, *min = 0x800;
        return 3;
    }
    if ((c & 0xF8) == 0xF0) {
        *cp = c & 0x07, *min = 0x10000;
        return 4;
    }
    return 0; /* a continuation byte or 0xF8..0xFF cannot start a character */
}

int32_t utf8_to_ucs2(const char *s, uint32_t len, uint16_t *out, uint32_t cap,
                     uint32_t *bad_at)
{
    const uint8_t *p = (const uint8_t *)s;
    uint32_t i = 0, n = 0;
    while (i < len) {
        uint32_t cp, min, k = lead(p[i], &cp, &min);
        *bad_at = i;
        if (k == 0 || k > len - i)
            return UTF8_BAD;
        for (uint32_t j = 1; j < k; j++) {
            if ((p[i + j] & 0xC0) != 0x80)
                return UTF8_BAD;
            cp = cp << 6 | (p[i + j] & 0x3F);
        }
        if (cp < min || (cp >= SURROGATE_LO && cp <= SURROGATE_HI))
            return UTF8_BAD;
        if (cp > BMP_MAX)
            return UTF8_BEYOND_BMP;
        if (out) {
            if (n + 1 >= cap)
                return UTF8_TOO_LONG;
            out[n] = (uint16_t)cp;
        }
        n++;
        i += k;
    }
    if (out && cap)
        out[n] = 0;
    return (int32_t)n;
}
