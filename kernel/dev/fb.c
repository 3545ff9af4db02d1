/* fb.c - the framebuffer console: on the framebuffer kernel/boot decided usable, loads the
 * embedded font and draws kernel output. */
#include "fb.h"

#include <stdint.h>

#include "../lib/kprintf.h"
#include "console.h"
#include "fb_render.h"
#include "log_colour.h"
#include "psf.h"

#define FB_ERR_LEN 160u
#define FB_LINE_MAX 512u /* a longer line is drawn in pieces of this size */
#define FONT_NAME "embedded font (build/font/console.psf)"

/* The PSF file, put into .rodata by the build (objcopy -I binary; mk/kernel.mk). */
extern const uint8_t _binary_console_psf_start[], _binary_console_psf_end[];

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
    size_t font_len = (size_t)(_binary_console_psf_end - _binary_console_psf_start);
    if (!psf_parse(_binary_console_psf_start, font_len, FONT_NAME, &font, err, sizeof err)) {
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
    kprintf("fb: console %ux%u chars, %ux%ux%u pitch=%u format=%s\n", text.cols, text.rows,
            f->width, f->height, f->bpp, f->pitch, fb_format_name(f));
    return true;
}
