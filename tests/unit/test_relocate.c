/* test_relocate.c - specifies reloc_choose: where a relocatable kernel goes when its linked range is taken. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "loader/core/relocate.h"
#include "shared/bootinfo.h"
#include "tests/unit/efi_map_builder.h"

#define NAME "\\kernel.elf"
#define KIB 0x400ull
#define MIB 0x100000ull

static struct diag d;
static uint64_t base;

static int reset(void **state)
{
    (void)state;
    map_size = 0;
    base = 0xdeadbeef;
    memset(&d, 0, sizeof d);
    return 0;
}

/* An image linked at 1 MiB of `size` bytes; the tag's fields as given. */
static bool choose(uint64_t size, uint32_t min, uint32_t max, uint32_t align, uint32_t pref)
{
    struct reloc_request r = { .link_lo = MIB, .size = size, .min_addr = min, .max_addr = max,
                               .align = align, .preference = pref };
    return reloc_choose(map, map_size, DESC_SIZE, &r, NAME, &base, &d);
}

static void expect_message(const char *needle)
{
    if (!strstr(d.msg, needle) || strncmp(d.msg, NAME ": ", strlen(NAME ": ")) != 0)
        fail_msg("message \"%s\" does not name the file and contain \"%s\"", d.msg, needle);
}

/*  free  [2 MiB ........................ 16 MiB)
 *  range      [4 MiB ........................... 64 MiB]
 *  image      [4 MiB .. +1 MiB)                        lowest: at min_addr */
static void lowest_takes_min_addr_inside_a_free_range(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, 2 * MIB, 14 * MIB);
    assert_true(choose(MIB, 4 * MIB, 64 * MIB, 0, RELOC_PREF_LOWEST));
    assert_int_equal(base, 4 * MIB);
    assert_string_equal(d.msg, "");
}

/*  free  [2 MiB ........................ 16 MiB)
 *  range [0 ....................................... 64 MiB]
 *  image                       [15 MiB .. 16 MiB)      highest: ends at the free end */
static void highest_ends_at_the_top_of_the_highest_free_range(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, 2 * MIB, 14 * MIB);
    assert_true(choose(MIB, 0, 64 * MIB, 0, RELOC_PREF_HIGHEST));
    assert_int_equal(base, 15 * MIB);
}

/*  free  [2 MiB ........................ 16 MiB)
 *  range [0 ................ 10 MiB]
 *  image          [9 MiB .. 10 MiB)                    highest: ends at max_addr */
static void highest_ends_at_max_addr_when_free_memory_goes_beyond_it(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, 2 * MIB, 14 * MIB);
    assert_true(choose(MIB, 0, 10 * MIB, 0, RELOC_PREF_HIGHEST));
    assert_int_equal(base, 9 * MIB);
}

/*  free  [1 MiB .. 3 MiB)   [8 MiB .. 12 MiB)
 *  image  [1 MiB .. +1 MiB)                            none behaves as lowest */
static void preference_none_takes_the_lowest_fit(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, 8 * MIB, 4 * MIB);
    add(EFI_MT_CONVENTIONAL, MIB, 2 * MIB);
    assert_true(choose(MIB, 0, 0xffffffffu, 0, RELOC_PREF_NONE));
    assert_int_equal(base, MIB);
}

/*  free  [1 MiB + 4 KiB ....................... 9 MiB)
 *  align 2 MiB:       ^2 MiB                            base rounded up to 2 MiB */
static void alignment_above_a_page_rounds_the_base_up(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, MIB + 4 * KIB, 8 * MIB - 4 * KIB);
    assert_true(choose(MIB, 0, 0xffffffffu, 2 * MIB, RELOC_PREF_LOWEST));
    assert_int_equal(base, 2 * MIB);
}

/*  free  [1 MiB ........................ 9 MiB)
 *  image 1 MiB + 4 KiB, align 2 MiB, highest: it must end by 9 MiB, so its base is
 *  at most 8 MiB - 4 KiB, which rounds down to 6 MiB */
