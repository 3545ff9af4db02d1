/* test_mb2_header.c - specifies mb2h_parse and mb2h_supported: finding, checking and decoding a kernel's Multiboot2 header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/core/mb2_header.h"
#include "shared/bootinfo.h"

#define NAME "\\kernel.elf"
#define FILE_CAP 0x9000u /* room for a header placed beyond the 32 KiB window */
#define OPTIONAL MB2_HTAG_FLAG_OPTIONAL
#define REQUIRED 0u
/* What our loader can give: memory maps, framebuffer, ACPI, EFI tables, ... */
#define CAN_GIVE ((1ull << MB2_TAG_CMDLINE) | (1ull << MB2_TAG_BOOT_LOADER_NAME) | \
                  (1ull << MB2_TAG_BASIC_MEMINFO) | (1ull << MB2_TAG_MMAP) |           \
                  (1ull << MB2_TAG_FRAMEBUFFER) | (1ull << MB2_TAG_EFI32) |            \
                  (1ull << MB2_TAG_ACPI_NEW) | (1ull << MB2_TAG_EFI_MMAP))

/* A kernel image with a header being written at `at`; `end` is where the next tag goes. */
struct image {
    uint8_t buf[FILE_CAP];
    uint32_t size;
    uint32_t at, end;
};

static struct image *im;
static struct mb2h_info info;
static struct diag d;

static int setup(void **state)
{
    (void)state;
    im = calloc(1, sizeof *im);
    return im ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(im);
    return 0;
}

static void put32(uint32_t off, uint32_t v)
{
    memcpy(im->buf + off, &v, sizeof v);
}

static uint32_t get32(uint32_t off)
{
    uint32_t v;
    memcpy(&v, im->buf + off, sizeof v);
    return v;
}

/* Starts a header at `at` in a file of `size` bytes of filler. */
static void begin(uint32_t at, uint32_t size)
{
    memset(im->buf, 0x90, sizeof im->buf);
    im->size = size;
    im->at = at;
    im->end = at + sizeof(struct mb2_header);
    put32(at, MB2_HEADER_MAGIC);
    put32(at + 4, MB2_HEADER_ARCH_I386);
}

/* Appends a tag with `n` payload words; `size` is what the tag claims. */
static void tag(uint16_t type, uint16_t flags, uint32_t size, const uint32_t *words, uint32_t n)
{
    uint16_t head[2] = { type, flags };
    memcpy(im->buf + im->end, head, sizeof head);
    put32(im->end + 4, size);
    for (uint32_t i = 0; i < n; i++)
        put32(im->end + 8 + 4 * i, words[i]);
    im->end += (8 + 4 * n + 7) & ~7u;
}

/* Writes header_length up to `end` and a checksum that makes the header valid. */
static void seal(void)
{
    uint32_t len = im->end - im->at;
    put32(im->at + 8, len);
    put32(im->at + 12, 0u - MB2_HEADER_MAGIC - get32(im->at + 4) - len);
}

static void end_tag(void)
{
    tag(MB2_HTAG_END, 0, 8, NULL, 0);
    seal();
}

static bool parse(void)
{
    return mb2h_parse(im->buf, im->size, NAME, &info, &d);
}

static void expect_parse_refused(const char *needle)
{
    assert_false(parse());
    if (!strstr(d.msg, needle) || strncmp(d.msg, NAME ": ", strlen(NAME ": ")) != 0)
        fail_msg("message \"%s\" does not name the file and contain \"%s\"", d.msg, needle);
}

static void expect_policy_refused(const char *needle)
{
    if (!parse())
        fail_msg("parse refused: %s", d.msg);
    assert_false(mb2h_supported(&info, CAN_GIVE, NAME, &d));
    if (!strstr(d.msg, needle))
        fail_msg("message \"%s\" does not contain \"%s\"", d.msg, needle);
}

static void finds_a_minimal_header_after_the_elf_header(void **state)
{
    (void)state;
    begin(0x1000, 0x2000);
    end_tag();
    assert_true(parse());
    assert_string_equal(d.msg, "");
    assert_int_equal(info.offset, 0x1000);
    assert_int_equal(info.length, 24);
    assert_int_equal(info.nrequests, 0);
    assert_false(info.has_fb);
    assert_true(mb2h_supported(&info, CAN_GIVE, NAME, &d));
}

