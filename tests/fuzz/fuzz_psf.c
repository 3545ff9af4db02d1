/* fuzz_psf.c - libFuzzer harness: arbitrary bytes through psf_parse; an accepted font must keep
 * its glyphs inside the input and map every character to a glyph the renderer can draw. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/dev/fb_render.h"
#include "kernel/dev/psf.h"

#define SCREEN_W 40u
#define SCREEN_H 70u
#define BPP 24u

static uint8_t screen[SCREEN_W * SCREEN_H * (BPP / 8)];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size copy, so ASan sees any read past the font's end. */
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    struct psf_font f;
    char err[256];
    if (psf_parse(copy, size, "fuzz.psf", &f, err, sizeof err)) {
        if (f.count == 0 || f.width == 0 || f.width > PSF_MAX_WIDTH || f.height == 0 ||
            f.height > PSF_MAX_HEIGHT || f.glyph_bytes != f.row_bytes * f.height ||
            f.glyphs < copy ||
            (uint64_t)(f.glyphs - copy) + (uint64_t)f.count * f.glyph_bytes > size)
            abort();
        for (uint32_t c = 0; c < PSF_ASCII; c++)
            if (f.ascii[c] >= f.count)
                abort();
        struct fb_format fmt = {.width = SCREEN_W, .height = SCREEN_H,
                                .pitch = SCREEN_W * (BPP / 8), .bpp = BPP, .red_pos = 0,
                                .red_size = 8, .green_pos = 8, .green_size = 8,
                                .blue_pos = 16, .blue_size = 8};
        struct fb_text t;
        if (fb_text_init(&t, screen, &fmt, &f)) {
            static const char text[] = "kernel: ready\n\tfb=1280x800 \xe9\x7f\r~\n";
            fb_text_write(&t, text, sizeof text - 1);
        }
    } else if (strncmp(err, "psf: error: fuzz.psf: ", 22) != 0) {
        abort(); /* every refusal is one line naming the font */
    }
    free(copy);
    return 0;
}
