/* mb1_header.c - finds the Multiboot 1 header in a kernel image, checks it and decodes its fields.
 */
#include "mb1_header.h"
#include "image.h"
#include "../../shared/multiboot1.h"

/* The flag bits this loader honours; any other requirement bit is refused. */
#define MB1H_KNOWN_REQUIRED (MB1_HFLAG_PAGE_ALIGN | MB1_HFLAG_MEMINFO | MB1_HFLAG_VIDEO)

/* Words are copied out: the file buffer carries no alignment promise. */
static uint32_t rd32(const uint8_t *p)
{
    uint32_t v;
    diag_memcpy(&v, p, sizeof v);
    return v;
}

static bool sums_to_zero(const uint8_t *file, uint32_t size, uint32_t off)
{
    return off <= size && size - off >= MB1_HEADER_BASE && rd32(file + off) == MB1_HEADER_MAGIC &&
           rd32(file + off) + rd32(file + off + 4) + rd32(file + off + 8) == 0;
}

/* No valid header at an aligned offset in the window: explain what was found
 * instead, so that a misplaced header is not reported as a missing one. */
static enum mb1h_status explain_missing(const uint8_t *file, uint32_t size, uint32_t window,
                                        const char *name, struct diag *d)
{
    for (uint32_t off = 0; off + MB1_HEADER_BASE <= window; off += MB1_HEADER_ALIGN) {
        if (rd32(file + off) != MB1_HEADER_MAGIC)
            continue;
        uint32_t flags = rd32(file + off + 4), checksum = rd32(file + off + 8);
        diag_set(d,
                 "%s: Multiboot 1 header at offset 0x%x: checksum = 0x%x: magic + flags + "
                 "checksum = 0x%x, not 0",
                 name, off, checksum, MB1_HEADER_MAGIC + flags + checksum);
        return MB1H_BAD;
    }
    for (uint32_t off = 0; size >= MB1_HEADER_BASE && off <= size - MB1_HEADER_BASE; off++) {
        if (!sums_to_zero(file, size, off))
            continue;
        if (off % MB1_HEADER_ALIGN)
            diag_set(d, "%s: Multiboot 1 header at offset 0x%x: not %u-byte aligned", name, off,
                     MB1_HEADER_ALIGN);
        else
            diag_set(d, "%s: Multiboot 1 header at offset 0x%x: beyond the first %u bytes", name,
                     off, MB1_HEADER_SEARCH);
        return MB1H_BAD;
    }
    diag_set(d, "%s: no Multiboot 1 header (magic 0x%x) in the first %u bytes", name,
             MB1_HEADER_MAGIC, window);
    return MB1H_ABSENT;
}

/* The header must hold the fields its flags promise: `need` bytes from its start. */
static bool fields_in_file(uint32_t off, uint32_t size, uint32_t need, uint32_t bit,
                           const char *name, struct diag *d)
{
    if (size - off >= need)
        return true;
    diag_set(d,
             "%s: Multiboot 1 header at offset 0x%x: flags bit %u needs %u header bytes, "
             "the file ends after %u",
             name, off, bit, need, size - off);
    return false;
}

/* The lowest set bit of `bits` (not 0). */
static uint32_t lowest_bit(uint32_t bits)
{
    uint32_t n = 0;
    while (!(bits & 1u))
        bits >>= 1, n++;
    return n;
}

static bool decode(const uint8_t *h, uint32_t off, uint32_t size, const char *name,
                   struct mb1h_info *out, struct diag *d)
{
    uint32_t flags = rd32(h + 4);
    uint32_t unknown = flags & MB1_HFLAGS_REQUIRED & ~MB1H_KNOWN_REQUIRED;
    if (unknown) {
        /* The specification: a loader that does not understand a set bit 0-15 must fail. */
        diag_set(d,
                 "%s: Multiboot 1 header flags = 0x%x: bit %u is a requirement this loader "
                 "does not know",
                 name, flags, lowest_bit(unknown));
        return false;
    }
    diag_memset(out, 0, sizeof *out);
    out->offset = off;
    out->flags = flags;
    out->page_align_mods = flags & MB1_HFLAG_PAGE_ALIGN;
    out->wants_meminfo = flags & MB1_HFLAG_MEMINFO;
    out->has_address = flags & MB1_HFLAG_ADDRESS;
    out->has_video = flags & MB1_HFLAG_VIDEO;
    /* The address fields sit before the video fields whether bit 16 is set or not. */
    if (out->has_address) {
        if (!fields_in_file(off, size, MB1_HEADER_ADDRESS, 16, name, d))
            return false;
        out->header_addr = rd32(h + 12);
        out->load_addr = rd32(h + 16);
        out->load_end_addr = rd32(h + 20);
        out->bss_end_addr = rd32(h + 24);
        out->entry_addr = rd32(h + 28);
    }
    if (out->has_video) {
        if (!fields_in_file(off, size, MB1_HEADER_VIDEO, 2, name, d))
            return false;
        out->mode_type = rd32(h + 32);
        out->width = rd32(h + 36);
        out->height = rd32(h + 40);
        out->depth = rd32(h + 44);
        if (out->mode_type > MB1_VIDEO_EGA_TEXT) {
            diag_set(d,
                     "%s: Multiboot 1 header video mode_type = %u: not 0 (linear) or 1 "
                     "(EGA text)",
                     name, out->mode_type);
            return false;
        }
    }
    return true;
}

enum mb1h_status mb1h_parse(const uint8_t *file, uint32_t size, const char *name,
                            struct mb1h_info *out, struct diag *d)
{
    d->msg[0] = '\0';
    uint32_t window = size < MB1_HEADER_SEARCH ? size : MB1_HEADER_SEARCH;
    for (uint32_t off = 0; off + MB1_HEADER_BASE <= window; off += MB1_HEADER_ALIGN) {
        if (!sums_to_zero(file, size, off))
            continue;
        return decode(file + off, off, size, name, out, d) ? MB1H_OK : MB1H_BAD;
    }
    return explain_missing(file, size, window, name, d);
}

bool mb1h_flat_image(uint32_t file_size, const struct mb1h_info *h, const char *name,
                     struct elf_image *img, struct diag *d)
{
    struct flat_load f = {
        .what = "Multiboot 1 header address fields",
        .entry_what = "Multiboot 1 header entry_addr",
        .offset = h->offset,
        .header_addr = h->header_addr,
        .load_addr = h->load_addr,
        .load_end_addr = h->load_end_addr,
        .bss_end_addr = h->bss_end_addr,
        .entry = h->entry_addr,
    };
    return image_flat(file_size, &f, name, img, d);
}