static void decodes_the_info_request(void **state)
{
    (void)state;
    const uint32_t want[] = { MB2_TAG_MMAP, MB2_TAG_FRAMEBUFFER, MB2_TAG_ACPI_NEW };
    begin(0x1000, 0x2000);
    tag(MB2_HTAG_INFO_REQUEST, REQUIRED, 8 + sizeof want, want, 3);
    end_tag();
    assert_true(parse());
    assert_int_equal(info.nrequests, 3);
    assert_int_equal(info.requests[0], MB2_TAG_MMAP);
    assert_int_equal(info.requests[1], MB2_TAG_FRAMEBUFFER);
    assert_int_equal(info.requests[2], MB2_TAG_ACPI_NEW);
    assert_true(info.request_required[0] && info.request_required[2]);
    assert_true(mb2h_supported(&info, CAN_GIVE, NAME, &d));
}

static void decodes_framebuffer_entry_console_and_relocatable_tags(void **state)
{
    (void)state;
    const uint32_t fb[] = { 1024, 768, 32 };
    const uint32_t entry[] = { 0x100040 };
    const uint32_t console[] = { MB2_CONSOLE_FLAG_EGA_TEXT };
    const uint32_t reloc[] = { 0x100000, 0x1000000, 0x1000, 1 };
    begin(0, 0x1000);
    tag(MB2_HTAG_FRAMEBUFFER, OPTIONAL, 20, fb, 3);
    tag(MB2_HTAG_ENTRY_ADDRESS, REQUIRED, 12, entry, 1);
    tag(MB2_HTAG_CONSOLE_FLAGS, OPTIONAL, 12, console, 1);
    tag(MB2_HTAG_MODULE_ALIGN, REQUIRED, 8, NULL, 0);
    tag(MB2_HTAG_RELOCATABLE, OPTIONAL, 24, reloc, 4);
    end_tag();
    assert_true(parse());
    assert_true(info.has_fb);
    assert_int_equal(info.fb_width, 1024);
    assert_int_equal(info.fb_height, 768);
    assert_int_equal(info.fb_depth, 32);
    assert_true(info.has_entry);
    assert_int_equal(info.entry, 0x100040);
    assert_true(info.has_console_flags);
    assert_int_equal(info.console_flags, MB2_CONSOLE_FLAG_EGA_TEXT);
    assert_true(info.has_module_align);
    assert_true(info.has_relocatable);
    assert_int_equal(info.reloc_min, 0x100000);
    assert_int_equal(info.reloc_max, 0x1000000);
    assert_int_equal(info.reloc_align, 0x1000);
    assert_int_equal(info.reloc_preference, 1);
    assert_true(mb2h_supported(&info, CAN_GIVE, NAME, &d));
}

/* A bad relocatable tag is refused while parsing, even though the image could be
 * loaded at its linked address without relocating. */
static void refuses_a_relocatable_tag_whose_align_is_not_a_power_of_two(void **state)
{
    (void)state;
    const uint32_t reloc[] = { 0x100000, 0x1000000, 0x3000, 0 };
    begin(0, 0x1000);
    tag(MB2_HTAG_RELOCATABLE, OPTIONAL, 24, reloc, 4);
    end_tag();
    expect_parse_refused("Multiboot2 relocatable tag: align = 0x3000: not a power of two");
}

static void refuses_a_relocatable_tag_whose_min_addr_is_above_max_addr(void **state)
{
    (void)state;
    const uint32_t reloc[] = { 0x800000, 0x400000, 0x1000, 0 };
    begin(0, 0x1000);
    tag(MB2_HTAG_RELOCATABLE, OPTIONAL, 24, reloc, 4);
    end_tag();
    expect_parse_refused("Multiboot2 relocatable tag: min_addr = 0x800000 is above max_addr = "
                         "0x400000");
}

static void skips_an_unknown_optional_tag(void **state)
{
    (void)state;
    const uint32_t junk[] = { 1, 2, 3 };
    begin(0, 0x1000);
    tag(0x77, OPTIONAL, 20, junk, 3);
    end_tag();
    assert_true(parse());
}

static void refuses_an_unknown_required_tag(void **state)
{
    (void)state;
    begin(0, 0x1000);
    tag(0x77, REQUIRED, 8, NULL, 0);
    end_tag();
    expect_parse_refused("tag type 119 at header offset 0x10: unknown and required");
}

static void refuses_a_file_without_header(void **state)
{
    (void)state;
    begin(0, 0x1000);
    memset(im->buf, 0, 16);
    expect_parse_refused("no Multiboot2 header");
}

