/* fb_render.h - pure pixel work on a linear framebuffer in memory: pixel formats,
 * glyphs, scrolling, and the text console's cursor rules (shared with the host). */
#ifndef KERNEL_DEV_FB_RENDER_H
#define KERNEL_DEV_FB_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "psf.h"

/* The console's colours as 0xRRGGBB. The screen test renders with the same ones. */
#define FB_CONSOLE_FG 0xC0C0C0u
#define FB_CONSOLE_BG 0x000000u
#define FB_TAB_STOP 8u

#define FB_MAX_FIELD_BITS 16u /* colour channels wider than this are refused */

/* A direct-colour pixel layout as Multiboot2 tag 8 describes it: each channel is
 * `size` bits at bit `pos` of a little-endian pixel of bpp/8 bytes. */
struct fb_format {
    uint32_t width, height; /* pixels */
    uint32_t pitch;         /* bytes from one scan line to the next */
    uint32_t bpp;           /* 16, 24 or 32 */
    uint8_t red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

/* Checks that the renderer can draw `f`: bpp 16/24/32, pitch >= width * bytes,
 * each channel 1..16 bits inside the pixel and not overlapping another. Returns
 * false with the reason (field and value) in `err`. */
bool fb_format_check(const struct fb_format *f, char *err, size_t errlen);

/* "rgb" (8-bit channels, red in the lowest byte), "bgr" (blue lowest) or "mask". */
const char *fb_format_name(const struct fb_format *f);

/* The pixel value for colour 0xRRGGBB: each 8-bit channel scaled to its field. */
uint32_t fb_pixel(const struct fb_format *f, uint32_t rgb);

/* Fills the rectangle (clipped to the screen) with pixel value `px`. */
void fb_fill(uint8_t *base, const struct fb_format *f, uint32_t x, uint32_t y, uint32_t w,
             uint32_t h, uint32_t px);

/* Draws the glyph for `c` with its top-left corner at (x, y): set bits in fg,
 * clear bits in bg. Does nothing if the glyph would not fit entirely on screen. */
void fb_draw_glyph(uint8_t *base, const struct fb_format *f, const struct psf_font *font,
                   unsigned char c, uint32_t x, uint32_t y, uint32_t fg, uint32_t bg);

/* Moves scan lines [dy, area_h) up to [0, area_h - dy) and fills the last dy lines
 * of the area with `bg`. Only the visible width of each line is touched. */
void fb_scroll(uint8_t *base, const struct fb_format *f, uint32_t area_h, uint32_t dy,
               uint32_t bg);

/* A text console: cells of the font's size from the top-left corner. */
struct fb_text {
    uint8_t *base;
    struct fb_format fmt;
    const struct psf_font *font;
    uint32_t cols, rows; /* cells on screen */
    uint32_t col, row;   /* the cursor */
    uint32_t fg, bg;     /* pixel values */
};

/* Sets up a console on `base` with the console colours and clears the whole screen.
 * Returns false when not even one cell fits. */
bool fb_text_init(struct fb_text *t, uint8_t *base, const struct fb_format *f,
                  const struct psf_font *font);

/* Writes text at the cursor. The rules (the screen test relies on them):
 * '\n' goes to the start of the next row, '\r' to the start of this one, '\t' to the
 * next multiple of FB_TAB_STOP columns, other control bytes are dropped. A character
 * that finds the cursor past the last column first wraps to the next row (so a line
 * exactly `cols` long followed by '\n' takes one row). Moving down from the last row
 * scrolls the screen up by one row. */
void fb_text_write(struct fb_text *t, const char *s, size_t n);

#endif
