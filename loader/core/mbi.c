/* mbi.c - appends Multiboot2 boot information tags (spec 3.6) to a loader-owned buffer. */
#include "mbi.h"
#include "diag.h"

#define MB2_FB_EGA_TEXT_SIZE 32u /* EGA text has no colour info after `reserved` */

static uint32_t align_up(uint32_t v)
{
    return (v + MB2_TAG_ALIGN - 1) & ~(MB2_TAG_ALIGN - 1);
}

void mbi_begin(struct mbi_builder *b, void *buf, uint32_t cap)
{
    b->buf = buf;
    b->cap = cap;
    b->len = sizeof(struct mb2_info);
    b->overflow = cap < sizeof(struct mb2_info);
    if (!b->overflow)
        diag_memset(buf, 0, sizeof(struct mb2_info));
}

void *mbi_add_tag(struct mbi_builder *b, uint32_t type, uint32_t size)
{
    if (b->overflow)
        return NULL;
    uint32_t off = align_up(b->len);
    /* off < len: len was within 7 of 2^32. size < head: the caller is confused. */
    if (off < b->len || off > b->cap || size < sizeof(struct mb2_tag) || size > b->cap - off) {
        b->overflow = true;
        return NULL;
    }
    /* Zero the padding too, so the block is deterministic byte for byte. */
    diag_memset(b->buf + b->len, 0, off - b->len + size);
    struct mb2_tag *t = (struct mb2_tag *)(b->buf + off);
    t->type = type;
    t->size = size;
    b->len = off + size;
    return t;
}

/* Size of a tag with a `head`-byte fixed part followed by `s` and its NUL; 0 when
 * that does not fit in 32 bits. */
static uint32_t string_tag_size(uint32_t head, const char *s)
{
    uint32_t n = diag_strlen(s);
    return n > UINT32_MAX - head - 1 ? 0 : head + n + 1;
}

bool mbi_add_string(struct mbi_builder *b, uint32_t type, const char *s)
{
    uint32_t size = string_tag_size(sizeof(struct mb2_tag_string), s);
    struct mb2_tag_string *t = mbi_add_tag(b, type, size);
    if (!t)
        return false;
    diag_memcpy(t->string, s, size - sizeof *t);
    return true;
}

bool mbi_add_module(struct mbi_builder *b, uint32_t start, uint32_t end, const char *s)
{
    uint32_t size = string_tag_size(sizeof(struct mb2_tag_module), s);
    struct mb2_tag_module *t = mbi_add_tag(b, MB2_TAG_MODULE, size);
    if (!t)
        return false;
    t->mod_start = start;
    t->mod_end = end;
    diag_memcpy(t->string, s, size - sizeof *t);
    return true;
}

bool mbi_add_meminfo(struct mbi_builder *b, uint32_t lower_kib, uint32_t upper_kib)
{
    struct mb2_tag_basic_meminfo *t =
        mbi_add_tag(b, MB2_TAG_BASIC_MEMINFO, sizeof(struct mb2_tag_basic_meminfo));
    if (!t)
        return false;
    t->mem_lower = lower_kib;
    t->mem_upper = upper_kib;
    return true;
}

bool mbi_add_mmap(struct mbi_builder *b, const struct mb2_mmap_entry *e, uint32_t n)
{
    const uint32_t esz = sizeof(struct mb2_mmap_entry);
    uint32_t head = sizeof(struct mb2_tag_mmap);
    uint32_t size = n > (UINT32_MAX - head) / esz ? 0 : head + n * esz;
    struct mb2_tag_mmap *t = mbi_add_tag(b, MB2_TAG_MMAP, size);
    if (!t)
        return false;
    t->entry_size = esz;
    t->entry_version = 0;
    diag_memcpy(t->entries, e, n * esz);
    return true;
}

bool mbi_add_efi_mmap(struct mbi_builder *b, const void *map, uint32_t map_size,
                      uint32_t desc_size, uint32_t desc_version)
{
    uint32_t head = sizeof(struct mb2_tag_efi_mmap);
    uint32_t size = map_size > UINT32_MAX - head ? 0 : head + map_size;
    struct mb2_tag_efi_mmap *t = mbi_add_tag(b, MB2_TAG_EFI_MMAP, size);
    if (!t)
        return false;
    t->descr_size = desc_size;
    t->descr_vers = desc_version;
    diag_memcpy(t->efi_mmap, map, map_size);
    return true;
}