static void refuses_a_header_beyond_the_first_32_kib(void **state)
{
    (void)state;
    begin(0x8000, 0x9000);
    end_tag();
    expect_parse_refused("header at offset 0x8000: beyond the first 32768 bytes");
}

static void refuses_a_header_straddling_the_32_kib_limit(void **state)
{
    (void)state;
    begin(0x8000 - 16, 0x9000);
    end_tag();
    expect_parse_refused("header_length = 24 runs past the first 32768 bytes, and no end tag");
}

static void refuses_a_misaligned_header(void **state)
{
    (void)state;
    begin(0x1004, 0x2000);
    end_tag();
    expect_parse_refused("header at offset 0x1004: not 8-byte aligned");
}

static void refuses_a_bad_checksum(void **state)
{
    (void)state;
    begin(0x1000, 0x2000);
    end_tag();
    put32(0x100c, get32(0x100c) + 1);
    expect_parse_refused("header at offset 0x1000: checksum =");
}

static void refuses_an_architecture_other_than_i386(void **state)
{
    (void)state;
    begin(0, 0x1000);
    put32(4, MB2_HEADER_ARCH_MIPS32);
    end_tag();
    expect_parse_refused("architecture = 4 (MIPS32): not i386 (0)");
}

static void refuses_a_header_length_past_end_of_file(void **state)
{
    (void)state;
    begin(0, 0x1000);
    end_tag();
    im->size = 20;
    expect_parse_refused("header_length = 24 runs past end of file, and no end tag");
}

static void refuses_a_tag_running_past_the_header(void **state)
{
    (void)state;
    const uint32_t fb[] = { 0, 0, 0 };
    begin(0, 0x1000);
    tag(MB2_HTAG_FRAMEBUFFER, OPTIONAL, 20, fb, 3);
    put32(8, 16 + 16); /* header_length ends before the framebuffer tag does */
    put32(12, 0u - MB2_HEADER_MAGIC - 32);
    expect_parse_refused("tag type 5 at header offset 0x10: size = 20 runs past header_length 32");
}

static void refuses_a_header_without_end_tag(void **state)
{
    (void)state;
    begin(0, 0x1000);
    tag(MB2_HTAG_MODULE_ALIGN, OPTIONAL, 8, NULL, 0);
    seal();
    expect_parse_refused("no end tag");
}

static void refuses_a_tag_smaller_than_its_head(void **state)
{
    (void)state;
    begin(0, 0x1000);
    tag(MB2_HTAG_MODULE_ALIGN, OPTIONAL, 4, NULL, 0);
    end_tag();
    expect_parse_refused("size = 4");
}

static void refuses_a_known_tag_of_the_wrong_size(void **state)
{
    (void)state;
    const uint32_t fb[] = { 0, 0, 0, 0 };
    begin(0, 0x1000);
    tag(MB2_HTAG_FRAMEBUFFER, OPTIONAL, 24, fb, 4);
    end_tag();
    expect_parse_refused("tag type 5 at header offset 0x10: size = 24, not 20");
}

static void refuses_too_many_info_requests(void **state)
{
    (void)state;
    uint32_t want[MB2H_MAX_REQUESTS + 1] = { 0 };
    begin(0, 0x1000);
    tag(MB2_HTAG_INFO_REQUEST, OPTIONAL, 8 + sizeof want, want, MB2H_MAX_REQUESTS + 1);
    end_tag();
    expect_parse_refused("33 requests, more than 32");
}

static void refuses_a_required_efi_entry_tag(void **state)
{
    (void)state;
    const uint32_t entry[] = { 0x100000 };
    begin(0, 0x1000);
    tag(MB2_HTAG_ENTRY_EFI32, REQUIRED, 12, entry, 1);
    end_tag();
    expect_parse_refused("tag type 8 (EFI i386 entry) is required: we exit boot services");
}

static void ignores_an_optional_efi_entry_tag(void **state)
{
    (void)state;
    const uint32_t entry[] = { 0x100000 };
    begin(0, 0x1000);
    tag(MB2_HTAG_ENTRY_EFI64, OPTIONAL, 12, entry, 1);
    end_tag();
    assert_true(parse());
    assert_true(mb2h_supported(&info, CAN_GIVE, NAME, &d));
}

static void policy_refuses_a_required_request_we_cannot_give(void **state)
{
    (void)state;
    const uint32_t want[] = { MB2_TAG_MMAP, MB2_TAG_APM };
    begin(0, 0x1000);
    tag(MB2_HTAG_INFO_REQUEST, REQUIRED, 16, want, 2);
    end_tag();
    expect_policy_refused("info request for tag type 10 (APM table) is required");
}

