/* test_mb1_header.c - specifies mb1h_parse and mb1h_flat_image: finding, checking and decoding a
 * kernel's Multiboot 1 header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/core/mb1_header.h"
#include "shared/multiboot1.h"

#define NAME "\\kernel.elf"
#define FILE_CAP 0x3000u /* room for a header placed beyond the 8 KiB window */

static uint8_t buf[FILE_CAP];
static uint32_t size;
static struct mb1h_info info;
static struct elf_image img;
static struct diag d;

static void put32(uint32_t off, uint32_t v)
{
    memcpy(buf + off, &v, sizeof v);
}

/* A file of `n` bytes of filler with a valid header of `flags` at `at`. */
static void header(uint32_t at, uint32_t n, uint32_t flags)
{
    memset(buf, 0x90, sizeof buf);
    size = n;
    put32(at, MB1_HEADER_MAGIC);
    put32(at + 4, flags);
    put32(at + 8, 0u - MB1_HEADER_MAGIC - flags);
}

/* The address fields (flags bit 16) of the header at `at`. */
static void address(uint32_t at, uint32_t header_addr, uint32_t load_addr, uint32_t load_end,
                    uint32_t bss_end, uint32_t entry)
{
    put32(at + 12, header_addr);
    put32(at + 16, load_addr);
    put32(at + 20, load_end);
    put32(at + 24, bss_end);
    put32(at + 28, entry);
}

static void video(uint32_t at, uint32_t mode_type, uint32_t w, uint32_t h, uint32_t depth)
{
    put32(at + 32, mode_type);
    put32(at + 36, w);
    put32(at + 40, h);
    put32(at + 44, depth);
}

static enum mb1h_status parse(void)
{
    return mb1h_parse(buf, size, NAME, &info, &d);
}

static void expect_refused(enum mb1h_status want, const char *msg)
{
    assert_int_equal(parse(), want);
    assert_string_equal(d.msg, msg);
}

static void expect_flat_refused(const char *msg)
{
    assert_int_equal(parse(), MB1H_OK);
    assert_false(mb1h_flat_image(size, &info, NAME, &img, &d));
    assert_string_equal(d.msg, msg);
}

static void finds_a_header_with_no_flags_at_the_file_start(void **state)
{
    (void)state;
    header(0, 0x100, 0);
    assert_int_equal(parse(), MB1H_OK);
    assert_string_equal(d.msg, "");
    assert_int_equal(info.offset, 0);
    assert_false(info.page_align_mods || info.wants_meminfo || info.has_video || info.has_address);
}

static void finds_the_last_aligned_place_in_the_first_8192_bytes(void **state)
{
    (void)state;
    header(MB1_HEADER_SEARCH - 12, 0x2100, MB1_HFLAG_PAGE_ALIGN | MB1_HFLAG_MEMINFO);
    assert_int_equal(parse(), MB1H_OK);
    assert_int_equal(info.offset, MB1_HEADER_SEARCH - 12);
    assert_true(info.page_align_mods);
    assert_true(info.wants_meminfo);
}

static void decodes_the_video_and_address_fields(void **state)
{
    (void)state;
    header(0x20, 0x1000, MB1_HFLAG_VIDEO | MB1_HFLAG_ADDRESS);
    address(0x20, 0x100020, 0x100000, 0x100800, 0x102000, 0x100040);
    video(0x20, MB1_VIDEO_LINEAR, 1024, 768, 32);
    assert_int_equal(parse(), MB1H_OK);
    assert_true(info.has_video && info.has_address);
    assert_int_equal(info.mode_type, MB1_VIDEO_LINEAR);
    assert_int_equal(info.width, 1024);
    assert_int_equal(info.height, 768);
    assert_int_equal(info.depth, 32);
    assert_int_equal(info.header_addr, 0x100020);
    assert_int_equal(info.entry_addr, 0x100040);
}

static void flags_above_bit_15_are_optional_and_ignored(void **state)
{
    (void)state;
    header(0, 0x100, 0xFFFE0000u | MB1_HFLAG_MEMINFO);
    assert_int_equal(parse(), MB1H_OK);
    assert_false(info.has_address);
}

static void no_magic_is_absent_not_bad(void **state)
{
    (void)state;
    memset(buf, 0x90, sizeof buf);
    size = 0x1000;
    expect_refused(MB1H_ABSENT,
                   NAME ": no Multiboot 1 header (magic 0x1badb002) in the first 4096 bytes");
    size = 0;
    expect_refused(MB1H_ABSENT,
                   NAME ": no Multiboot 1 header (magic 0x1badb002) in the first 0 bytes");
}

