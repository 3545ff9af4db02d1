/* mb2_header.c - finds the Multiboot2 header in a kernel image, checks it and decodes its tags. */
#include "mb2_header.h"
#include "../../shared/bootinfo.h"

#define MB2H_MIN_LENGTH (sizeof(struct mb2_header) + sizeof(struct mb2_header_tag))
#define MB2H_TAG_HEAD sizeof(struct mb2_header_tag)
#define MB2H_MODULE_ALIGN_SIZE 8u
#define MB2H_EFI_BS_SIZE 8u
#define MB2H_END_SIZE 8u
#define MB2H_RELOC_PREF_MAX 2u /* 0 none, 1 lowest, 2 highest */

/* Words are copied out: the file buffer carries no alignment promise. */
static uint32_t rd32(const uint8_t *p)
{
    uint32_t v;
    diag_memcpy(&v, p, sizeof v);
    return v;
}

static bool valid_at(const uint8_t *file, uint32_t size, uint32_t off)
{
    if (off > size || size - off < sizeof(struct mb2_header))
        return false;
    struct mb2_header h;
    diag_memcpy(&h, file + off, sizeof h);
    return h.magic == MB2_HEADER_MAGIC &&
           h.magic + h.architecture + h.header_length + h.checksum == 0;
}

/* No valid header at an aligned offset in the window: explain what was found
 * instead, so that a misplaced header is not reported as a missing one. */
static void explain_missing(const uint8_t *file, uint32_t size, uint32_t window,
                            const char *name, struct diag *d)
{
    for (uint32_t off = 0; off + MB2_HEADER_ALIGN <= window; off += MB2_HEADER_ALIGN) {
        if (rd32(file + off) != MB2_HEADER_MAGIC || window - off < sizeof(struct mb2_header))
            continue;
        struct mb2_header h;
        diag_memcpy(&h, file + off, sizeof h);
        diag_set(d,
                 "%s: Multiboot2 header at offset 0x%x: checksum = 0x%x: magic + architecture "
                 "+ header_length + checksum = 0x%x, not 0",
                 name, off, h.checksum, h.magic + h.architecture + h.header_length + h.checksum);
        return;
    }
    for (uint32_t off = 0; size >= sizeof(struct mb2_header) &&
                           off <= size - sizeof(struct mb2_header); off++) {
        if (!valid_at(file, size, off))
            continue;
        if (off % MB2_HEADER_ALIGN)
            diag_set(d, "%s: Multiboot2 header at offset 0x%x: not %u-byte aligned", name, off,
                     MB2_HEADER_ALIGN);
        else
            diag_set(d, "%s: Multiboot2 header at offset 0x%x: beyond the first %u bytes", name,
                     off, MB2_HEADER_SEARCH);
        return;
    }
    diag_set(d, "%s: no Multiboot2 header (magic 0x%x) in the first %u bytes", name,
             MB2_HEADER_MAGIC, window);
}

static bool check_size(uint32_t want, uint32_t size, uint32_t type, uint32_t off,
                       const char *name, struct diag *d)
{
    if (size == want)
        return true;
    diag_set(d, "%s: Multiboot2 header tag type %u at header offset 0x%x: size = %u, not %u",
             name, type, off, size, want);
    return false;
}

static bool once(bool *seen, uint32_t type, uint32_t off, const char *name, struct diag *d)
{
    if (!*seen) {
        *seen = true;
        return true;
    }
    diag_set(d, "%s: Multiboot2 header tag type %u at header offset 0x%x: appears twice", name,
             type, off);
    return false;
}

static bool decode_requests(const uint8_t *t, uint32_t size, bool optional, uint32_t off,
                            const char *name, struct mb2h_info *out, struct diag *d)
{
    uint32_t bytes = size - MB2H_TAG_HEAD;
    if (bytes % sizeof(uint32_t)) {
        diag_set(d, "%s: Multiboot2 info request tag at header offset 0x%x: size = %u, not 8 + 4n",
                 name, off, size);
        return false;
    }
    uint32_t n = bytes / sizeof(uint32_t);
    if (n > MB2H_MAX_REQUESTS) {
        diag_set(d, "%s: Multiboot2 info request tag at header offset 0x%x: %u requests, more "
                    "than %u", name, off, n, MB2H_MAX_REQUESTS);
        return false;
    }
    out->nrequests = n;
    out->requests_optional = optional;
    for (uint32_t i = 0; i < n; i++)
        out->requests[i] = rd32(t + MB2H_TAG_HEAD + i * sizeof(uint32_t));
    return true;
}

bool mb2h_reloc_range_valid(uint32_t min_addr, uint32_t max_addr, uint32_t align,
                            const char *name, struct diag *d)
{
    if (align > 1 && (align & (align - 1))) {
        diag_set(d, "%s: Multiboot2 relocatable tag: align = 0x%x: not a power of two", name,
                 align);
        return false;
    }
    if (min_addr > max_addr) {
        diag_set(d, "%s: Multiboot2 relocatable tag: min_addr = 0x%x is above max_addr = 0x%x",
                 name, min_addr, max_addr);
        return false;
    }
    return true;
}