/* RGB and EGA text only: an indexed mode would need a palette this struct lacks,
 * and GOP never reports one. Refused without touching the buffer. */
bool mbi_add_framebuffer(struct mbi_builder *b, const struct mb2_tag_framebuffer *fb)
{
    uint32_t size;
    if (fb->framebuffer_type == MB2_FB_TYPE_RGB)
        size = MB2_TAG_FRAMEBUFFER_RGB_SIZE;
    else if (fb->framebuffer_type == MB2_FB_TYPE_EGA_TEXT)
        size = MB2_FB_EGA_TEXT_SIZE;
    else
        return false;
    struct mb2_tag_framebuffer *t = mbi_add_tag(b, MB2_TAG_FRAMEBUFFER, size);
    if (!t)
        return false;
    const uint32_t head = sizeof(struct mb2_tag);
    diag_memcpy((uint8_t *)t + head, (const uint8_t *)fb + head, size - head);
    return true;
}

bool mbi_add_efi32(struct mbi_builder *b, uint32_t system_table)
{
    struct mb2_tag_efi32 *t = mbi_add_tag(b, MB2_TAG_EFI32, sizeof(struct mb2_tag_efi32));
    if (!t)
        return false;
    t->pointer = system_table;
    return true;
}

bool mbi_add_efi64(struct mbi_builder *b, uint64_t system_table)
{
    struct mb2_tag_efi64 *t = mbi_add_tag(b, MB2_TAG_EFI64, sizeof(struct mb2_tag_efi64));
    if (!t)
        return false;
    t->pointer = system_table;
    return true;
}

/* Tag 14 carries the 20-byte ACPI 1.0 RSDP, tag 15 the 36-byte ACPI 2.0+ one;
 * any other pairing is refused without touching the buffer. */
bool mbi_add_acpi(struct mbi_builder *b, uint32_t type, const void *rsdp, uint32_t len)
{
    bool v1 = type == MB2_TAG_ACPI_OLD && len == MB2_ACPI_RSDP_V1_SIZE;
    bool v2 = type == MB2_TAG_ACPI_NEW && len == MB2_ACPI_RSDP_V2_SIZE;
    if (!v1 && !v2)
        return false;
    struct mb2_tag_acpi *t = mbi_add_tag(b, type, sizeof(struct mb2_tag_acpi) + len);
    if (!t)
        return false;
    diag_memcpy(t->rsdp, rsdp, len);
    return true;
}

bool mbi_add_elf_sections(struct mbi_builder *b, uint32_t num, uint32_t entsize,
                          uint32_t shndx, const void *table)
{
    uint32_t head = sizeof(struct mb2_tag_elf_sections);
    uint64_t bytes = (uint64_t)num * entsize;
    uint32_t size = bytes > UINT32_MAX - head ? 0 : head + (uint32_t)bytes;
    struct mb2_tag_elf_sections *t = mbi_add_tag(b, MB2_TAG_ELF_SECTIONS, size);
    if (!t)
        return false;
    t->num = num;
    t->entsize = entsize;
    t->shndx = shndx;
    diag_memcpy(t->sections, table, (uint32_t)bytes);
    return true;
}

bool mbi_add_load_base(struct mbi_builder *b, uint32_t base)
{
    struct mb2_tag_load_base_addr *t =
        mbi_add_tag(b, MB2_TAG_LOAD_BASE_ADDR, sizeof(struct mb2_tag_load_base_addr));
    if (!t)
        return false;
    t->load_base_addr = base;
    return true;
}

uint32_t mbi_end(struct mbi_builder *b)
{
    if (!mbi_add_tag(b, MB2_TAG_END, sizeof(struct mb2_tag)))
        return 0;
    struct mb2_info *info = (struct mb2_info *)b->buf;
    info->total_size = b->len;
    info->reserved = 0;
    return b->len;
}