static void policy_accepts_an_optional_request_we_cannot_give(void **state)
{
    (void)state;
    const uint32_t want[] = { MB2_TAG_APM, 200 };
    begin(0, 0x1000);
    tag(MB2_HTAG_INFO_REQUEST, OPTIONAL, 16, want, 2);
    end_tag();
    assert_true(parse());
    assert_false(info.request_required[0]);
    assert_true(mb2h_supported(&info, CAN_GIVE, NAME, &d));
}

static void policy_refuses_a_required_request_for_a_type_beyond_64(void **state)
{
    (void)state;
    const uint32_t want[] = { 200 };
    begin(0, 0x1000);
    tag(MB2_HTAG_INFO_REQUEST, REQUIRED, 12, want, 1);
    end_tag();
    expect_policy_refused("tag type 200 (not in the specification) is required");
}

static void policy_refuses_required_efi_boot_services(void **state)
{
    (void)state;
    begin(0, 0x1000);
    tag(MB2_HTAG_EFI_BS, REQUIRED, 8, NULL, 0);
    end_tag();
    expect_policy_refused("EFI boot services tag is required: we exit boot services");
}

/* Optional means the kernel copes without: accepted, and remembered for a note line. */
static void optional_efi_boot_services_is_skipped_but_flagged(void **state)
{
    (void)state;
    begin(0, 0x1000);
    tag(MB2_HTAG_EFI_BS, OPTIONAL, 8, NULL, 0);
    end_tag();
    assert_true(parse());
    assert_true(mb2h_supported(&info, CAN_GIVE, NAME, &d));
    assert_true(info.optional_efi_bs);
    assert_false(info.has_efi_bs);
}

/* GRUB loads any file with an address tag flat, optional or not: so do we (aout.c). */
static void decodes_the_address_tag_optional_or_required(void **state)
{
    (void)state;
    const uint32_t addr[] = { 0x200010, 0x200000, 0x201000, 0x203000 };
    for (int req = 0; req < 2; req++) {
        begin(0, 0x1000);
        tag(MB2_HTAG_ADDRESS, req ? REQUIRED : OPTIONAL, 24, addr, 4);
        end_tag();
        assert_true(parse());
        assert_true(mb2h_supported(&info, CAN_GIVE, NAME, &d));
        assert_true(info.has_address);
        assert_int_equal(info.header_addr, 0x200010);
        assert_int_equal(info.load_addr, 0x200000);
        assert_int_equal(info.load_end_addr, 0x201000);
        assert_int_equal(info.bss_end_addr, 0x203000);
    }
}

/* Writes header_length = `len` with a checksum that adds up. */
static void seal_length(uint32_t len)
{
    put32(im->at + 8, len);
    put32(im->at + 12, 0u - MB2_HEADER_MAGIC - get32(im->at + 4) - len);
}

/* header_length 46, not a multiple of 8: the end tag at 0x28 starts inside it and
 * runs 2 bytes past. GRUB boots this; so do we, with a note. */
static void end_tag_running_past_header_length_ends_the_list_with_a_note(void **state)
{
    (void)state;
    const uint32_t req[] = { MB2_TAG_CMDLINE, MB2_TAG_MMAP, MB2_TAG_BOOT_LOADER_NAME };
    begin(0, 0x1000);
    tag(MB2_HTAG_INFO_REQUEST, REQUIRED, 20, req, 3);
    tag(MB2_HTAG_END, 0, 8, NULL, 0);
    seal_length(46);
    assert_true(parse());
    assert_int_equal(info.nrequests, 3);
    assert_string_equal(info.note.msg, NAME ": Multiboot2 end tag at header offset 0x28: size = 8, "
                                           "past header_length: the tag list ends there, as in GRUB");
}

/* The tutorial end tag: dw 0, dw 0, dw 8 (6 bytes), header_length 22. */
static void six_byte_end_tag_ends_the_list(void **state)
{
    (void)state;
    begin(0, 0x1000);
    put32(16, 0);            /* type 0, flags 0 */
    put32(20, 8 | 0xAB0000); /* dw 8, then whatever follows the header */
    seal_length(22);
    assert_true(parse());
    assert_string_equal(info.note.msg, NAME ": Multiboot2 end tag at header offset 0x10: size = "
                                        "11206664, past header_length: the tag list ends there, "
                                        "as in GRUB");
    assert_true(mb2h_supported(&info, CAN_GIVE, NAME, &d));
}

