/* test_kbootinfo.c - the kernel's boot information checks (kernel/boot/bootinfo.c). */
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
static struct boot_info bi;

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
    assert_non_null(bi.fb);
    assert_int_equal(bi.fb->framebuffer_width, 800);
    assert_int_equal(bi.rsdp_version, 2); /* v2 kept even though v1 came after it */
    assert_int_equal(bi.nmodules, 1);
    assert_int_equal(bi.modules[0]->mod_end, 0x201000);
}

static void minimal_info_has_empty_strings_and_nothing_else(void **state)
{
    (void)state;
    begin();
    end();
    assert_true(parse());
    assert_string_equal(bi.cmdline, "");
    assert_string_equal(bi.loader_name, "");
    assert_null(bi.mmap);
    assert_null(bi.efi_mmap);
    assert_null(bi.fb);
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