static void bad_checksum_is_refused_with_the_sum(void **state)
{
    (void)state;
    header(0x40, 0x1000, MB1_HFLAG_MEMINFO);
    put32(0x48, 0x12345678);
    expect_refused(MB1H_BAD, NAME ": Multiboot 1 header at offset 0x40: checksum = 0x12345678: "
                                  "magic + flags + checksum = 0x2de2067c, not 0");
}

static void unaligned_header_is_refused_by_offset(void **state)
{
    (void)state;
    header(0x42, 0x1000, 0);
    expect_refused(MB1H_BAD, NAME ": Multiboot 1 header at offset 0x42: not 4-byte aligned");
}

static void header_past_8192_bytes_is_refused_by_offset(void **state)
{
    (void)state;
    header(0x2000, 0x2100, 0);
    expect_refused(MB1H_BAD,
                   NAME ": Multiboot 1 header at offset 0x2000: beyond the first 8192 bytes");
    /* Its 12 bytes must start inside: a header straddling the end is not in the window. */
    header(0x1ff8, 0x2100, 0);
    expect_refused(MB1H_BAD,
                   NAME ": Multiboot 1 header at offset 0x1ff8: beyond the first 8192 bytes");
}

static void unknown_required_flag_bits_are_refused_by_number(void **state)
{
    (void)state;
    header(0, 0x100, MB1_HFLAG_MEMINFO | (1u << 3));
    expect_refused(MB1H_BAD, NAME ": Multiboot 1 header flags = 0xa: bit 3 is a requirement "
                                  "this loader does not know");
    header(0, 0x100, (1u << 15) | (1u << 16));
    expect_refused(MB1H_BAD, NAME ": Multiboot 1 header flags = 0x18000: bit 15 is a "
                                  "requirement this loader does not know");
}

static void fields_the_flags_promise_must_be_in_the_file(void **state)
{
    (void)state;
    header(0x10, 0x10 + 20, MB1_HFLAG_ADDRESS);
    expect_refused(MB1H_BAD, NAME ": Multiboot 1 header at offset 0x10: flags bit 16 needs 32 "
                                  "header bytes, the file ends after 20");
    header(0x10, 0x10 + 40, MB1_HFLAG_VIDEO);
    expect_refused(MB1H_BAD, NAME ": Multiboot 1 header at offset 0x10: flags bit 2 needs 48 "
                                  "header bytes, the file ends after 40");
}

static void unknown_video_mode_type_is_refused(void **state)
{
    (void)state;
    header(0, 0x100, MB1_HFLAG_VIDEO);
    video(0, 2, 80, 25, 0);
    expect_refused(MB1H_BAD, NAME ": Multiboot 1 header video mode_type = 2: not 0 (linear) or "
                                  "1 (EGA text)");
    video(0, MB1_VIDEO_EGA_TEXT, 80, 25, 0);
    assert_int_equal(parse(), MB1H_OK);
    assert_int_equal(info.mode_type, MB1_VIDEO_EGA_TEXT);
}

/*
 * file:   [ 0 ...... 0x20 header ...................... 0x1000 )
 * memory: [ 0x100000 ... 0x100020 ...... 0x100800 )[ bss to 0x102000 )
 */
static void address_fields_make_one_flat_segment(void **state)
{
    (void)state;
    header(0x20, 0x1000, MB1_HFLAG_ADDRESS);
    address(0x20, 0x100020, 0x100000, 0x100800, 0x102000, 0x100040);
    assert_int_equal(parse(), MB1H_OK);
    assert_true(mb1h_flat_image(size, &info, NAME, &img, &d));
    assert_int_equal(img.nsegs, 1);
    assert_int_equal(img.segs[0].paddr, 0x100000);
    assert_int_equal(img.segs[0].offset, 0);
    assert_int_equal(img.segs[0].filesz, 0x800);
    assert_int_equal(img.segs[0].memsz, 0x2000);
    assert_int_equal(img.entry, 0x100040);
}

static void load_end_and_bss_end_zero_mean_the_whole_file_and_no_bss(void **state)
{
    (void)state;
    header(0x20, 0x1000, MB1_HFLAG_ADDRESS);
    address(0x20, 0x200020, 0x200000, 0, 0, 0x200040);
    assert_int_equal(parse(), MB1H_OK);
    assert_true(mb1h_flat_image(size, &info, NAME, &img, &d));
    assert_int_equal(img.segs[0].filesz, 0x1000);
    assert_int_equal(img.segs[0].memsz, 0x1000);
}

