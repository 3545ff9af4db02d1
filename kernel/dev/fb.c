/* fb.c - the framebuffer console: checks tag 8, loads the embedded font, draws kernel output. */
#include "fb.h"

#include <stdint.h>

#include "../lib/kprintf.h"
#include "console.h"
#include "fb_render.h"
#include "psf.h"

#define FOUR_GIB (1ull << 32)
#define FB_ERR_LEN 160u
#define FONT_NAME "embedded font (build/font/console.psf)"

/* The PSF file, put into .rodata by the build (objcopy -I binary; mk/kernel.mk). */
extern const uint8_t _binary_console_psf_start[], _binary_console_psf_end[];

static struct psf_font font;
static struct fb_text text;

static void fb_sink(const char *s, size_t n) { fb_text_write(&text, s, n); }

static const char *type_name(uint32_t type)
{
    switch (type) {
    case MB2_FB_TYPE_INDEXED: return "indexed colour";
    case MB2_FB_TYPE_EGA_TEXT: return "EGA text";
    default: return "unknown";
    }
}

/* The pixel layout from the tag; the tag's own size was checked by bootinfo_parse. */
static struct fb_format format_from_tag(const struct mb2_tag_framebuffer *t)
{
    return (struct fb_format){
        .width = t->framebuffer_width,
        .height = t->framebuffer_height,
        .pitch = t->framebuffer_pitch,
        .bpp = t->framebuffer_bpp,
        .red_pos = t->red_field_position,
        .red_size = t->red_mask_size,
        .green_pos = t->green_field_position,
        .green_size = t->green_mask_size,
        .blue_pos = t->blue_field_position,
        .blue_size = t->blue_mask_size,
    };
}

bool fb_init(const struct mb2_tag_framebuffer *tag)
{
    char err[FB_ERR_LEN];
    if (!tag) {
        kprintf("fb: none (no framebuffer tag 8: no GOP, or a BLT-only GOP)\n");
        return false;
    }
    if (tag->framebuffer_type != MB2_FB_TYPE_RGB) {
        kprintf("fb: none (framebuffer_type=%u, %s: only direct RGB is drawn)\n",
                tag->framebuffer_type, type_name(tag->framebuffer_type));
        return false;
    }
    uint64_t addr = tag->framebuffer_addr;
    uint64_t bytes = (uint64_t)tag->framebuffer_pitch * tag->framebuffer_height;
    if (addr == 0) {
        kprintf("fb: none (framebuffer_addr=0: no linear framebuffer)\n");
        return false;
    }
    /* The kernel reaches physical memory through 32-bit (non-PAE) identity paging:
     * mm_init maps the framebuffer only when all of it lies below 4 GiB. */
    if (addr >= FOUR_GIB || bytes > FOUR_GIB - addr) {
        kprintf("fb: none (framebuffer_addr=0x%llx size=%llu reaches above 4 GiB)\n",
                (unsigned long long)addr, (unsigned long long)bytes);
        return false;
    }
    struct fb_format f = format_from_tag(tag);
    if (!fb_format_check(&f, err, sizeof err)) {
        kprintf("fb: none (%s)\n", err);
        return false;
    }
    size_t font_len = (size_t)(_binary_console_psf_end - _binary_console_psf_start);
    if (!psf_parse(_binary_console_psf_start, font_len, FONT_NAME, &font, err, sizeof err)) {
        kprintf("fb: none (%s)\n", err);
        return false;
    }
    if (!fb_text_init(&text, (uint8_t *)(uintptr_t)addr, &f, &font)) {
        kprintf("fb: none (%ux%u is smaller than one %ux%u glyph)\n", f.width, f.height,
                font.width, font.height);
        return false;
    }
    if (!console_add_sink(fb_sink)) {
        kprintf("fb: none (no free console sink)\n");
        return false;
    }
    kprintf("fb: console %ux%u chars, %ux%ux%u pitch=%u format=%s\n", text.cols, text.rows,
            f.width, f.height, f.bpp, f.pitch, fb_format_name(&f));
    return true;
}