/* Decodes one tag other than the end tag. `t` points at its head, `off` is its
 * offset in the header and `size` has been checked to stay inside the header. */
static bool decode_tag(const uint8_t *t, uint32_t type, bool optional, uint32_t size,
                       uint32_t off, const char *name, struct mb2h_info *out, struct diag *d)
{
    const uint8_t *body = t + MB2H_TAG_HEAD;
    switch (type) {
    case MB2_HTAG_INFO_REQUEST:
        return decode_requests(t, size, optional, off, name, out, d);
    case MB2_HTAG_ADDRESS:
        if (!check_size(sizeof(struct mb2_header_tag_address), size, type, off, name, d))
            return false;
        /* We load ELF segments only: an optional a.out kludge is simply ignored. */
        out->has_address |= !optional;
        out->optional_address |= optional;
        return true;
    case MB2_HTAG_ENTRY_ADDRESS:
        if (!check_size(sizeof(struct mb2_header_tag_entry_address), size, type, off, name, d) ||
            !once(&out->has_entry, type, off, name, d))
            return false;
        out->entry = rd32(body);
        return true;
    case MB2_HTAG_CONSOLE_FLAGS:
        if (!check_size(sizeof(struct mb2_header_tag_console_flags), size, type, off, name, d) ||
            !once(&out->has_console_flags, type, off, name, d))
            return false;
        out->console_flags = rd32(body);
        return true;
    case MB2_HTAG_FRAMEBUFFER:
        if (!check_size(sizeof(struct mb2_header_tag_framebuffer), size, type, off, name, d) ||
            !once(&out->has_fb, type, off, name, d))
            return false;
        out->fb_width = rd32(body);
        out->fb_height = rd32(body + 4);
        out->fb_depth = rd32(body + 8);
        return true;
    case MB2_HTAG_MODULE_ALIGN:
        if (!check_size(MB2H_MODULE_ALIGN_SIZE, size, type, off, name, d))
            return false;
        out->has_module_align = true;
        return true;
    case MB2_HTAG_EFI_BS:
        if (!check_size(MB2H_EFI_BS_SIZE, size, type, off, name, d))
            return false;
        /* Optional: the kernel copes with boot services gone, which is what we do. */
        out->has_efi_bs |= !optional;
        out->optional_efi_bs |= optional;
        return true;
    case MB2_HTAG_ENTRY_EFI32:
    case MB2_HTAG_ENTRY_EFI64:
        if (!check_size(sizeof(struct mb2_header_tag_entry_address), size, type, off, name, d))
            return false;
        if (!optional) {
            diag_set(d, "%s: Multiboot2 header tag type %u (EFI %s entry) is required: we exit "
                        "boot services and enter in 32-bit protected mode",
                     name, type, type == MB2_HTAG_ENTRY_EFI32 ? "i386" : "amd64");
            return false;
        }
        return true;
    case MB2_HTAG_RELOCATABLE:
        if (!check_size(sizeof(struct mb2_header_tag_relocatable), size, type, off, name, d) ||
            !once(&out->has_relocatable, type, off, name, d))
            return false;
        out->reloc_min = rd32(body);
        out->reloc_max = rd32(body + 4);
        out->reloc_align = rd32(body + 8);
        out->reloc_preference = rd32(body + 12);
        if (out->reloc_preference > MB2H_RELOC_PREF_MAX) {
            diag_set(d, "%s: Multiboot2 relocatable tag: preference = %u, not 0, 1 or 2", name,
                     out->reloc_preference);
            return false;
        }
        /* Refused here, not only when relocation is needed: a bad tag is bad input
         * even while the linked address happens to be free. */
        return mb2h_reloc_range_valid(out->reloc_min, out->reloc_max, out->reloc_align, name, d);
    default:
        if (optional) /* the specification lets us ignore optional tags we do not know */
            return true;
        diag_set(d, "%s: Multiboot2 header tag type %u at header offset 0x%x: unknown and "
                    "required (flags bit 0 clear)", name, type, off);
        return false;
    }
}

static bool parse_tags(const uint8_t *hdr, uint32_t length, const char *name,
                       struct mb2h_info *out, struct diag *d)
{
    uint32_t off = sizeof(struct mb2_header);
    bool seen_requests = false;
    for (;;) {
        if (length - off < MB2H_TAG_HEAD) {
            diag_set(d, "%s: Multiboot2 header: no end tag (type 0) within header_length %u",
                     name, length);
            return false;
        }
        struct mb2_header_tag tag;
        diag_memcpy(&tag, hdr + off, sizeof tag);
        if (tag.size < MB2H_TAG_HEAD || tag.size > length - off) {
            diag_set(d, "%s: Multiboot2 header tag type %u at header offset 0x%x: size = %u "
                        "runs past header_length %u or is below 8",
                     name, tag.type, off, tag.size, length);
            return false;
        }
        if (tag.type == MB2_HTAG_END)
            return check_size(MB2H_END_SIZE, tag.size, tag.type, off, name, d);
        bool optional = tag.flags & MB2_HTAG_FLAG_OPTIONAL;
        if (tag.type == MB2_HTAG_INFO_REQUEST && !once(&seen_requests, tag.type, off, name, d))
            return false;
        if (!decode_tag(hdr + off, tag.type, optional, tag.size, off, name, out, d))
            return false;
        /* length <= 32 KiB, so this cannot wrap; an overshoot ends in the check above. */
        uint32_t step = (tag.size + MB2_HEADER_ALIGN - 1) & ~(MB2_HEADER_ALIGN - 1);
        if (step > length - off) {
            diag_set(d, "%s: Multiboot2 header: no end tag (type 0) within header_length %u",
                     name, length);
            return false;
        }
        off += step;
    }
}

