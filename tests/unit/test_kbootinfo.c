/* test_kbootinfo.c - the kernel's one reading of the boot information (kernel/boot/): the
 * checks of bootinfo_parse, the view it fills, and the framebuffer decision. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/boot/bootinfo.h"

/* kprintf.c prints through COM1; these tests only read ksnprintf's messages. */
void serial_write(const char *s, size_t n)
{
    (void)s;
    (void)n;
}

static _Alignas(8) uint8_t blk[4096];
static uint32_t used;
static char err[192];
static struct boot_view bi;

static void begin(void)
{
    memset(blk, 0xEE, sizeof blk);
    used = sizeof(struct mb2_info);
}

/* Appends a tag of `size` bytes whose body (after the 8-byte head) is `body`. */
static uint8_t *tag(uint32_t type, uint32_t size, const void *body, uint32_t body_len)
{
    uint8_t *t = blk + used;
    struct mb2_tag h = {type, size};
    memcpy(t, &h, sizeof h);
    if (body_len)
        memcpy(t + sizeof h, body, body_len);
    used += (size + 7) & ~7u;
    return t;
}

static void string_tag(uint32_t type, const char *s)
{
    tag(type, 8 + (uint32_t)strlen(s) + 1, s, (uint32_t)strlen(s) + 1);
}

static const struct mb2_info *end(void)
{
    tag(MB2_TAG_END, 8, NULL, 0);
    struct mb2_info fixed = {used, 0};
    memcpy(blk, &fixed, sizeof fixed);
    return (const struct mb2_info *)blk;
}

static bool parse(void) { return bootinfo_parse((const struct mb2_info *)blk, &bi, err, sizeof err); }

static void mmap_tag(uint32_t n, uint32_t entry_size)
{
    uint8_t body[8 + 4 * 32] = {0};
    uint32_t hdr[2] = {entry_size, 0};
    memcpy(body, hdr, sizeof hdr);
    tag(MB2_TAG_MMAP, 16 + n * entry_size, body, 8 + n * entry_size);
}

static void efi_mmap_tag(uint32_t n, uint32_t desc_size)
{
    uint8_t body[8 + 48 * 8] = {0};
    uint32_t hdr[2] = {desc_size, 1};
    memcpy(body, hdr, sizeof hdr);
    tag(MB2_TAG_EFI_MMAP, 16 + n * desc_size, body, 8 + n * desc_size);
}

static void rsdp_tag(uint32_t type, uint32_t len)
{
    uint8_t r[36] = "RSD PTR ";
    tag(type, 8 + len, r, len);
}

static void full_grub_like_info_yields_every_field(void **state)
{
    (void)state;
    begin();
    string_tag(MB2_TAG_CMDLINE, "test heap=4M");
    string_tag(MB2_TAG_BOOT_LOADER_NAME, "GRUB 2.06");
    mmap_tag(3, 24);
    efi_mmap_tag(5, 48);
    struct mb2_tag_framebuffer fb = {.framebuffer_addr = 0x80000000ull, .framebuffer_width = 800,
                                     .framebuffer_height = 600, .framebuffer_bpp = 32,
                                     .framebuffer_type = MB2_FB_TYPE_RGB};
    tag(MB2_TAG_FRAMEBUFFER, MB2_TAG_FRAMEBUFFER_RGB_SIZE, (uint8_t *)&fb + 8,
        MB2_TAG_FRAMEBUFFER_RGB_SIZE - 8);
    rsdp_tag(MB2_TAG_ACPI_NEW, 36);
    rsdp_tag(MB2_TAG_ACPI_OLD, 20);
    uint8_t mod[12] = {0};
    uint32_t range[2] = {0x200000, 0x201000};
    memcpy(mod, range, 8);
    memcpy(mod + 8, "m1", 3);
    tag(MB2_TAG_MODULE, 16 + 3, mod, 11);
    tag(99, 13, "unknown", 5); /* unknown tag, odd size: skipped */
    end();

    assert_true(parse());
    assert_string_equal(bi.cmdline, "test heap=4M");
    assert_string_equal(bi.loader_name, "GRUB 2.06");
    assert_int_equal(bi.mmap_entries, 3);
    assert_int_equal(bi.efi_mmap_entries, 5);
    assert_int_equal(bi.efi_desc_size, 48);
    assert_true(bi.fb.present);
    assert_int_equal(bi.fb.format.width, 800);
    assert_int_equal(bi.rsdp_version, 2); /* v2 kept even though v1 came after it */
    assert_int_equal(bi.nmodules, 1);
    assert_int_equal(bi.modules[0].end, 0x201000);
    assert_ptr_equal((const uint8_t *)(uintptr_t)bi.info_addr, blk);
    assert_int_equal(bi.total_size, used);
}

