/* test_image.c - specifies the a.out kludge's flat load (address tag) and the entry address tag check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "loader/core/image.h"

#define NAME "\\flat.bin"
#define BASE 0x200000u

static struct mb2h_info h;
static struct elf_image img;
static struct diag d;

/* A flat file of 0x3000 bytes with its header at offset 0x40, linked at BASE. */
static void flat(uint32_t load_end, uint32_t bss_end, uint32_t entry)
{
    memset(&h, 0, sizeof h);
    h.offset = 0x40;
    h.has_address = true;
    h.header_addr = BASE + 0x40;
    h.load_addr = BASE;
    h.load_end_addr = load_end;
    h.bss_end_addr = bss_end;
    h.has_entry = true;
    h.entry = entry;
}

static void expect_refused(const char *needle)
{
    assert_false(image_from_address_tag(0x3000, &h, NAME, &img, &d));
    if (!strstr(d.msg, needle) || strncmp(d.msg, NAME ": ", strlen(NAME ": ")))
        fail_msg("message \"%s\" does not name the file and contain \"%s\"", d.msg, needle);
}

/*   file  |hdr.........text.........|            (0x3000 bytes)
 *   memory BASE .............. load_end ... bss_end   */
static void loads_the_file_from_load_addr_and_zeroes_the_bss(void **state)
{
    (void)state;
    flat(BASE + 0x2000, BASE + 0x5000, BASE + 0x100);
    assert_true(image_from_address_tag(0x3000, &h, NAME, &img, &d));
    assert_int_equal(img.nsegs, 1);
    assert_int_equal(img.segs[0].paddr, BASE);
    assert_int_equal(img.segs[0].offset, 0);
    assert_int_equal(img.segs[0].filesz, 0x2000);
    assert_int_equal(img.segs[0].memsz, 0x5000);
    assert_int_equal(img.lowest, BASE);
    assert_int_equal(img.highest, BASE + 0x5000);
    assert_int_equal(img.entry, BASE + 0x100);
}

static void load_end_0_means_the_end_of_the_file_and_bss_end_0_no_bss(void **state)
{
    (void)state;
    flat(0, 0, BASE + 0x100);
    assert_true(image_from_address_tag(0x3000, &h, NAME, &img, &d));
    assert_int_equal(img.segs[0].filesz, 0x3000);
    assert_int_equal(img.segs[0].memsz, 0x3000);
}

/* load_addr after the file's start: the load begins at the header minus the gap. */
static void a_load_starting_inside_the_file_skips_the_bytes_before_it(void **state)
{
    (void)state;
    flat(0, 0, BASE + 0x40);
    h.load_addr = BASE + 0x20;
    assert_true(image_from_address_tag(0x3000, &h, NAME, &img, &d));
    assert_int_equal(img.segs[0].offset, 0x20);
    assert_int_equal(img.segs[0].paddr, BASE + 0x20);
    assert_int_equal(img.segs[0].filesz, 0x3000 - 0x20);
}

static void load_addr_minus_one_loads_from_the_start_of_the_file(void **state)
{
    (void)state;
    flat(0, 0, BASE + 0x100);
    h.load_addr = 0xFFFFFFFFu;
    assert_true(image_from_address_tag(0x3000, &h, NAME, &img, &d));
    assert_int_equal(img.segs[0].paddr, BASE);
    assert_int_equal(img.segs[0].offset, 0);
}

static void refuses_an_address_tag_without_entry_tag(void **state)
{
    (void)state;
    flat(0, 0, BASE);
    h.has_entry = false;
    expect_refused("without an entry address tag (type 3)");
}

static void refuses_a_load_starting_before_the_file(void **state)
{
    (void)state;
    flat(0, 0, BASE + 0x100);
    h.load_addr = BASE - 0x1000;
    expect_refused("header_addr - load_addr = 0x1040: more than the header's file offset 0x40");
}

static void refuses_load_addr_above_header_addr(void **state)
{
    (void)state;
    flat(0, 0, BASE + 0x100);
    h.load_addr = BASE + 0x80;
    expect_refused("load_addr = 0x200080 is above header_addr = 0x200040");
}

