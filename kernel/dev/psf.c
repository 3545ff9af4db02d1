/* psf.c - checks a PSF2 or PSF1 font and builds its ASCII-to-glyph map. */
#include "psf.h"

#include "../lib/kprintf.h"

#define PSF_NO_GLYPH 0xFFFFFFFFu
#define PSF1_GLYPHS 256u
#define PSF1_GLYPHS_512 512u

/* The header is read byte by byte: the font may sit at any alignment. */
static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t le16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }

static void map_code(struct psf_font *f, uint32_t code, uint32_t glyph)
{
    if (code < PSF_ASCII && f->ascii[code] == PSF_NO_GLYPH)
        f->ascii[code] = glyph; /* the first glyph listing a code wins */
}

/* PSF2 table: per glyph, UTF-8 code points, optionally 0xFE + sequences, then 0xFF.
 * An ASCII code point is one byte below 0x80, and no byte of a multi-byte UTF-8
 * character is below 0x80, so single bytes can be taken as they come. */
static void read_table2(struct psf_font *f, const uint8_t *p, const uint8_t *end)
{
    for (uint32_t g = 0; g < f->count && p < end; g++) {
        bool in_seq = false;
        for (; p < end && *p != PSF2_TABLE_ENTRY_END; p++) {
            if (*p == PSF2_TABLE_SEQ_START)
                in_seq = true;
            else if (!in_seq && *p < PSF_ASCII)
                map_code(f, *p, g);
        }
        p++; /* past 0xFF (or past the end, which stops the loop) */
    }
}

/* PSF1 table: per glyph, 16-bit values, optionally 0xFFFE + sequences, then 0xFFFF. */
static void read_table1(struct psf_font *f, const uint8_t *p, const uint8_t *end)
{
    for (uint32_t g = 0; g < f->count && end - p >= 2; g++) {
        bool in_seq = false;
        for (; end - p >= 2 && le16(p) != PSF1_TABLE_ENTRY_END; p += 2) {
            if (le16(p) == PSF1_TABLE_SEQ_START)
                in_seq = true;
            else if (!in_seq)
                map_code(f, le16(p), g);
        }
        p += 2;
    }
}

/* ASCII codes no table entry named: the font's '?', else glyph 0. */
static void fill_map(struct psf_font *f, bool had_table)
{
    if (!had_table)
        for (uint32_t c = 0; c < PSF_ASCII; c++)
            if (c < f->count)
                f->ascii[c] = c;
    uint32_t fallback = f->ascii['?'] != PSF_NO_GLYPH ? f->ascii['?'] : 0;
    for (uint32_t c = 0; c < PSF_ASCII; c++)
        if (f->ascii[c] == PSF_NO_GLYPH)
            f->ascii[c] = fallback;
}

static bool parse2(const uint8_t *d, size_t len, const char *name, struct psf_font *f, char *err,
                   size_t errlen)
{
    if (len < PSF2_HEADER_SIZE) {
        ksnprintf(err, errlen, "psf: error: %s: size=%zu, a PSF2 header needs %u", name, len,
                  PSF2_HEADER_SIZE);
        return false;
    }
    uint32_t version = le32(d + 4), hsize = le32(d + 8), flags = le32(d + 12);
    uint32_t count = le32(d + 16), charsize = le32(d + 20);
    uint32_t height = le32(d + 24), width = le32(d + 28);
    if (version != 0) {
        ksnprintf(err, errlen, "psf: error: %s: version=%u, only PSF2 version 0 is known", name,
                  version);
        return false;
    }
    if (hsize < PSF2_HEADER_SIZE || hsize > len) {
        ksnprintf(err, errlen, "psf: error: %s: headersize=%u, need %u..%zu (file size)", name,
                  hsize, PSF2_HEADER_SIZE, len);
        return false;
    }
    if (width == 0 || width > PSF_MAX_WIDTH || height == 0 || height > PSF_MAX_HEIGHT) {
        ksnprintf(err, errlen, "psf: error: %s: glyph %ux%u, need 1..%u wide and 1..%u high",
                  name, width, height, PSF_MAX_WIDTH, PSF_MAX_HEIGHT);
        return false;
    }
    uint32_t row_bytes = (width + 7) / 8;
    if (charsize != row_bytes * height) {
        ksnprintf(err, errlen, "psf: error: %s: charsize=%u, a %ux%u glyph takes %u bytes", name,
                  charsize, width, height, row_bytes * height);
        return false;
    }
    if (count == 0) {
        ksnprintf(err, errlen, "psf: error: %s: length=0, the font has no glyphs", name);
        return false;
    }
    uint64_t glyph_end = (uint64_t)hsize + (uint64_t)count * charsize;
    if (glyph_end > len) {
        ksnprintf(err, errlen, "psf: error: %s: length=%u glyphs of %u bytes end at %llu, past "
                  "the file size %zu", name, count, charsize, (unsigned long long)glyph_end, len);
        return false;
    }
    f->glyphs = d + hsize;
    f->count = count;
    f->width = width;
    f->height = height;
    f->row_bytes = row_bytes;
    f->glyph_bytes = charsize;
    f->version = 2;
    bool table = (flags & PSF2_FLAG_UNICODE_TABLE) != 0;
    if (table)
        read_table2(f, d + glyph_end, d + len);
    fill_map(f, table);
    return true;
}

