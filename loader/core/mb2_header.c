/* mb2_header.c - finds the Multiboot2 header in a kernel image, checks it and decodes its tags. */
#include "mb2_header.h"
#include "../../shared/bootinfo.h"

/* An end tag must at least start inside header_length: its 16-bit type after the header. */
#define MB2H_MIN_LENGTH (sizeof(struct mb2_header) + sizeof(uint16_t))
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
    if (n > MB2H_MAX_REQUESTS - out->nrequests) {
        diag_set(d, "%s: Multiboot2 info request tag at header offset 0x%x: %u requests, more "
                    "than %u in all", name, off, out->nrequests + n, MB2H_MAX_REQUESTS);
        return false;
    }
    /* Several request tags, each optional or not, are merged: GRUB reads them all. */
    for (uint32_t i = 0; i < n; i++) {
        uint32_t type = rd32(t + MB2H_TAG_HEAD + i * sizeof(uint32_t));
        out->requests[out->nrequests] = type;
        out->request_required[out->nrequests++] = !optional;
        out->wants_timeline |= type == MB2_TAG_BOOT_TIMELINE;
    }
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
        if (!check_size(sizeof(struct mb2_header_tag_address), size, type, off, name, d) ||
            !once(&out->has_address, type, off, name, d))
            return false;
        /* Honoured whether optional or not: GRUB loads any file with this tag flat. */
        out->header_addr = rd32(body);
        out->load_addr = rd32(body + 4);
        out->load_end_addr = rd32(body + 8);
        out->bss_end_addr = rd32(body + 12);
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

/* Where the tag walk may go. `limit`: tags must start and end before it (header_length,
 * or when that cannot be right the end of the file or of the first 32 KiB, `avail`). */
struct walk {
    const uint8_t *hdr;
    uint32_t length, limit, avail;
    bool length_ok;
    const char *why_bad; /* what is wrong with header_length, when !length_ok */
    uint32_t offset;     /* of the header in the file */
    const char *name;
};

static bool no_end_tag(const struct walk *w, struct diag *d)
{
    if (w->length_ok)
        diag_set(d, "%s: Multiboot2 header: no end tag (type 0) within header_length %u",
                 w->name, w->length);
    else
        diag_set(d, "%s: Multiboot2 header at offset 0x%x: header_length = %u %s, and no end "
                    "tag (type 0) within it", w->name, w->offset, w->length, w->why_bad);
    return false;
}

/* The first type-0 tag ends the list whatever its size says (GRUB: `tag->type !=
 * END` is the loop's only test); a size other than 8, or one running past
 * header_length, is a quirk worth one note, not a refusal. */
static bool end_tag(const struct walk *w, uint32_t off, struct mb2h_info *out)
{
    uint32_t size = rd32(w->hdr + off + 4);
    if (!w->length_ok)
        diag_set(&out->note, "%s: Multiboot2 header_length = %u %s, but the checksum adds up: "
                             "tags walked to the end tag at header offset 0x%x, as GRUB does",
                 w->name, w->length, w->why_bad, off);
    else if (size != MB2H_END_SIZE || size > w->length - off)
        diag_set(&out->note, "%s: Multiboot2 end tag at header offset 0x%x: size = %u%s: the "
                             "tag list ends there, as in GRUB", w->name, off, size,
                 size > w->length - off ? ", past header_length" : ", not 8");
    return true;
}

static bool parse_tags(const struct walk *w, struct mb2h_info *out, struct diag *d)
{
    uint32_t off = sizeof(struct mb2_header);
    for (;;) {
        /* The tag must start inside the limit and its head lie inside the file. */
        if (off >= w->limit || w->avail - off < MB2H_TAG_HEAD)
            return no_end_tag(w, d);
        uint16_t type;
        diag_memcpy(&type, w->hdr + off, sizeof type);
        if (type == MB2_HTAG_END)
            return end_tag(w, off, out);
        if (w->limit - off < MB2H_TAG_HEAD)
            return no_end_tag(w, d);
        struct mb2_header_tag tag;
        diag_memcpy(&tag, w->hdr + off, sizeof tag);
        if (tag.size < MB2H_TAG_HEAD || tag.size > w->limit - off) {
            diag_set(d, "%s: Multiboot2 header tag type %u at header offset 0x%x: size = %u "
                        "runs past %s %u or is below 8", w->name, tag.type, off, tag.size,
                     w->length_ok ? "header_length" : "the bytes searched", w->limit);
            return false;
        }
        bool optional = tag.flags & MB2_HTAG_FLAG_OPTIONAL;
        if (!decode_tag(w->hdr + off, tag.type, optional, tag.size, off, w->name, out, d))
            return false;
        /* limit <= 32 KiB, so this cannot wrap; an overshoot ends in the check above. */
        uint32_t step = (tag.size + MB2_HEADER_ALIGN - 1) & ~(MB2_HEADER_ALIGN - 1);
        if (step > w->limit - off)
            return no_end_tag(w, d);
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
    struct walk w = { file + off, h.header_length, 0, window - off, true, "", off, name };
    if (h.header_length < MB2H_MIN_LENGTH)
        w.why_bad = "leaves no room for an end tag";
    else if (h.header_length > size - off)
        w.why_bad = "runs past end of file";
    else if (h.header_length > MB2_HEADER_SEARCH - off)
        w.why_bad = "runs past the first 32768 bytes";
    w.length_ok = w.why_bad[0] == '\0';
    w.limit = w.length_ok ? h.header_length : w.avail;
    out->offset = off;
    out->length = h.header_length;
    return parse_tags(&w, out, d);
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
    if (h->has_efi_bs) {
        diag_set(d, "%s: Multiboot2 EFI boot services tag is required: we exit boot services",
                 name);
        return false;
    }
    for (uint32_t i = 0; i < h->nrequests; i++) {
        uint32_t type = h->requests[i];
        /* Type 0 asks for the end tag, always there; the timeline is ours to give. */
        if (!h->request_required[i] || type == MB2_TAG_END || type == MB2_TAG_BOOT_TIMELINE ||
            can(can_give, type))
            continue;
        diag_set(d, "%s: Multiboot2 info request for tag type %u (%s) is required: this "
                    "loader does not provide it", name, type, info_tag_name(type));
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

/* Modules (3) and ELF sections (9) count whether or not this boot has any: a
 * required request for them is met by giving none, as GRUB does. */
uint64_t mb2h_can_give(bool have_fb, bool acpi_old, bool acpi_new, bool efi64)
{
    uint64_t g = (1ull << MB2_TAG_CMDLINE) | (1ull << MB2_TAG_BOOT_LOADER_NAME) |
                 (1ull << MB2_TAG_MODULE) | (1ull << MB2_TAG_BASIC_MEMINFO) |
                 (1ull << MB2_TAG_MMAP) | (1ull << MB2_TAG_ELF_SECTIONS) |
                 (1ull << MB2_TAG_EFI_MMAP) | (1ull << MB2_TAG_LOAD_BASE_ADDR) |
                 (1ull << (efi64 ? MB2_TAG_EFI64 : MB2_TAG_EFI32));
    if (have_fb)
        g |= 1ull << MB2_TAG_FRAMEBUFFER;
    if (acpi_old)
        g |= 1ull << MB2_TAG_ACPI_OLD;
    if (acpi_new)
        g |= 1ull << MB2_TAG_ACPI_NEW;
    return g;
}