static void minimal_info_has_empty_strings_and_nothing_else(void **state)
{
    (void)state;
    begin();
    end();
    assert_true(parse());
    assert_string_equal(bi.cmdline, "");
    assert_string_equal(bi.loader_name, "");
    assert_int_equal(bi.mmap.source, BOOT_MMAP_NONE);
    assert_false(bi.fb.present);
    assert_false(bi.fb.usable);
    assert_string_equal(bi.fb.why, "no framebuffer tag 8: no GOP, or a BLT-only GOP");
    assert_false(bi.timeline.present);
    assert_null(bi.rsdp);
    assert_int_equal(bi.total_size, 16);
}

static void total_size_below_16_is_rejected(void **state)
{
    (void)state;
    begin();
    end();
    ((struct mb2_info *)blk)->total_size = 8;
    assert_false(parse());
    assert_non_null(strstr(err, "bootinfo: error: total_size=8"));
}

static void total_size_of_1_mib_is_rejected(void **state)
{
    (void)state;
    begin();
    end();
    ((struct mb2_info *)blk)->total_size = 1u << 20;
    assert_false(parse());
    assert_non_null(strstr(err, "total_size=1048576"));
}

static void tag_running_past_total_size_is_named(void **state)
{
    (void)state;
    begin();
    string_tag(MB2_TAG_CMDLINE, "test");
    uint8_t *t = tag(MB2_TAG_MMAP, 16, "\x18\0\0\0\0\0\0\0", 8);
    end();
    ((struct mb2_tag *)t)->size = 4000;
    assert_false(parse());
    assert_string_equal(err, "bootinfo: error: tag type=6 at offset 0x18: size=4000, outside [8, 24]");
    assert_string_equal(bi.cmdline, "test"); /* still known: test mode can be honoured */
}

static void missing_end_tag_is_rejected(void **state)
{
    (void)state;
    begin();
    string_tag(MB2_TAG_CMDLINE, "abc");
    struct mb2_info fixed = {used, 0};
    memcpy(blk, &fixed, sizeof fixed);
    assert_false(parse());
    assert_non_null(strstr(err, "no end tag within total_size=24"));
}

static void end_tag_with_wrong_size_is_rejected(void **state)
{
    (void)state;
    begin();
    uint8_t *t = tag(MB2_TAG_END, 16, NULL, 0);
    struct mb2_info fixed = {used, 0};
    memcpy(blk, &fixed, sizeof fixed);
    (void)t;
    assert_false(parse());
    assert_string_equal(err, "bootinfo: error: end tag at offset 0x8: size=16, expected 8");
}

static void unterminated_command_line_is_rejected(void **state)
{
    (void)state;
    begin();
    tag(MB2_TAG_CMDLINE, 8 + 4, "abcd", 4);
    end();
    assert_false(parse());
    assert_non_null(strstr(err, "tag type=1 (command line) at offset 0x8: string not NUL-terminated"));
}

static void mmap_entry_size_smaller_than_an_entry_is_rejected(void **state)
{
    (void)state;
    begin();
    mmap_tag(2, 16);
    end();
    assert_false(parse());
    assert_non_null(strstr(err, "tag type=6 (memory map) at offset 0x8: entry_size=16"));
}

static void efi_descriptor_size_not_multiple_of_8_is_rejected(void **state)
{
    (void)state;
    begin();
    efi_mmap_tag(2, 44);
    end();
    assert_false(parse());
    assert_non_null(strstr(err, "descr_size=44, need a multiple of 8 >= 40"));
}

