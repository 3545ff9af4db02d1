/* font_pick.h - which embedded console font a screen gets (pure). */
#ifndef KERNEL_DEV_FONT_PICK_H
#define KERNEL_DEV_FONT_PICK_H

#include <stddef.h>
#include <stdint.h>

enum font_id { FONT_10X18, FONT_16X32, FONT_COUNT };

#define FONT_LARGE_FROM_WIDTH 1920u /* 16x32 from here: at most 120 columns at 1920 */

/* The font for a screen `width` pixels wide: 16x32 from FONT_LARGE_FROM_WIDTH, else
 * 10x18. `want` (the value of font= on the command line, `len` bytes; NULL when
 * absent) overrides with "10x18" or "16x32"; any other value is ignored and *bad set. */
enum font_id font_pick(uint32_t width, const char *want, size_t len, int *bad);

/* "10x18" or "16x32". */
const char *font_name(enum font_id id);

#endif