static void alignment_rounds_the_highest_base_down(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, MIB, 8 * MIB);
    assert_true(choose(MIB + 4 * KIB, 0, 0xffffffffu, 2 * MIB, RELOC_PREF_HIGHEST));
    assert_int_equal(base, 6 * MIB);
}

/*  free  [1 MiB .. 1.5 MiB)   [4 MiB ........ 8 MiB)
 *  image 1 MiB: too big for the first range, goes to 4 MiB */
static void skips_a_free_range_too_small_for_the_image(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, MIB, MIB / 2);
    add(EFI_MT_CONVENTIONAL, 4 * MIB, 4 * MIB);
    assert_true(choose(MIB, 0, 0xffffffffu, 0, RELOC_PREF_LOWEST));
    assert_int_equal(base, 4 * MIB);
}

/*  map (unsorted): free [3 MiB .. 4 MiB)  free [2 MiB .. 3 MiB)
 *  image 2 MiB      [2 MiB ............. 4 MiB)         spans both touching ranges */
static void spans_two_touching_free_descriptors_of_an_unsorted_map(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, 3 * MIB, MIB);
    add(EFI_MT_CONVENTIONAL, 2 * MIB, MIB);
    assert_true(choose(2 * MIB, 0, 0xffffffffu, 0, RELOC_PREF_LOWEST));
    assert_int_equal(base, 2 * MIB);
    assert_true(choose(2 * MIB, 0, 0xffffffffu, 0, RELOC_PREF_HIGHEST));
    assert_int_equal(base, 2 * MIB);
}

/*  free [2 MiB .. 3 MiB) boot services data [3 MiB .. 4 MiB) free [4 MiB .. 5 MiB)
 *  image 2 MiB: boot services memory is still in use before ExitBootServices,
 *  so no range is big enough */
static void boot_services_memory_is_not_free_yet(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, 2 * MIB, MIB);
    add(EFI_MT_BOOT_SERVICES_DATA, 3 * MIB, MIB);
    add(EFI_MT_CONVENTIONAL, 4 * MIB, MIB);
    assert_false(choose(2 * MIB, 0, 0xffffffffu, 0, RELOC_PREF_LOWEST));
    expect_message("Multiboot2 relocatable tag: linked at 0x100000, which is taken, and no free "
                   "0x200000 bytes aligned to 0x1000 between min_addr 0x0 and max_addr "
                   "0xffffffff");
}

/*  free  [1 MiB ............... 8 MiB)
 *  range          [6 MiB .. 7.5 MiB]    image 2 MiB cannot end below max_addr */
static void refuses_when_the_image_would_end_above_max_addr(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, MIB, 7 * MIB);
    assert_false(choose(2 * MIB, 6 * MIB, 7 * MIB + MIB / 2, 0, RELOC_PREF_LOWEST));
    expect_message("no free 0x200000 bytes");
    assert_false(choose(2 * MIB, 6 * MIB, 7 * MIB + MIB / 2, 0, RELOC_PREF_HIGHEST));
}

/*  free  [0 .. 1 MiB)   min_addr 0: page 0 stays empty, base 4 KiB */
static void never_places_the_image_in_page_0(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, 0, MIB);
    assert_true(choose(64 * KIB, 0, 0xffffffffu, 0, RELOC_PREF_LOWEST));
    assert_int_equal(base, 4 * KIB);
}

/*  free [1 MiB .. 1 MiB + 12 KiB): an image of 8 KiB + 1 byte needs 3 pages; with
 *  only 2 pages free it does not fit */
static void a_partial_last_page_needs_a_whole_free_page(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, MIB, 12 * KIB);
    assert_true(choose(8 * KIB + 1, 0, 0xffffffffu, 0, RELOC_PREF_LOWEST));
    assert_int_equal(base, MIB);
    reset(NULL);
    add(EFI_MT_CONVENTIONAL, MIB, 8 * KIB);
    assert_false(choose(8 * KIB + 1, 0, 0xffffffffu, 0, RELOC_PREF_LOWEST));
}