static bool parse1(const uint8_t *d, size_t len, const char *name, struct psf_font *f, char *err,
                   size_t errlen)
{
    if (len < PSF1_HEADER_SIZE) {
        ksnprintf(err, errlen, "psf: error: %s: size=%zu, a PSF1 header needs %u", name, len,
                  PSF1_HEADER_SIZE);
        return false;
    }
    uint32_t mode = d[2], height = d[3];
    if (height == 0 || height > PSF_MAX_HEIGHT) {
        ksnprintf(err, errlen, "psf: error: %s: PSF1 charsize=%u, need 1..%u", name, height,
                  PSF_MAX_HEIGHT);
        return false;
    }
    uint32_t count = (mode & PSF1_MODE_512) ? PSF1_GLYPHS_512 : PSF1_GLYPHS;
    uint64_t glyph_end = PSF1_HEADER_SIZE + (uint64_t)count * height;
    if (glyph_end > len) {
        ksnprintf(err, errlen, "psf: error: %s: PSF1 mode=0x%x: %u glyphs of %u bytes end at "
                  "%llu, past the file size %zu", name, mode, count, height,
                  (unsigned long long)glyph_end, len);
        return false;
    }
    f->glyphs = d + PSF1_HEADER_SIZE;
    f->count = count;
    f->width = PSF1_WIDTH;
    f->height = height;
    f->row_bytes = 1;
    f->glyph_bytes = height;
    f->version = 1;
    bool table = (mode & (PSF1_MODE_HAS_TABLE | PSF1_MODE_HAS_SEQ)) != 0;
    if (table)
        read_table1(f, d + glyph_end, d + len);
    fill_map(f, table);
    return true;
}

bool psf_parse(const uint8_t *data, size_t len, const char *name, struct psf_font *f, char *err,
               size_t errlen)
{
    *f = (struct psf_font){0};
    for (uint32_t c = 0; c < PSF_ASCII; c++)
        f->ascii[c] = PSF_NO_GLYPH;
    if (errlen)
        err[0] = '\0';
    if (len >= 4 && le32(data) == PSF2_MAGIC)
        return parse2(data, len, name, f, err, errlen);
    if (len >= 2 && data[0] == PSF1_MAGIC0 && data[1] == PSF1_MAGIC1)
        return parse1(data, len, name, f, err, errlen);
    uint32_t magic = 0;
    for (size_t i = 0; i < len && i < 4; i++)
        magic |= (uint32_t)data[i] << (8 * i);
    ksnprintf(err, errlen, "psf: error: %s: magic=0x%08x (size=%zu), neither PSF2 (0x%08x) nor "
              "PSF1 (0x%02x 0x%02x)", name, magic, len, PSF2_MAGIC, PSF1_MAGIC0, PSF1_MAGIC1);
    return false;
}

const uint8_t *psf_glyph(const struct psf_font *f, unsigned char c)
{
    uint32_t g = f->ascii[c < PSF_ASCII ? c : '?'];
    return f->glyphs + (size_t)g * f->glyph_bytes;
}