static void load_addr_above_header_addr_is_refused(void **state)
{
    (void)state;
    header(0x20, 0x1000, MB1_HFLAG_ADDRESS);
    address(0x20, 0x100020, 0x100040, 0, 0, 0x100040);
    expect_flat_refused(NAME ": Multiboot 1 header address fields: load_addr = 0x100040 is "
                             "above header_addr = 0x100020");
}

static void load_starting_before_the_file_is_refused(void **state)
{
    (void)state;
    header(0x20, 0x1000, MB1_HFLAG_ADDRESS);
    address(0x20, 0x100020, 0x0fff00, 0, 0, 0x100040);
    expect_flat_refused(NAME ": Multiboot 1 header address fields: header_addr - load_addr = "
                             "0x120: more than the header's file offset 0x20 (the load would "
                             "start before the file)");
}

static void load_end_before_load_or_past_the_file_is_refused(void **state)
{
    (void)state;
    header(0x20, 0x1000, MB1_HFLAG_ADDRESS);
    address(0x20, 0x100020, 0x100000, 0x0ff000, 0, 0x100040);
    expect_flat_refused(NAME ": Multiboot 1 header address fields: load_end_addr = 0xff000: not "
                             "between load 0x100000 and the end of the file (0x1000 bytes from "
                             "offset 0x0)");
    address(0x20, 0x100020, 0x100000, 0x101001, 0, 0x100040);
    expect_flat_refused(NAME ": Multiboot 1 header address fields: load_end_addr = 0x101001: "
                             "not between load 0x100000 and the end of the file (0x1000 bytes "
                             "from offset 0x0)");
}

static void bss_end_before_load_end_is_refused(void **state)
{
    (void)state;
    header(0x20, 0x1000, MB1_HFLAG_ADDRESS);
    address(0x20, 0x100020, 0x100000, 0x100800, 0x100700, 0x100040);
    expect_flat_refused(NAME ": Multiboot 1 header address fields: bss_end_addr = 0x100700 is "
                             "below the loaded end 0x100800");
}

static void entry_outside_the_loaded_bytes_is_refused(void **state)
{
    (void)state;
    header(0x20, 0x1000, MB1_HFLAG_ADDRESS);
    address(0x20, 0x100020, 0x100000, 0x100800, 0x102000, 0x100900);
    expect_flat_refused(NAME ": Multiboot 1 header entry_addr = 0x100900: in the zero-filled "
                             "part of the segment at 0x100000 (bytes from the file end at "
                             "0x100800)");
    address(0x20, 0x100020, 0x100000, 0x100800, 0x102000, 0x200000);
    expect_flat_refused(NAME ": Multiboot 1 header entry_addr = 0x200000: not in a loaded "
                             "segment");
}

static void load_addr_minus_one_is_no_marker_in_multiboot_1(void **state)
{
    (void)state;
    /* Multiboot2's address tag reads load_addr = -1 as "from the file's start";
     * Multiboot 1 has no such rule, so it is just above header_addr. */
    header(0x20, 0x1000, MB1_HFLAG_ADDRESS);
    address(0x20, 0x100020, 0xFFFFFFFFu, 0, 0, 0x100040);
    expect_flat_refused(NAME ": Multiboot 1 header address fields: load_addr = 0xffffffff is "
                             "above header_addr = 0x100020");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finds_a_header_with_no_flags_at_the_file_start),
        cmocka_unit_test(finds_the_last_aligned_place_in_the_first_8192_bytes),
        cmocka_unit_test(decodes_the_video_and_address_fields),
        cmocka_unit_test(flags_above_bit_15_are_optional_and_ignored),
        cmocka_unit_test(no_magic_is_absent_not_bad),
        cmocka_unit_test(bad_checksum_is_refused_with_the_sum),
        cmocka_unit_test(unaligned_header_is_refused_by_offset),
        cmocka_unit_test(header_past_8192_bytes_is_refused_by_offset),
        cmocka_unit_test(unknown_required_flag_bits_are_refused_by_number),
        cmocka_unit_test(fields_the_flags_promise_must_be_in_the_file),
        cmocka_unit_test(unknown_video_mode_type_is_refused),
        cmocka_unit_test(address_fields_make_one_flat_segment),
        cmocka_unit_test(load_end_and_bss_end_zero_mean_the_whole_file_and_no_bss),
        cmocka_unit_test(load_addr_above_header_addr_is_refused),
        cmocka_unit_test(load_starting_before_the_file_is_refused),
        cmocka_unit_test(load_end_before_load_or_past_the_file_is_refused),
        cmocka_unit_test(bss_end_before_load_end_is_refused),
        cmocka_unit_test(entry_outside_the_loaded_bytes_is_refused),
        cmocka_unit_test(load_addr_minus_one_is_no_marker_in_multiboot_1),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
