/* fb.c - the framebuffer console: on the framebuffer kernel/boot decided usable, loads the
 * embedded font and draws kernel output. */
#include "fb.h"

#include <stdint.h>

#include "../lib/kprintf.h"
#include "console.h"
#include "fb_render.h"
#include "font_pick.h"
#include "log_colour.h"
#include "psf.h"

#define FB_ERR_LEN 160u
#define FB_LINE_MAX 512u /* a longer line is drawn in pieces of this size */
/* The PSF files, put into .rodata by the build (objcopy -I binary; mk/kernel.mk). */
extern const uint8_t _binary_console_psf_start[], _binary_console_psf_end[];
extern const uint8_t _binary_console32_psf_start[], _binary_console32_psf_end[];

static const struct {
    const char *name;
    const uint8_t *start, *end;
} fonts[FONT_COUNT] = {
    [FONT_10X18] = { "embedded font 10x18 (build/font/console.psf)", _binary_console_psf_start,
                     _binary_console_psf_end },
    [FONT_16X32] = { "embedded font 16x32 (build/font/console32.psf)",
                     _binary_console32_psf_start, _binary_console32_psf_end },
};
static const char *font_want; /* font= from the command line, NULL when absent */
static size_t font_want_len;

void fb_set_font(const char *want, size_t len)
{
    font_want = want;
    font_want_len = len;
}

static struct psf_font font;
static struct fb_text text;

static char line[FB_LINE_MAX];
static size_t line_len;
static bool verbose;

void fb_set_verbose(bool on) { verbose = on; }

/* Whole lines, each in the colour of what it says (log_colour.h): errors red. Only
 * the report, errors and warnings, unless verbose (log_line_shown). */
static void fb_sink(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        line[line_len++] = s[i];
        if (s[i] != '\n' && line_len < sizeof line)
            continue;
        size_t bare = line_len - (s[i] == '\n'), skip;
        if (log_line_shown(line, bare, verbose, &skip)) {
            text.fg = fb_pixel(&text.fmt, log_line_rgb(line + skip, bare - skip));
            fb_text_write(&text, line + skip, line_len - skip);
        }
        line_len = 0;
    }
}

bool fb_init(const struct boot_fb *fb)
{
    char err[FB_ERR_LEN];
    if (!fb->usable) {
        kprintf("fb: none (%s)\n", fb->why);
        return false;
    }
    const struct fb_format *f = &fb->format;
    int bad;
    enum font_id id = font_pick(f->width, font_want, font_want_len, &bad);
    if (bad) {
        char v[24];
        size_t n = font_want_len < sizeof v - 1 ? font_want_len : sizeof v - 1;
        for (size_t i = 0; i < n; i++)
            v[i] = font_want[i];
        v[n] = '\0';
        kprintf("fb: warning: font=%s is not one of 10x18 16x32; using %s\n", v, font_name(id));
    }
    size_t font_len = (size_t)(fonts[id].end - fonts[id].start);
    if (!psf_parse(fonts[id].start, font_len, fonts[id].name, &font, err, sizeof err)) {
        kprintf("fb: none (%s)\n", err);
        return false;
    }
    if (!fb_text_init(&text, (uint8_t *)(uintptr_t)fb->addr, f, &font)) {
        kprintf("fb: none (%ux%u is smaller than one %ux%u glyph)\n", f->width, f->height,
                font.width, font.height);
        return false;
    }
    if (!console_add_sink(fb_sink)) {
        kprintf("fb: none (no free console sink)\n");
        return false;
    }
    kprintf("fb: console %ux%u chars, %ux%ux%u pitch=%u format=%s font=%s\n", text.cols,
            text.rows, f->width, f->height, f->bpp, f->pitch, fb_format_name(f), font_name(id));
    return true;
}
