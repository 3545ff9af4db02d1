/* psf.h - PC Screen Font (PSF2, and PSF1) parsing: glyph bitmaps and the ASCII-to-glyph map. */
#ifndef KERNEL_DEV_PSF_H
#define KERNEL_DEV_PSF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* PSF2 (kbd's psf.h layout): a 32-byte little-endian header, then `length` glyphs
 * of `charsize` bytes, then (flag bit 0) a Unicode table. */
#define PSF2_MAGIC 0x864AB572u
#define PSF2_HEADER_SIZE 32u
#define PSF2_FLAG_UNICODE_TABLE 0x1u
#define PSF2_TABLE_SEQ_START 0xFEu /* a multi-codepoint sequence follows (ignored) */
#define PSF2_TABLE_ENTRY_END 0xFFu /* ends one glyph's list */

/* PSF1: a 4-byte header (magic, mode, height), 256 or 512 glyphs 8 pixels wide,
 * then (mode bit 1 or 2) a table of little-endian UCS-2 values. */
#define PSF1_MAGIC0 0x36u
#define PSF1_MAGIC1 0x04u
#define PSF1_HEADER_SIZE 4u
#define PSF1_MODE_512 0x01u
#define PSF1_MODE_HAS_TABLE 0x02u
#define PSF1_MODE_HAS_SEQ 0x04u
#define PSF1_WIDTH 8u
#define PSF1_TABLE_SEQ_START 0xFFFEu
#define PSF1_TABLE_ENTRY_END 0xFFFFu

/* Bounds the renderer relies on (a glyph row fits in 32 bits). */
#define PSF_MAX_WIDTH 32u
#define PSF_MAX_HEIGHT 64u
#define PSF_ASCII 128u

struct psf_font {
    const uint8_t *glyphs; /* glyph 0; glyph i at glyphs + i * glyph_bytes */
    uint32_t count;        /* number of glyphs */
    uint32_t width, height;/* pixels */
    uint32_t row_bytes;    /* (width + 7) / 8: each row is MSB-first, padded to bytes */
    uint32_t glyph_bytes;  /* row_bytes * height */
    uint32_t version;      /* 1 or 2 */
    uint32_t ascii[PSF_ASCII]; /* glyph index for each ASCII code (from the table, if any) */
};

/* Checks `len` bytes at `data` as a PSF2 or PSF1 font named `name` (for messages)
 * and fills *f; the glyphs stay in `data`. Returns false with one line in `err`
 * naming the font, the field and its value for the first problem. */
bool psf_parse(const uint8_t *data, size_t len, const char *name, struct psf_font *f, char *err,
               size_t errlen);

/* The bitmap for character `c`: ASCII through the font's map, anything else (and an
 * ASCII code the font lacks) as the font's '?' (glyph 0 when it has none). */
const uint8_t *psf_glyph(const struct psf_font *f, unsigned char c);

#endif