static void short_rgb_framebuffer_tag_is_rejected(void **state)
{
    (void)state;
    begin();
    struct mb2_tag_framebuffer fb = {.framebuffer_type = MB2_FB_TYPE_RGB};
    tag(MB2_TAG_FRAMEBUFFER, 32, (uint8_t *)&fb + 8, 24);
    end();
    assert_false(parse());
    assert_non_null(strstr(err, "(RGB framebuffer) at offset 0x8: size=32, need at least 38"));
}

static void rsdp_without_signature_is_rejected(void **state)
{
    (void)state;
    begin();
    tag(MB2_TAG_ACPI_OLD, 28, "RSD PTX 0123456789ab", 20);
    end();
    assert_false(parse());
    assert_non_null(strstr(err, "signature is not \"RSD PTR \""));
}

static void module_ending_before_it_starts_is_rejected(void **state)
{
    (void)state;
    begin();
    uint8_t mod[10] = {0};
    uint32_t range[2] = {0x300000, 0x200000};
    memcpy(mod, range, 8);
    tag(MB2_TAG_MODULE, 8 + 9, mod, 9);
    end();
    assert_false(parse());
    assert_non_null(strstr(err, "mod_end=0x200000 below mod_start=0x300000"));
}

/* ---- the view: memory map source, modules, timeline ---- */

static void efi_map_is_the_source_when_both_maps_are_there(void **state)
{
    (void)state;
    begin();
    mmap_tag(3, 24);
    efi_mmap_tag(5, 48);
    end();
    assert_true(parse());
    assert_int_equal(bi.mmap.source, BOOT_MMAP_EFI);
    assert_int_equal(bi.mmap.stride, 48);
    assert_int_equal(bi.mmap.size, 5 * 48);
    assert_ptr_equal(bi.mmap.bytes, blk + 8 + 16 + 3 * 24 + 16); /* tag 6 then tag 17's body */
    assert_int_equal(bi.mmap_entries, 3); /* still counted for the boot line */
}

static void multiboot_map_is_the_source_without_an_efi_map(void **state)
{
    (void)state;
    begin();
    mmap_tag(4, 32);
    end();
    assert_true(parse());
    assert_int_equal(bi.mmap.source, BOOT_MMAP_MB2);
    assert_int_equal(bi.mmap.stride, 32);
    assert_int_equal(bi.mmap.size, 4 * 32);
    assert_ptr_equal(bi.mmap.bytes, blk + 8 + 16);
    assert_int_equal(bi.efi_desc_size, 0);
}

/* The map's raw byte count is passed on, so memmap_from_efi still names a size that
 * is not a multiple of the descriptor size. */
static void efi_map_with_a_partial_descriptor_keeps_its_byte_count(void **state)
{
    (void)state;
    begin();
    uint8_t body[8 + 2 * 48] = {0};
    uint32_t hdr[2] = {48, 1};
    memcpy(body, hdr, sizeof hdr);
    tag(MB2_TAG_EFI_MMAP, 16 + 48 + 20, body, 8 + 48 + 20);
    end();
    assert_true(parse());
    assert_int_equal(bi.mmap.size, 68);
    assert_int_equal(bi.efi_mmap_entries, 1);
}

/* As the old per-reader walks did (mb2_find): of two tag 6, the first is the map. */
static void first_of_two_multiboot_maps_counts(void **state)
{
    (void)state;
    begin();
    mmap_tag(2, 24);
    mmap_tag(4, 24);
    end();
    assert_true(parse());
    assert_int_equal(bi.mmap_entries, 2);
    assert_int_equal(bi.mmap.size, 2 * 24);
    assert_ptr_equal(bi.mmap.bytes, blk + 8 + 16);
}

static void module_tag(uint32_t start, uint32_t end_, const char *name)
{
    uint8_t mod[64] = {0};
    uint32_t range[2] = {start, end_};
    memcpy(mod, range, 8);
    memcpy(mod + 8, name, strlen(name) + 1);
    tag(MB2_TAG_MODULE, 16 + (uint32_t)strlen(name) + 1, mod, 8 + (uint32_t)strlen(name) + 1);
}

