/* mb1_info.c - the Multiboot 1 information structure (spec 3.3) and what it points to. */
#include "mb1_info.h"
#include "diag.h"

#define MB1I_ALIGN 4u

static struct mb1_info *info(struct mb1_builder *b)
{
    return (struct mb1_info *)b->buf;
}

/* Reserves `size` zeroed bytes, 4-byte aligned; returns their offset, or 0 (never a
 * valid offset: the structure comes first) on overflow. */
static uint32_t take(struct mb1_builder *b, uint32_t size)
{
    if (b->overflow)
        return 0;
    uint32_t off = (b->len + MB1I_ALIGN - 1) & ~(MB1I_ALIGN - 1);
    if (off < b->len || off > b->cap || size > b->cap - off) {
        b->overflow = true;
        return 0;
    }
    diag_memset(b->buf + b->len, 0, off - b->len + size);
    b->len = off + size;
    return off;
}

/* Copies `s` with its NUL; returns its physical address, or 0 on overflow. */
static uint32_t put_string(struct mb1_builder *b, const char *s)
{
    uint32_t n = diag_strlen(s);
    uint32_t off = n == UINT32_MAX ? 0 : take(b, n + 1);
    if (!off)
        return 0;
    diag_memcpy(b->buf + off, s, n + 1);
    return b->phys + off;
}

void mb1i_begin(struct mb1_builder *b, void *buf, uint32_t phys, uint32_t cap)
{
    diag_memset(b, 0, sizeof *b);
    b->buf = buf;
    b->phys = phys;
    b->cap = cap;
    b->len = sizeof(struct mb1_info);
    b->overflow = cap < sizeof(struct mb1_info) || phys > UINT32_MAX - cap;
    if (!b->overflow)
        diag_memset(buf, 0, sizeof(struct mb1_info));
}

bool mb1i_cmdline(struct mb1_builder *b, const char *s)
{
    uint32_t a = put_string(b, s);
    if (!a)
        return false;
    info(b)->cmdline = a;
    info(b)->flags |= MB1_INFO_CMDLINE;
    return true;
}

bool mb1i_loader_name(struct mb1_builder *b, const char *s)
{
    uint32_t a = put_string(b, s);
    if (!a)
        return false;
    info(b)->boot_loader_name = a;
    info(b)->flags |= MB1_INFO_BOOT_LOADER_NAME;
    return true;
}

bool mb1i_mods(struct mb1_builder *b, uint32_t n)
{
    if (n == 0)
        return !b->overflow; /* no modules: flag bit 3 clear, as GRUB leaves it */
    const uint32_t esz = sizeof(struct mb1_module);
    uint32_t off = n > UINT32_MAX / esz ? (b->overflow = true, 0) : take(b, n * esz);
    if (!off)
        return false;
    b->mods_off = off;
    b->mods_cap = n;
    info(b)->mods_addr = b->phys + off;
    info(b)->mods_count = 0;
    info(b)->flags |= MB1_INFO_MODS;
    return true;
}

bool mb1i_add_module(struct mb1_builder *b, uint32_t start, uint32_t end, const char *s)
{
    uint32_t i = info(b)->mods_count;
    if (b->overflow || i >= b->mods_cap)
        return b->overflow = true, false;
    uint32_t a = put_string(b, s);
    if (!a)
        return false;
    struct mb1_module m = {start, end, a, 0};
    diag_memcpy(b->buf + b->mods_off + i * sizeof m, &m, sizeof m);
    info(b)->mods_count = i + 1;
    return true;
}

void mb1i_elf_sections(struct mb1_builder *b, uint32_t num, uint32_t entsize, uint32_t shndx,
                       uint32_t table_phys)
{
    if (b->overflow)
        return;
    struct mb1_info *mi = info(b);
    mi->shdr_num = num;
    mi->shdr_size = entsize;
    mi->shdr_addr = table_phys;
    mi->shdr_shndx = shndx;
    mi->flags |= MB1_INFO_ELF_SHDR;
}

bool mb1i_framebuffer(struct mb1_builder *b, const struct mb2_tag_framebuffer *fb)
{
    if (b->overflow || fb->framebuffer_type != MB2_FB_TYPE_RGB)
        return false;
    struct mb1_info *mi = info(b);
    mi->framebuffer_addr = fb->framebuffer_addr;
    mi->framebuffer_pitch = fb->framebuffer_pitch;
    mi->framebuffer_width = fb->framebuffer_width;
    mi->framebuffer_height = fb->framebuffer_height;
    mi->framebuffer_bpp = fb->framebuffer_bpp;
    mi->framebuffer_type = MB1_FB_TYPE_RGB;
    mi->red_field_position = fb->red_field_position;
    mi->red_mask_size = fb->red_mask_size;
    mi->green_field_position = fb->green_field_position;
    mi->green_mask_size = fb->green_mask_size;
    mi->blue_field_position = fb->blue_field_position;
    mi->blue_mask_size = fb->blue_mask_size;
    mi->flags |= MB1_INFO_FRAMEBUFFER;
    return true;
}

void mb1i_meminfo(struct mb1_builder *b, uint32_t lower_kib, uint32_t upper_kib)
{
    if (b->overflow)
        return;
    info(b)->mem_lower = lower_kib;
    info(b)->mem_upper = upper_kib;
    info(b)->flags |= MB1_INFO_MEMORY;
}

bool mb1i_mmap(struct mb1_builder *b, const struct mb2_mmap_entry *e, uint32_t n)
{
    const uint32_t esz = sizeof(struct mb1_mmap_entry);
    uint32_t off = n > UINT32_MAX / esz ? (b->overflow = true, 0) : take(b, n * esz);
    if (!off)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        struct mb1_mmap_entry m = {MB1_MMAP_ENTRY_BODY, e[i].base_addr, e[i].length, e[i].type};
        diag_memcpy(b->buf + off + i * esz, &m, esz);
    }
    info(b)->mmap_addr = b->phys + off;
    info(b)->mmap_length = n * esz;
    info(b)->flags |= MB1_INFO_MMAP;
    return true;
}

uint32_t mb1i_end(const struct mb1_builder *b)
{
    return b->overflow ? 0 : b->len;
}
