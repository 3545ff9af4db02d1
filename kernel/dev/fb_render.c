/* fb_render.c - pixels into a framebuffer in memory: formats, glyphs, scrolling, text cursor. */
#include "fb_render.h"

#include "../lib/kprintf.h"

#define BITS_PER_BYTE 8u

static uint32_t bytes_per_pixel(const struct fb_format *f) { return f->bpp / BITS_PER_BYTE; }

static bool check_field(const struct fb_format *f, const char *name, uint32_t pos, uint32_t size,
                        char *err, size_t errlen)
{
    if (size == 0 || size > FB_MAX_FIELD_BITS) {
        ksnprintf(err, errlen, "%s_mask_size=%u, need 1..%u", name, size, FB_MAX_FIELD_BITS);
        return false;
    }
    if (pos + size > f->bpp) {
        ksnprintf(err, errlen, "%s_field_position=%u + mask_size=%u, beyond bpp=%u", name, pos,
                  size, f->bpp);
        return false;
    }
    return true;
}

static uint32_t field_mask(uint32_t pos, uint32_t size) { return ((1u << size) - 1) << pos; }

bool fb_format_check(const struct fb_format *f, char *err, size_t errlen)
{
    if (f->bpp != 16 && f->bpp != 24 && f->bpp != 32) {
        ksnprintf(err, errlen, "bpp=%u, need 16, 24 or 32", f->bpp);
        return false;
    }
    if (f->width == 0 || f->height == 0) {
        ksnprintf(err, errlen, "size=%ux%u is empty", f->width, f->height);
        return false;
    }
    if ((uint64_t)f->width * bytes_per_pixel(f) > f->pitch) {
        ksnprintf(err, errlen, "pitch=%u, below width=%u * %u bytes", f->pitch, f->width,
                  bytes_per_pixel(f));
        return false;
    }
    if (!check_field(f, "red", f->red_pos, f->red_size, err, errlen) ||
        !check_field(f, "green", f->green_pos, f->green_size, err, errlen) ||
        !check_field(f, "blue", f->blue_pos, f->blue_size, err, errlen))
        return false;
    uint32_t r = field_mask(f->red_pos, f->red_size), g = field_mask(f->green_pos, f->green_size);
    uint32_t b = field_mask(f->blue_pos, f->blue_size);
    if ((r & g) || (r & b) || (g & b)) {
        ksnprintf(err, errlen, "colour fields overlap: red=0x%x green=0x%x blue=0x%x", r, g, b);
        return false;
    }
    return true;
}

const char *fb_format_name(const struct fb_format *f)
{
    bool bytes = (f->bpp == 24 || f->bpp == 32) && f->red_size == 8 && f->green_size == 8 &&
                 f->blue_size == 8 && f->green_pos == 8;
    if (bytes && f->red_pos == 0 && f->blue_pos == 16)
        return "rgb";
    if (bytes && f->blue_pos == 0 && f->red_pos == 16)
        return "bgr";
    return "mask";
}

/* An 8-bit channel widened or narrowed to `size` bits, keeping full scale full. */
static uint32_t scale(uint32_t c8, uint32_t size)
{
    if (size <= BITS_PER_BYTE)
        return c8 >> (BITS_PER_BYTE - size);
    return (c8 << (size - BITS_PER_BYTE)) | (c8 >> (2 * BITS_PER_BYTE - size));
}

uint32_t fb_pixel(const struct fb_format *f, uint32_t rgb)
{
    uint32_t r = (rgb >> 16) & 0xFFu, g = (rgb >> 8) & 0xFFu, b = rgb & 0xFFu;
    return scale(r, f->red_size) << f->red_pos | scale(g, f->green_size) << f->green_pos |
           scale(b, f->blue_size) << f->blue_pos;
}

/* Pixels are little-endian (x86 and every GOP format). A 4- or 2-byte pixel is one
 * store, so a write-combining framebuffer sees whole pixels. */
static void put_pixel(uint8_t *p, uint32_t bytes, uint32_t px)
{
    if (bytes == 4) {
        __builtin_memcpy(p, &px, 4);
    } else if (bytes == 2) {
        uint16_t v = (uint16_t)px;
        __builtin_memcpy(p, &v, 2);
    } else {
        p[0] = (uint8_t)px;
        p[1] = (uint8_t)(px >> 8);
        p[2] = (uint8_t)(px >> 16);
    }
}

