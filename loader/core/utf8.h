/* utf8.h - UTF-8 (boot.cfg's paths) to UCS-2 (the firmware's CHAR16 file names). */
#ifndef LOADER_UTF8_H
#define LOADER_UTF8_H

#include <stdint.h>

#define UTF8_BAD (-1)       /* not well-formed UTF-8 (overlong, surrogate, cut short) */
#define UTF8_BEYOND_BMP (-2) /* a character above U+FFFF: UCS-2 cannot hold it */
#define UTF8_TOO_LONG (-3)  /* more than `cap` - 1 units */

/* Decodes `len` bytes of `s` into `out` (`cap` units, NUL-terminated) when `out` is
 * not NULL. Returns the number of UCS-2 units, or one of the negative values above;
 * *bad_at gets the byte offset of the offending sequence. */
int32_t utf8_to_ucs2(const char *s, uint32_t len, uint16_t *out, uint32_t cap,
                     uint32_t *bad_at);

#endif