/* header_length 16: no tag can start inside it; the walk finds the end tag anyway. */
static void header_length_16_is_walked_past_with_a_note(void **state)
{
    (void)state;
    begin(0, 0x1000);
    end_tag();
    seal_length(16);
    assert_true(parse());
    assert_non_null(strstr(info.note.msg, "header_length = 16 leaves no room for an end tag"));
}

static void end_tag_of_size_zero_ends_the_list(void **state)
{
    (void)state;
    begin(0, 0x1000);
    tag(MB2_HTAG_END, 0, 0, NULL, 0);
    seal();
    assert_true(parse());
    assert_string_equal(info.note.msg, NAME ": Multiboot2 end tag at header offset 0x10: size = 0, "
                                           "not 8: the tag list ends there, as in GRUB");
}

static void a_clean_header_has_no_note(void **state)
{
    (void)state;
    begin(0, 0x1000);
    end_tag();
    assert_true(parse());
    assert_string_equal(info.note.msg, "");
}

/* header_length written as start - end (0xFFFFFFD0): GRUB uses it only in the checksum. */
static void impossible_header_length_walks_the_tags_to_the_end_tag(void **state)
{
    (void)state;
    const uint32_t entry[] = { 0x100000 };
    begin(0x1000, 0x2000);
    tag(MB2_HTAG_ENTRY_ADDRESS, REQUIRED, 12, entry, 1);
    tag(MB2_HTAG_END, 0, 8, NULL, 0);
    seal_length(0xFFFFFFD0u);
    assert_true(parse());
    assert_true(info.has_entry);
    assert_string_equal(info.note.msg,
                        NAME ": Multiboot2 header_length = 4294967248 runs past end of file, but "
                             "the checksum adds up: tags walked to the end tag at header offset "
                             "0x20, as GRUB does");
}

/* A bad header_length with no end tag in the file stays refused. */
static void impossible_header_length_without_end_tag_is_refused(void **state)
{
    (void)state;
    begin(0, 0x40);
    while (im->end < 0x40)
        tag(MB2_HTAG_MODULE_ALIGN, OPTIONAL, 8, NULL, 0); /* to the end of the file */
    seal_length(0xFFFFFFD0u);
    expect_parse_refused("header_length = 4294967248 runs past end of file, and no end tag");
}

/* Several info request tags (ours: a required one and an optional one for the
 * timeline) are merged, each request keeping its tag's flag. */
static void several_info_request_tags_are_merged(void **state)
{
    (void)state;
    const uint32_t req[] = { MB2_TAG_CMDLINE };
    const uint32_t tl[] = { MB2_TAG_BOOT_TIMELINE };
    begin(0, 0x1000);
    tag(MB2_HTAG_INFO_REQUEST, REQUIRED, 12, req, 1);
    tag(MB2_HTAG_INFO_REQUEST, OPTIONAL, 12, tl, 1);
    end_tag();
    assert_true(parse());
    assert_int_equal(info.nrequests, 2);
    assert_true(info.request_required[0]);
    assert_false(info.request_required[1]);
    assert_true(info.wants_timeline);
    assert_true(mb2h_supported(&info, CAN_GIVE, NAME, &d));
}

static void timeline_is_not_wanted_unless_requested(void **state)
{
    (void)state;
    const uint32_t req[] = { MB2_TAG_CMDLINE };
    begin(0, 0x1000);
    tag(MB2_HTAG_INFO_REQUEST, REQUIRED, 12, req, 1);
    end_tag();
    assert_true(parse());
    assert_false(info.wants_timeline);
}

/* GRUB boots a required request listing type 0, and one for modules when there are
 * none: the loader gives modules, just none here (mb2h_can_give counts it). */
static void policy_accepts_type_0_and_a_type_with_no_instance(void **state)
{
    (void)state;
    const uint32_t req[] = { MB2_TAG_END, MB2_TAG_MODULE, MB2_TAG_ELF_SECTIONS };
    begin(0, 0x1000);
    tag(MB2_HTAG_INFO_REQUEST, REQUIRED, 20, req, 3);
    end_tag();
    assert_true(parse());
    assert_true(mb2h_supported(&info, mb2h_can_give(false, false, false, false), NAME, &d));
    assert_false(mb2h_supported(&info, CAN_GIVE, NAME, &d)); /* a mask without modules */
}