static void refuses_load_end_past_the_end_of_the_file(void **state)
{
    (void)state;
    flat(BASE + 0x4000, 0, BASE + 0x100);
    expect_refused("load_end_addr = 0x204000: not between load 0x200000 and the end of the file");
}

static void refuses_bss_end_below_load_end(void **state)
{
    (void)state;
    flat(BASE + 0x2000, BASE + 0x1000, BASE + 0x100);
    expect_refused("bss_end_addr = 0x201000 is below the loaded end 0x202000");
}

static void loads_into_page_0_leaving_it_to_the_placement_check(void **state)
{
    (void)state;
    flat(0, 0, 0x100);
    h.header_addr = 0x40;
    h.load_addr = 0;
    assert_true(image_from_address_tag(0x3000, &h, NAME, &img, &d));
    assert_int_equal(img.lowest, 0);
}

static void refuses_a_bss_reaching_4_gib(void **state)
{
    (void)state;
    flat(0, 0, 0xFFFF0100u);
    h.header_addr = 0xFFFF0040u;
    h.load_addr = 0xFFFF0000u;
    h.bss_end_addr = 0;
    h.load_end_addr = 0;
    assert_true(image_from_address_tag(0x3000, &h, NAME, &img, &d));
    h.load_end_addr = 0xFFFF3000u;
    h.bss_end_addr = 0xFFFFFFFFu;
    assert_true(image_from_address_tag(0x3000, &h, NAME, &img, &d));
    h.load_addr = 0xFFFF0000u;
    h.bss_end_addr = 0;
    h.header_addr = 0xFFFFF040u;
    h.load_addr = 0xFFFFF000u;
    h.load_end_addr = 0;
    h.entry = 0xFFFFF100u;
    expect_refused("load 0xfffff000 + 0x3000 bytes: empty or reaches 4 GiB");
}

/* The CPU would run zeros: refused like an ELF e_entry there. */
static void refuses_an_entry_in_the_bss(void **state)
{
    (void)state;
    flat(BASE + 0x2000, BASE + 0x5000, BASE + 0x3000);
    expect_refused("entry address tag = 0x203000: in the zero-filled part of the segment at "
                   "0x200000 (bytes from the file end at 0x202000)");
}

static void entry_tag_into_an_elf_segments_zero_fill_is_refused(void **state)
{
    (void)state;
    struct elf_image e = { .nsegs = 2 };
    e.segs[0] = (struct elf_segment){ 0x100000, 0x1000, 0x1000, 0x1000 };
    e.segs[1] = (struct elf_segment){ 0x101000, 0x3000, 0x800, 0x2000 };
    assert_true(image_entry_check(&e, 0x100010, NAME, &d));
    assert_true(image_entry_check(&e, 0x1017ff, NAME, &d));
    assert_false(image_entry_check(&e, 0x101800, NAME, &d));
    assert_non_null(strstr(d.msg, "entry address tag = 0x101800: in the zero-filled part"));
    assert_false(image_entry_check(&e, 0x104000, NAME, &d));
    assert_non_null(strstr(d.msg, "entry address tag = 0x104000: not in a loaded segment"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loads_the_file_from_load_addr_and_zeroes_the_bss),
        cmocka_unit_test(load_end_0_means_the_end_of_the_file_and_bss_end_0_no_bss),
        cmocka_unit_test(a_load_starting_inside_the_file_skips_the_bytes_before_it),
        cmocka_unit_test(load_addr_minus_one_loads_from_the_start_of_the_file),
        cmocka_unit_test(refuses_an_address_tag_without_entry_tag),
        cmocka_unit_test(refuses_a_load_starting_before_the_file),
        cmocka_unit_test(refuses_load_addr_above_header_addr),
        cmocka_unit_test(refuses_load_end_past_the_end_of_the_file),
        cmocka_unit_test(refuses_bss_end_below_load_end),
        cmocka_unit_test(loads_into_page_0_leaving_it_to_the_placement_check),
        cmocka_unit_test(refuses_a_bss_reaching_4_gib),
        cmocka_unit_test(refuses_an_entry_in_the_bss),
        cmocka_unit_test(entry_tag_into_an_elf_segments_zero_fill_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
