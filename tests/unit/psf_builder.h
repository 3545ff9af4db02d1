/* psf_builder.h - builds small PSF2/PSF1 fonts in memory for the psf and fb_render tests. */
#ifndef TESTS_UNIT_PSF_BUILDER_H
#define TESTS_UNIT_PSF_BUILDER_H

#include <stdint.h>
#include <string.h>

#include "kernel/dev/psf.h"

/* Byte k of row j of glyph g: a pattern that differs between glyphs and rows and
 * also sets the padding bits past the glyph width (the renderer must ignore them). */
static inline uint8_t psf_test_byte(uint32_t g, uint32_t j, uint32_t k)
{
    return (uint8_t)(g * 29u + j * 7u + k * 3u + 1u);
}

static inline void psf_put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* A PSF2 file: header of `hsize` bytes, `count` glyphs of w x h in the test pattern,
 * then `table` (may be NULL). Returns its size. `out` must be large enough. */
static inline size_t psf2_build(uint8_t *out, uint32_t hsize, uint32_t count, uint32_t w,
                                uint32_t h, uint32_t flags, const uint8_t *table,
                                size_t table_len)
{
    uint32_t row = (w + 7) / 8;
    memset(out, 0, hsize);
    psf_put32(out, PSF2_MAGIC);
    psf_put32(out + 4, 0);
    psf_put32(out + 8, hsize);
    psf_put32(out + 12, flags);
    psf_put32(out + 16, count);
    psf_put32(out + 20, row * h);
    psf_put32(out + 24, h);
    psf_put32(out + 28, w);
    uint8_t *p = out + hsize;
    for (uint32_t g = 0; g < count; g++)
        for (uint32_t j = 0; j < h; j++)
            for (uint32_t k = 0; k < row; k++)
                *p++ = psf_test_byte(g, j, k);
    if (table_len)
        memcpy(p, table, table_len);
    return (size_t)(p - out) + table_len;
}

/* A PSF1 file: 256 (or 512 with PSF1_MODE_512) glyphs 8 x h, then `table`. */
static inline size_t psf1_build(uint8_t *out, uint8_t mode, uint8_t h, const uint8_t *table,
                                size_t table_len)
{
    uint32_t count = (mode & PSF1_MODE_512) ? 512 : 256;
    out[0] = PSF1_MAGIC0;
    out[1] = PSF1_MAGIC1;
    out[2] = mode;
    out[3] = h;
    uint8_t *p = out + PSF1_HEADER_SIZE;
    for (uint32_t g = 0; g < count; g++)
        for (uint32_t j = 0; j < h; j++)
            *p++ = psf_test_byte(g, j, 0);
    if (table_len)
        memcpy(p, table, table_len);
    return (size_t)(p - out) + table_len;
}

#endif