static void can_give_follows_what_the_firmware_has(void **state)
{
    (void)state;
    uint64_t none = mb2h_can_give(false, false, false, false);
    uint64_t all = mb2h_can_give(true, true, true, true);
    assert_false(none & (1ull << MB2_TAG_FRAMEBUFFER));
    assert_false(none & (1ull << MB2_TAG_ACPI_OLD));
    assert_true(none & (1ull << MB2_TAG_EFI32));
    assert_false(none & (1ull << MB2_TAG_EFI64));
    assert_true(all & (1ull << MB2_TAG_EFI64));
    assert_false(all & (1ull << MB2_TAG_EFI32));
    assert_true(all & (1ull << MB2_TAG_ACPI_NEW));
    assert_false(all & (1ull << MB2_TAG_SMBIOS));
}

static void policy_refuses_a_required_console_without_framebuffer(void **state)
{
    (void)state;
    const uint32_t console[] = { MB2_CONSOLE_FLAG_REQUIRED | MB2_CONSOLE_FLAG_EGA_TEXT };
    begin(0, 0x1000);
    tag(MB2_HTAG_CONSOLE_FLAGS, REQUIRED, 12, console, 1);
    end_tag();
    assert_true(parse());
    assert_true(mb2h_supported(&info, CAN_GIVE, NAME, &d));
    assert_false(mb2h_supported(&info, CAN_GIVE & ~(1ull << MB2_TAG_FRAMEBUFFER), NAME, &d));
    assert_non_null(strstr(d.msg, "console_flags = 0x3 requires a console"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finds_a_minimal_header_after_the_elf_header),
        cmocka_unit_test(decodes_the_info_request),
        cmocka_unit_test(decodes_framebuffer_entry_console_and_relocatable_tags),
        cmocka_unit_test(refuses_a_relocatable_tag_whose_align_is_not_a_power_of_two),
        cmocka_unit_test(refuses_a_relocatable_tag_whose_min_addr_is_above_max_addr),
        cmocka_unit_test(skips_an_unknown_optional_tag),
        cmocka_unit_test(refuses_an_unknown_required_tag),
        cmocka_unit_test(refuses_a_file_without_header),
        cmocka_unit_test(refuses_a_header_beyond_the_first_32_kib),
        cmocka_unit_test(refuses_a_header_straddling_the_32_kib_limit),
        cmocka_unit_test(refuses_a_misaligned_header),
        cmocka_unit_test(refuses_a_bad_checksum),
        cmocka_unit_test(refuses_an_architecture_other_than_i386),
        cmocka_unit_test(refuses_a_header_length_past_end_of_file),
        cmocka_unit_test(refuses_a_tag_running_past_the_header),
        cmocka_unit_test(refuses_a_header_without_end_tag),
        cmocka_unit_test(refuses_a_tag_smaller_than_its_head),
        cmocka_unit_test(refuses_a_known_tag_of_the_wrong_size),
        cmocka_unit_test(refuses_too_many_info_requests),
        cmocka_unit_test(refuses_a_required_efi_entry_tag),
        cmocka_unit_test(ignores_an_optional_efi_entry_tag),
        cmocka_unit_test(policy_refuses_a_required_request_we_cannot_give),
        cmocka_unit_test(policy_accepts_an_optional_request_we_cannot_give),
        cmocka_unit_test(policy_refuses_a_required_request_for_a_type_beyond_64),
        cmocka_unit_test(policy_refuses_required_efi_boot_services),
        cmocka_unit_test(optional_efi_boot_services_is_skipped_but_flagged),
        cmocka_unit_test(decodes_the_address_tag_optional_or_required),
        cmocka_unit_test(end_tag_running_past_header_length_ends_the_list_with_a_note),
        cmocka_unit_test(six_byte_end_tag_ends_the_list),
        cmocka_unit_test(end_tag_of_size_zero_ends_the_list),
        cmocka_unit_test(header_length_16_is_walked_past_with_a_note),
        cmocka_unit_test(a_clean_header_has_no_note),
        cmocka_unit_test(impossible_header_length_walks_the_tags_to_the_end_tag),
        cmocka_unit_test(impossible_header_length_without_end_tag_is_refused),
        cmocka_unit_test(several_info_request_tags_are_merged),
        cmocka_unit_test(timeline_is_not_wanted_unless_requested),
        cmocka_unit_test(policy_accepts_type_0_and_a_type_with_no_instance),
        cmocka_unit_test(can_give_follows_what_the_firmware_has),
        cmocka_unit_test(policy_refuses_a_required_console_without_framebuffer),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