/*  align 16 (below a page): the base is still page aligned */
static void alignment_below_a_page_still_gives_a_page_aligned_base(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, 3 * MIB, MIB);
    assert_true(choose(4 * KIB, 3 * MIB + 8, 0xffffffffu, 16, RELOC_PREF_LOWEST));
    assert_int_equal(base, 3 * MIB + 4 * KIB);
}

static void refuses_an_alignment_that_is_not_a_power_of_two(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, MIB, 8 * MIB);
    assert_false(choose(MIB, 0, 0xffffffffu, 0x3000, RELOC_PREF_LOWEST));
    expect_message("Multiboot2 relocatable tag: align = 0x3000: not a power of two");
}

static void refuses_min_addr_above_max_addr(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, MIB, 8 * MIB);
    assert_false(choose(MIB, 0x800000, 0x400000, 0, RELOC_PREF_LOWEST));
    expect_message("Multiboot2 relocatable tag: min_addr = 0x800000 is above max_addr = 0x400000");
}

/*  free [16 GiB - 4 KiB .. 2^64 saturated) and [2 MiB .. 3 MiB): the huge descriptor
 *  must neither wrap nor be chosen above 4 GiB */
static void a_descriptor_reaching_past_2_64_does_not_wrap(void **state)
{
    (void)state;
    struct efi_mem_desc m = { .type = EFI_MT_CONVENTIONAL, .phys_start = 0x3fffff000ull,
                              .num_pages = UINT64_MAX / 2 };
    memcpy(map, &m, sizeof m);
    map_size = DESC_SIZE;
    add(EFI_MT_CONVENTIONAL, 2 * MIB, MIB);
    assert_true(choose(MIB, 0, 0xffffffffu, 0, RELOC_PREF_HIGHEST));
    assert_int_equal(base, 2 * MIB);
}

static void refuses_a_map_that_is_not_whole_descriptors(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, MIB, 8 * MIB);
    struct reloc_request r = { .link_lo = MIB, .size = MIB, .max_addr = 0xffffffffu };
    assert_false(reloc_choose(map, map_size - 1, DESC_SIZE, &r, NAME, &base, &d));
    expect_message("EFI memory map: desc_size = 48, map_size = 47");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(lowest_takes_min_addr_inside_a_free_range, reset),
        cmocka_unit_test_setup(highest_ends_at_the_top_of_the_highest_free_range, reset),
        cmocka_unit_test_setup(highest_ends_at_max_addr_when_free_memory_goes_beyond_it, reset),
        cmocka_unit_test_setup(preference_none_takes_the_lowest_fit, reset),
        cmocka_unit_test_setup(alignment_above_a_page_rounds_the_base_up, reset),
        cmocka_unit_test_setup(alignment_rounds_the_highest_base_down, reset),
        cmocka_unit_test_setup(skips_a_free_range_too_small_for_the_image, reset),
        cmocka_unit_test_setup(spans_two_touching_free_descriptors_of_an_unsorted_map, reset),
        cmocka_unit_test_setup(boot_services_memory_is_not_free_yet, reset),
        cmocka_unit_test_setup(refuses_when_the_image_would_end_above_max_addr, reset),
        cmocka_unit_test_setup(never_places_the_image_in_page_0, reset),
        cmocka_unit_test_setup(a_partial_last_page_needs_a_whole_free_page, reset),
        cmocka_unit_test_setup(alignment_below_a_page_still_gives_a_page_aligned_base, reset),
        cmocka_unit_test_setup(refuses_an_alignment_that_is_not_a_power_of_two, reset),
        cmocka_unit_test_setup(refuses_min_addr_above_max_addr, reset),
        cmocka_unit_test_setup(a_descriptor_reaching_past_2_64_does_not_wrap, reset),
        cmocka_unit_test_setup(refuses_a_map_that_is_not_whole_descriptors, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