static void modules_become_plain_ranges_with_their_strings(void **state)
{
    (void)state;
    begin();
    module_tag(0x200000, 0x201000, "initrd");
    module_tag(0xF0000000u, 0xF0000800u, "far away");
    module_tag(0x300000, 0x300000, "");
    end();
    assert_true(parse());
    assert_int_equal(bi.nmodules, 3);
    assert_int_equal(bi.modules[0].start, 0x200000);
    assert_int_equal(bi.modules[0].end, 0x201000);
    assert_string_equal(bi.modules[0].string, "initrd");
    assert_int_equal(bi.modules[1].start, 0xF0000000u);
    assert_string_equal(bi.modules[1].string, "far away");
    assert_int_equal(bi.modules[2].end, bi.modules[2].start); /* empty is allowed */
    assert_string_equal(bi.modules[2].string, "");
}

static void seventeen_modules_are_refused(void **state)
{
    (void)state;
    begin();
    for (int i = 0; i < 17; i++)
        module_tag(0x200000, 0x201000, "m");
    end();
    assert_false(parse());
    assert_non_null(strstr(err, "more than 16 modules"));
}

static void timeline_tag_is_copied_and_a_short_one_ignored(void **state)
{
    (void)state;
    begin();
    uint64_t stamps[4] = {100, 200, 300, 400};
    tag(MB2_TAG_BOOT_TIMELINE, sizeof(struct mb2_tag_boot_timeline), stamps, sizeof stamps);
    end();
    assert_true(parse());
    assert_true(bi.timeline.present);
    assert_int_equal(bi.timeline.efi_main_tsc, 100);
    assert_int_equal(bi.timeline.jump_tsc, 400);

    begin();
    tag(MB2_TAG_BOOT_TIMELINE, 16, stamps, 8);
    end();
    assert_true(parse());
    assert_false(bi.timeline.present);
}

/* ---- the framebuffer, decided once (boot_fb_decide) ---- */

#define FB_W 640u
#define FB_H 480u
#define FB_PITCH (FB_W * 4u)

static struct mb2_tag_framebuffer rgb_fb(uint64_t addr)
{
    return (struct mb2_tag_framebuffer){
        .type = MB2_TAG_FRAMEBUFFER, .size = MB2_TAG_FRAMEBUFFER_RGB_SIZE,
        .framebuffer_addr = addr, .framebuffer_pitch = FB_PITCH, .framebuffer_width = FB_W,
        .framebuffer_height = FB_H, .framebuffer_bpp = 32, .framebuffer_type = MB2_FB_TYPE_RGB,
        .red_field_position = 16, .red_mask_size = 8, .green_field_position = 8,
        .green_mask_size = 8, .blue_field_position = 0, .blue_mask_size = 8,
    };
}

static struct boot_fb fb;

static void expect_refused(const struct mb2_tag_framebuffer *t, const char *why)
{
    boot_fb_decide(t, &fb);
    assert_true(fb.present);
    assert_false(fb.usable);
    assert_string_equal(fb.why, why);
    assert_int_equal(fb.base, 0);
    assert_int_equal(fb.end, 0);
}

static void good_rgb_framebuffer_is_usable_with_its_page_range(void **state)
{
    (void)state;
    struct mb2_tag_framebuffer t = rgb_fb(0x80000800ull); /* not page aligned */
    boot_fb_decide(&t, &fb);
    assert_true(fb.usable);
    assert_int_equal(fb.addr, 0x80000800ull);
    assert_int_equal(fb.format.pitch, FB_PITCH);
    assert_int_equal(fb.format.red_pos, 16);
    assert_int_equal(fb.base, 0x80000000ull);
    assert_int_equal(fb.end, 0x80000000ull + 0x12C000 + 0x1000); /* 1200 KiB + the tail */
    assert_string_equal(fb.why, "");
}

static void framebuffer_at_address_0_is_refused(void **state)
{
    (void)state;
    struct mb2_tag_framebuffer t = rgb_fb(0);
    expect_refused(&t, "framebuffer_addr=0: no linear framebuffer");
}

static void ega_text_framebuffer_is_refused(void **state)
{
    (void)state;
    struct mb2_tag_framebuffer t = rgb_fb(0xB8000);
    t.framebuffer_type = MB2_FB_TYPE_EGA_TEXT;
    expect_refused(&t, "framebuffer_type=2, EGA text: only direct RGB is drawn");
}

