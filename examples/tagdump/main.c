/* main.c - tagdump: prints every Multiboot2 tag it receives on COM1, one parseable line per item, then exits QEMU. */
#include <stdint.h>

#include "examples/common/dump_out.h"
#include "shared/bootinfo.h"

/* Output lines (tests/boot/compare_bootinfo.py parses them):
 *   td: start magic=0x.. mbi=0x.. total_size=N reserved=N image=0x..-0x..
 *   tag type=N size=N <fields>      one per tag, in order, the end tag included
 *   mmap base=0x.. len=0x.. type=N  after tag 6
 *   efi type=N phys=0x.. pages=N attr=0x..   after tag 17
 *   sec i=N name="..." type=N flags=0x.. addr=0x.. size=N crc=0x..   after tag 9
 *   td: end tags=N
 * Strings are quoted; bytes outside printable ASCII and '"' show as '.'. */

#define DEBUG_EXIT_PORT 0xf4 /* QEMU isa-debug-exit */
#define DEBUG_EXIT_PASS 0x10
#define DEBUG_EXIT_FAIL 0x11
#define MBI_MAX_SIZE (1u << 20) /* a sanity bound: no real boot information is this large */
#define SHT_NOBITS 8u
#define SEC_CRC_MAX (1u << 20) /* sections larger than this are not hashed */

struct elf32_shdr {
    uint32_t name, type, flags, addr, offset, size, link, info, addralign, entsize;
};
_Static_assert(sizeof(struct elf32_shdr) == 40, "Elf32_Shdr layout");

/* Tag 9 as GRUB lays it out (32-bit num, entsize, shndx; the spec's text says 16). */
struct tag_elf_sections {
    uint32_t type, size, num, entsize, shndx;
    uint8_t sections[];
};

extern char _image_start[], _image_end[]; /* link.ld */


static uint8_t sum8(const uint8_t *p, uint32_t n)
{
    uint8_t s = 0;
    while (n--)
        s += *p++;
    return s;
}

static void dump_mmap(const struct mb2_tag_mmap *t)
{
    kd("entry_size", t->entry_size), kd("entry_version", t->entry_version), putc_('\n');
    if (t->entry_size < sizeof(struct mb2_mmap_entry))
        return;
    for (uint32_t off = sizeof *t; off + t->entry_size <= t->size; off += t->entry_size) {
        const struct mb2_mmap_entry *e = (const void *)((const uint8_t *)t + off);
        puts_("mmap"), kx("base", e->base_addr), kx("len", e->length), kd("type", e->type);
        putc_('\n');
    }
}

static void dump_efi_mmap(const struct mb2_tag_efi_mmap *t)
{
    kd("descr_size", t->descr_size), kd("descr_vers", t->descr_vers), putc_('\n');
    if (t->descr_size < sizeof(struct efi_mem_desc))
        return;
    for (uint32_t off = sizeof *t; off + t->descr_size <= t->size; off += t->descr_size) {
        const struct efi_mem_desc *d = (const void *)((const uint8_t *)t + off);
        puts_("efi"), kd("type", d->type), kx("phys", d->phys_start), kd("pages", d->num_pages);
        kx("attr", d->attribute), putc_('\n');
    }
}

static void dump_elf_sections(const struct tag_elf_sections *t)
{
    kd("num", t->num), kd("entsize", t->entsize), kd("shndx", t->shndx), putc_('\n');
    if (t->entsize < sizeof(struct elf32_shdr) || (uint64_t)t->num * t->entsize > t->size)
        return;
    const struct elf32_shdr *strtab = NULL;
    if (t->shndx < t->num)
        strtab = (const void *)(t->sections + t->shndx * t->entsize);
    for (uint32_t i = 0; i < t->num; i++) {
        const struct elf32_shdr *s = (const void *)(t->sections + i * t->entsize);
        puts_("sec"), kd("i", i);
        if (strtab && strtab->addr && s->name < strtab->size)
            ks("name", (const char *)(uintptr_t)(strtab->addr + s->name), strtab->size - s->name);
        else
            puts_(" name=\"?\"");
        kd("type", s->type), kx("flags", s->flags), kx("addr", s->addr), kd("size", s->size);
        if (s->addr && s->type != SHT_NOBITS && s->size <= SEC_CRC_MAX &&
            (uint64_t)s->addr + s->size <= 0x100000000ull)
            kx("crc", crc32((const uint8_t *)(uintptr_t)s->addr, s->size));
        putc_('\n');
    }
}

static void dump_acpi(const struct mb2_tag_acpi *t)
{
    uint32_t n = t->size - sizeof *t;
    kd("len", n), kx("crc", crc32(t->rsdp, n));
    if (n >= MB2_ACPI_RSDP_V1_SIZE) {
        ks("sig", (const char *)t->rsdp, 8);
        kd("sum20", sum8(t->rsdp, MB2_ACPI_RSDP_V1_SIZE)); /* 0 when the v1 checksum holds */
        kd("rev", t->rsdp[15]);
        kx("rsdt", *(const uint32_t *)(t->rsdp + 16));
    }
    if (n >= MB2_ACPI_RSDP_V2_SIZE) {
        kd("sum36", sum8(t->rsdp, MB2_ACPI_RSDP_V2_SIZE));
        kx("xsdt", *(const uint64_t *)(t->rsdp + 24));
    }
}