static uint8_t *pixel_at(uint8_t *base, const struct fb_format *f, uint32_t x, uint32_t y)
{
    return base + (size_t)y * f->pitch + (size_t)x * bytes_per_pixel(f);
}

void fb_fill(uint8_t *base, const struct fb_format *f, uint32_t x, uint32_t y, uint32_t w,
             uint32_t h, uint32_t px)
{
    if (x >= f->width || y >= f->height)
        return;
    if (w > f->width - x)
        w = f->width - x;
    if (h > f->height - y)
        h = f->height - y;
    uint32_t bytes = bytes_per_pixel(f);
    for (uint32_t j = 0; j < h; j++) {
        uint8_t *p = pixel_at(base, f, x, y + j);
        for (uint32_t i = 0; i < w; i++, p += bytes)
            put_pixel(p, bytes, px);
    }
}

void fb_draw_glyph(uint8_t *base, const struct fb_format *f, const struct psf_font *font,
                   unsigned char c, uint32_t x, uint32_t y, uint32_t fg, uint32_t bg)
{
    if (x >= f->width || f->width - x < font->width || y >= f->height ||
        f->height - y < font->height)
        return;
    const uint8_t *g = psf_glyph(font, c);
    uint32_t bytes = bytes_per_pixel(f);
    for (uint32_t j = 0; j < font->height; j++, g += font->row_bytes) {
        uint8_t *p = pixel_at(base, f, x, y + j);
        for (uint32_t i = 0; i < font->width; i++, p += bytes) {
            /* Rows are MSB-first: pixel 0 is bit 7 of byte 0. */
            bool set = g[i / BITS_PER_BYTE] & (0x80u >> (i % BITS_PER_BYTE));
            put_pixel(p, bytes, set ? fg : bg);
        }
    }
}

/* Copies n bytes forward (dst below src) in 4-byte words where it can: the scroll
 * moves the whole screen, so word stores matter under emulation and on hardware. */
static void copy_down(uint8_t *dst, const uint8_t *src, size_t n)
{
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        uint32_t w;
        __builtin_memcpy(&w, src + i, 4);
        __builtin_memcpy(dst + i, &w, 4);
    }
    for (; i < n; i++)
        dst[i] = src[i];
}

void fb_scroll(uint8_t *base, const struct fb_format *f, uint32_t area_h, uint32_t dy,
               uint32_t bg)
{
    if (area_h > f->height)
        area_h = f->height;
    if (dy > area_h)
        dy = area_h;
    size_t row = (size_t)f->width * bytes_per_pixel(f);
    for (uint32_t y = 0; y + dy < area_h; y++)
        copy_down(base + (size_t)y * f->pitch, base + (size_t)(y + dy) * f->pitch, row);
    fb_fill(base, f, 0, area_h - dy, f->width, dy, bg);
}

bool fb_text_init(struct fb_text *t, uint8_t *base, const struct fb_format *f,
                  const struct psf_font *font)
{
    *t = (struct fb_text){.base = base, .fmt = *f, .font = font};
    t->cols = f->width / font->width;
    t->rows = f->height / font->height;
    if (t->cols == 0 || t->rows == 0)
        return false;
    t->fg = fb_pixel(f, FB_CONSOLE_FG);
    t->bg = fb_pixel(f, FB_CONSOLE_BG);
    fb_fill(base, f, 0, 0, f->width, f->height, t->bg);
    return true;
}

static void newline(struct fb_text *t)
{
    t->col = 0;
    if (t->row + 1 < t->rows)
        t->row++;
    else
        fb_scroll(t->base, &t->fmt, t->rows * t->font->height, t->font->height, t->bg);
}

static void put(struct fb_text *t, unsigned char c)
{
    if (t->col >= t->cols)
        newline(t);
    fb_draw_glyph(t->base, &t->fmt, t->font, c, t->col * t->font->width,
                  t->row * t->font->height, t->fg, t->bg);
    t->col++;
}

void fb_text_write(struct fb_text *t, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n') {
            newline(t);
        } else if (c == '\r') {
            t->col = 0;
        } else if (c == '\t') {
            if (t->col >= t->cols)
                newline(t);
            uint32_t stop = (t->col / FB_TAB_STOP + 1) * FB_TAB_STOP;
            if (stop > t->cols)
                stop = t->cols;
            while (t->col < stop)
                put(t, ' ');
        } else if (c >= ' ' && c != 0x7F) {
            put(t, c);
        }
    }
}