static void pitch_below_width_is_refused(void **state)
{
    (void)state;
    struct mb2_tag_framebuffer t = rgb_fb(0x80000000ull);
    t.framebuffer_pitch = FB_PITCH - 4;
    expect_refused(&t, "pitch=2556, below width=640 * 4 bytes");
}

static void framebuffer_above_4_gib_is_refused(void **state)
{
    (void)state;
    struct mb2_tag_framebuffer t = rgb_fb(0x800000000ull);
    expect_refused(&t, "framebuffer_addr=0x800000000 size=1228800 reaches above 4 GiB");
}

static void framebuffer_crossing_4_gib_is_refused(void **state)
{
    (void)state;
    struct mb2_tag_framebuffer t = rgb_fb(0xFFFF0000ull);
    expect_refused(&t, "framebuffer_addr=0xffff0000 size=1228800 reaches above 4 GiB");
}

static void framebuffer_ending_exactly_at_4_gib_is_usable(void **state)
{
    (void)state;
    struct mb2_tag_framebuffer t = rgb_fb((1ull << 32) - 0x12C000);
    boot_fb_decide(&t, &fb);
    assert_true(fb.usable);
    assert_int_equal(fb.end, 1ull << 32);
}

static void parse_decides_the_framebuffer_of_tag_8(void **state)
{
    (void)state;
    begin();
    struct mb2_tag_framebuffer t = rgb_fb(0);
    tag(MB2_TAG_FRAMEBUFFER, MB2_TAG_FRAMEBUFFER_RGB_SIZE, (uint8_t *)&t + 8,
        MB2_TAG_FRAMEBUFFER_RGB_SIZE - 8);
    end();
    assert_true(parse());
    assert_true(bi.fb.present);
    assert_false(bi.fb.usable);
    assert_string_equal(bi.fb.why, "framebuffer_addr=0: no linear framebuffer");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_grub_like_info_yields_every_field),
        cmocka_unit_test(minimal_info_has_empty_strings_and_nothing_else),
        cmocka_unit_test(total_size_below_16_is_rejected),
        cmocka_unit_test(total_size_of_1_mib_is_rejected),
        cmocka_unit_test(tag_running_past_total_size_is_named),
        cmocka_unit_test(missing_end_tag_is_rejected),
        cmocka_unit_test(end_tag_with_wrong_size_is_rejected),
        cmocka_unit_test(unterminated_command_line_is_rejected),
        cmocka_unit_test(mmap_entry_size_smaller_than_an_entry_is_rejected),
        cmocka_unit_test(efi_descriptor_size_not_multiple_of_8_is_rejected),
        cmocka_unit_test(short_rgb_framebuffer_tag_is_rejected),
        cmocka_unit_test(rsdp_without_signature_is_rejected),
        cmocka_unit_test(module_ending_before_it_starts_is_rejected),
        cmocka_unit_test(efi_map_is_the_source_when_both_maps_are_there),
        cmocka_unit_test(multiboot_map_is_the_source_without_an_efi_map),
        cmocka_unit_test(efi_map_with_a_partial_descriptor_keeps_its_byte_count),
        cmocka_unit_test(first_of_two_multiboot_maps_counts),
        cmocka_unit_test(modules_become_plain_ranges_with_their_strings),
        cmocka_unit_test(seventeen_modules_are_refused),
        cmocka_unit_test(timeline_tag_is_copied_and_a_short_one_ignored),
        cmocka_unit_test(good_rgb_framebuffer_is_usable_with_its_page_range),
        cmocka_unit_test(framebuffer_at_address_0_is_refused),
        cmocka_unit_test(ega_text_framebuffer_is_refused),
        cmocka_unit_test(pitch_below_width_is_refused),
        cmocka_unit_test(framebuffer_above_4_gib_is_refused),
        cmocka_unit_test(framebuffer_crossing_4_gib_is_refused),
        cmocka_unit_test(framebuffer_ending_exactly_at_4_gib_is_usable),
        cmocka_unit_test(parse_decides_the_framebuffer_of_tag_8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
