/* main.c - mb1dump: prints the Multiboot 1 information structure it receives on COM1, one parseable line per item, then exits QEMU. */
#include <stdint.h>

#include "examples/common/dump_out.h"
#include "shared/multiboot1.h"

/* Output lines (tests/boot/test_mb1.sh and compare_bootinfo.py read them):
 *   mb1: start magic=0x.. mbi=0x.. flags=0x.. image=0x..-0x..
 *   mb1 mem lower=N upper=N                       flags bit 0
 *   mb1 cmdline="..."                             bit 2
 *   mb1 mods count=N addr=0x..                    bit 3, then per module:
 *   mb1 mod i=N start=0x.. end=0x.. string="..." crc=0x..
 *   mb1 syms num=N size=N addr=0x.. shndx=N       bit 5
 *   mb1 mmap base=0x.. len=0x.. type=N size=N     bit 6, one per entry
 *   mb1 loader name="..."                         bit 9
 *   mb1 fb addr=0x.. pitch=N width=N height=N bpp=N type=N rgb=P/S,P/S,P/S   bit 12
 *   mb1 place mbi_reserved=N mbi_below_1mib=N mods_page_aligned=N
 *   mb1: end
 * Strings are quoted; bytes outside printable ASCII and '"' show as '.'. */

#define DEBUG_EXIT_PORT 0xf4 /* QEMU isa-debug-exit */
#define DEBUG_EXIT_PASS 0x10
#define DEBUG_EXIT_FAIL 0x11
#define STRING_MAX 1024u
#define MOD_CRC_MAX (1u << 20)
#define PAGE 4096u
#define LOW_1MIB 0x100000u

extern char _image_start[], _image_end[]; /* link.ld */


/* " key="..."" for a string the structure gives by physical address. */
static void ks_at(const char *k, uint32_t addr) { ks(k, (const char *)(uintptr_t)addr, STRING_MAX); }

static void rgb(uint8_t pos, uint8_t size, char sep)
{
    dec(pos), putc_('/'), dec(size);
    if (sep)
        putc_(sep);
}

/* The map says [a, a + 1) is reserved (type 2). */
static int reserved_at(const struct mb1_info *mi, uint32_t a)
{
    if (!(mi->flags & MB1_INFO_MMAP))
        return 0;
    for (uint32_t off = 0; off < mi->mmap_length;) {
        const struct mb1_mmap_entry *e = (const void *)(uintptr_t)(mi->mmap_addr + off);
        if (a >= e->addr && a - e->addr < e->len)
            return e->type == 2;
        off += e->size + sizeof e->size;
    }
    return 0;
}

static void dump_mods(const struct mb1_info *mi, int *aligned)
{
    puts_("mb1 mods"), kd("count", mi->mods_count), kx("addr", mi->mods_addr), putc_('\n');
    const struct mb1_module *m = (const void *)(uintptr_t)mi->mods_addr;
    for (uint32_t i = 0; i < mi->mods_count; i++) {
        uint32_t n = m[i].mod_end - m[i].mod_start;
        puts_("mb1 mod"), kd("i", i), kx("start", m[i].mod_start), kx("end", m[i].mod_end);
        ks_at("string", m[i].string);
        kx("crc", n <= MOD_CRC_MAX ? crc32((const uint8_t *)(uintptr_t)m[i].mod_start, n) : 0);
        putc_('\n');
        *aligned &= m[i].mod_start % PAGE == 0;
    }
}

static void dump_mmap(const struct mb1_info *mi)
{
    for (uint32_t off = 0; off < mi->mmap_length;) {
        const struct mb1_mmap_entry *e = (const void *)(uintptr_t)(mi->mmap_addr + off);
        puts_("mb1 mmap"), kx("base", e->addr), kx("len", e->len), kd("type", e->type);
        kd("size", e->size), putc_('\n');
        off += e->size + sizeof e->size;
    }
}

static void dump_fb(const struct mb1_info *mi)
{
    puts_("mb1 fb"), kx("addr", mi->framebuffer_addr), kd("pitch", mi->framebuffer_pitch);
    kd("width", mi->framebuffer_width), kd("height", mi->framebuffer_height);
    kd("bpp", mi->framebuffer_bpp), kd("type", mi->framebuffer_type), puts_(" rgb=");
    rgb(mi->red_field_position, mi->red_mask_size, ',');
    rgb(mi->green_field_position, mi->green_mask_size, ',');
    rgb(mi->blue_field_position, mi->blue_mask_size, 0);
    putc_('\n');
}

void mb1_main(uint32_t magic, uint32_t mbi)
{
    const struct mb1_info *mi = (const void *)(uintptr_t)mbi;
    puts_("mb1: start"), kx("magic", magic), kx("mbi", mbi);
    if (magic != MB1_BOOTLOADER_MAGIC) {
        puts_("\nmb1: not booted by a Multiboot 1 loader\n");
        uart_outb(DEBUG_EXIT_PORT, DEBUG_EXIT_FAIL);
        return;
    }
    kx("flags", mi->flags), puts_(" image="), hex((uintptr_t)_image_start), putc_('-');
    hex((uintptr_t)_image_end), putc_('\n');
    int aligned = 1;
    if (mi->flags & MB1_INFO_MEMORY)
        puts_("mb1 mem"), kd("lower", mi->mem_lower), kd("upper", mi->mem_upper), putc_('\n');
    if (mi->flags & MB1_INFO_CMDLINE)
        puts_("mb1"), ks_at("cmdline", mi->cmdline), putc_('\n');
    if (mi->flags & MB1_INFO_MODS)
        dump_mods(mi, &aligned);
    if (mi->flags & MB1_INFO_ELF_SHDR) {
        puts_("mb1 syms"), kd("num", mi->shdr_num), kd("size", mi->shdr_size);
        kx("addr", mi->shdr_addr), kd("shndx", mi->shdr_shndx), putc_('\n');
    }
    if (mi->flags & MB1_INFO_MMAP)
        dump_mmap(mi);
    if (mi->flags & MB1_INFO_BOOT_LOADER_NAME)
        puts_("mb1 loader"), ks_at("name", mi->boot_loader_name), putc_('\n');
    if (mi->flags & MB1_INFO_FRAMEBUFFER)
        dump_fb(mi);
    puts_("mb1 place"), kd("mbi_reserved", reserved_at(mi, mbi));
    kd("mbi_below_1mib", mbi < LOW_1MIB), kd("mods_page_aligned", aligned), putc_('\n');
    puts_("mb1: end\n");
    uart_outb(DEBUG_EXIT_PORT, DEBUG_EXIT_PASS);
}