bool mb2h_parse(const uint8_t *file, uint32_t size, const char *name, struct mb2h_info *out,
                struct diag *d)
{
    uint32_t window = size < MB2_HEADER_SEARCH ? size : MB2_HEADER_SEARCH;
    uint32_t off = 0;

    d->msg[0] = '\0';
    diag_memset(out, 0, sizeof *out);
    while (off + sizeof(struct mb2_header) <= window && !valid_at(file, window, off))
        off += MB2_HEADER_ALIGN;
    if (off + sizeof(struct mb2_header) > window) {
        explain_missing(file, size, window, name, d);
        return false;
    }

    struct mb2_header h;
    diag_memcpy(&h, file + off, sizeof h);
    if (h.architecture != MB2_HEADER_ARCH_I386) {
        diag_set(d, "%s: Multiboot2 header architecture = %u%s: not i386 (0)", name,
                 h.architecture, h.architecture == MB2_HEADER_ARCH_MIPS32 ? " (MIPS32)" : "");
        return false;
    }
    if (h.header_length < MB2H_MIN_LENGTH) {
        diag_set(d, "%s: Multiboot2 header_length = %u: below %u (header and end tag)", name,
                 h.header_length, (unsigned)MB2H_MIN_LENGTH);
        return false;
    }
    if (h.header_length > size - off) {
        diag_set(d, "%s: Multiboot2 header at offset 0x%x: header_length = %u runs past end of "
                    "file (%u bytes)", name, off, h.header_length, size);
        return false;
    }
    if (h.header_length > MB2_HEADER_SEARCH - off) {
        diag_set(d, "%s: Multiboot2 header at offset 0x%x: header_length = %u runs past the "
                    "first %u bytes", name, off, h.header_length, MB2_HEADER_SEARCH);
        return false;
    }
    out->offset = off;
    out->length = h.header_length;
    return parse_tags(file + off, h.header_length, name, out, d);
}

/* Boot information tag names (Multiboot2 specification, 3.6), for refusals that a
 * kernel author should understand without looking the number up. */
static const char *info_tag_name(uint32_t type)
{
    static const char *const names[] = {
        "end",                      "boot command line",
        "boot loader name",         "module",
        "basic memory information", "BIOS boot device",
        "memory map",               "VBE info",
        "framebuffer info",         "ELF symbols",
        "APM table",                "EFI 32-bit system table pointer",
        "EFI 64-bit system table pointer", "SMBIOS tables",
        "ACPI old RSDP",            "ACPI new RSDP",
        "networking information",   "EFI memory map",
        "EFI boot services not terminated", "EFI 32-bit image handle pointer",
        "EFI 64-bit image handle pointer",  "image load base physical address",
    };
    return type < sizeof names / sizeof names[0] ? names[type] : "not in the specification";
}

/* Bit `type` of `can_give`, false for types beyond it. */
static bool can(uint64_t can_give, uint32_t type)
{
    return type < 64 && ((can_give >> type) & 1);
}

bool mb2h_supported(const struct mb2h_info *h, uint64_t can_give, const char *name,
                    struct diag *d)
{
    d->msg[0] = '\0';
    if (h->has_address) {
        diag_set(d, "%s: Multiboot2 address tag (a.out kludge) is required: this loader loads "
                    "ELF segments only", name);
        return false;
    }
    if (h->has_efi_bs) {
        diag_set(d, "%s: Multiboot2 EFI boot services tag is required: we exit boot services",
                 name);
        return false;
    }
    for (uint32_t i = 0; !h->requests_optional && i < h->nrequests; i++) {
        if (can(can_give, h->requests[i]))
            continue;
        diag_set(d, "%s: Multiboot2 info request for tag type %u (%s) is required: this "
                    "loader does not provide it", name, h->requests[i],
                 info_tag_name(h->requests[i]));
        return false;
    }
    if (h->has_console_flags && (h->console_flags & MB2_CONSOLE_FLAG_REQUIRED) &&
        !can(can_give, MB2_TAG_FRAMEBUFFER)) {
        diag_set(d, "%s: Multiboot2 console_flags = 0x%x requires a console: no framebuffer "
                    "to give", name, h->console_flags);
        return false;
    }
    return true;
}