static void dump_tag(const struct mb2_tag *t)
{
    puts_("tag"), kd("type", t->type), kd("size", t->size);
    uint32_t payload = t->size - sizeof *t;
    switch (t->type) {
    case MB2_TAG_CMDLINE:
        ks("string", ((const struct mb2_tag_string *)t)->string, payload);
        break;
    case MB2_TAG_BOOT_LOADER_NAME:
        ks("string", ((const struct mb2_tag_string *)t)->string, payload);
        break;
    case MB2_TAG_MODULE: {
        const struct mb2_tag_module *m = (const void *)t;
        kx("start", m->mod_start), kx("end", m->mod_end);
        if (m->mod_end >= m->mod_start) {
            kd("len", m->mod_end - m->mod_start);
            kx("crc", crc32((const uint8_t *)(uintptr_t)m->mod_start, m->mod_end - m->mod_start));
        }
        ks("string", m->string, t->size - sizeof *m);
        break;
    }
    case MB2_TAG_BASIC_MEMINFO: {
        const struct mb2_tag_basic_meminfo *b = (const void *)t;
        kd("mem_lower", b->mem_lower), kd("mem_upper", b->mem_upper);
        break;
    }
    case MB2_TAG_MMAP:
        dump_mmap((const void *)t);
        return;
    case MB2_TAG_FRAMEBUFFER: {
        const struct mb2_tag_framebuffer *f = (const void *)t;
        kx("addr", f->framebuffer_addr), kd("pitch", f->framebuffer_pitch);
        kd("width", f->framebuffer_width), kd("height", f->framebuffer_height);
        kd("bpp", f->framebuffer_bpp), kd("fbtype", f->framebuffer_type);
        if (f->framebuffer_type == MB2_FB_TYPE_RGB && t->size >= MB2_TAG_FRAMEBUFFER_RGB_SIZE) {
            kd("red_pos", f->red_field_position), kd("red_size", f->red_mask_size);
            kd("green_pos", f->green_field_position), kd("green_size", f->green_mask_size);
            kd("blue_pos", f->blue_field_position), kd("blue_size", f->blue_mask_size);
        }
        break;
    }
    case MB2_TAG_ELF_SECTIONS:
        dump_elf_sections((const void *)t);
        return;
    case MB2_TAG_EFI32:
        kx("pointer", ((const struct mb2_tag_efi32 *)t)->pointer);
        break;
    case MB2_TAG_EFI64:
        kx("pointer", ((const struct mb2_tag_efi64 *)t)->pointer);
        break;
    case MB2_TAG_ACPI_OLD:
    case MB2_TAG_ACPI_NEW:
        dump_acpi((const void *)t);
        break;
    case MB2_TAG_EFI_MMAP:
        dump_efi_mmap((const void *)t);
        return;
    case MB2_TAG_LOAD_BASE_ADDR:
        kx("load_base", ((const struct mb2_tag_load_base_addr *)t)->load_base_addr);
        break;
    case MB2_TAG_END:
        break;
    default:
        kx("crc", crc32((const uint8_t *)(t + 1), payload));
        break;
    }
    putc_('\n');
}

static void __attribute__((noreturn)) finish(uint8_t code)
{
    uart_outb(DEBUG_EXIT_PORT, code);
    for (;;)
        __asm__ volatile("cli; hlt");
}

/* Walks the tags itself (not mb2_next) so that the end tag is printed too. */
void __attribute__((noreturn)) td_main(uint32_t magic, const struct mb2_info *info)
{
    puts_("\ntd: start"), kx("magic", magic), kx("mbi", (uintptr_t)info);
    if (magic != MB2_BOOTLOADER_MAGIC) {
        puts_(" error=bad-magic\n");
        finish(DEBUG_EXIT_FAIL);
    }
    kd("total_size", info->total_size), kd("reserved", info->reserved);
    kx("image_start", (uintptr_t)_image_start), kx("image_end", (uintptr_t)_image_end);
    putc_('\n');
    if (info->total_size < sizeof *info + sizeof(struct mb2_tag) || info->total_size > MBI_MAX_SIZE) {
        puts_("td: error=bad-total-size\n");
        finish(DEBUG_EXIT_FAIL);
    }
    const uint8_t *base = (const uint8_t *)info;
    uint32_t off = sizeof *info, ntags = 0;
    for (;;) {
        const struct mb2_tag *t = (const void *)(base + off);
        if (info->total_size - off < sizeof *t || t->size < sizeof *t ||
            t->size > info->total_size - off) {
            puts_("td: error=tag-past-end"), kd("offset", off), putc_('\n');
            finish(DEBUG_EXIT_FAIL);
        }
        dump_tag(t);
        ntags++;
        if (t->type == MB2_TAG_END)
            break;
        off += (t->size + 7) & ~7u;
    }
    puts_("td: end"), kd("tags", ntags), kd("end_offset", off + 8), putc_('\n');
    finish(DEBUG_EXIT_PASS);
}
