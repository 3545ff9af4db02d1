/* test_placement.c - specifies placement_check: kernel targets only in memory free after ExitBootServices. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "loader/core/placement.h"
#include "shared/bootinfo.h"
#include "tests/unit/efi_map_builder.h"

#define NAME "\\kernel.elf"
#define MIB 0x100000ull

static struct diag d;

static int reset(void **state)
{
    (void)state;
    map_size = 0;
    memset(&d, 0, sizeof d);
    return 0;
}

static bool check(uint64_t base, uint64_t len, const struct range64 *live, uint32_t nlive)
{
    struct range64 t = { base, len };
    return placement_check(map, map_size, DESC_SIZE, &t, 1, live, nlive, NAME, &d);
}

static void expect_message(const char *needle)
{
    if (!strstr(d.msg, needle) || strncmp(d.msg, NAME ": ", strlen(NAME ": ")) != 0)
        fail_msg("message \"%s\" does not name the file and contain \"%s\"", d.msg, needle);
}

/*  conventional [1 MiB ................. 8 MiB)
 *  target          [1 MiB .. 2 MiB)                 ok */
static void accepts_a_target_inside_conventional_memory(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, MIB, 7 * MIB);
    assert_true(check(MIB, MIB, NULL, 0));
    assert_string_equal(d.msg, "");
}

/*  map (unsorted): loader data [2 MiB..3 MiB), runtime data [8 MiB..9 MiB),
 *                  conventional [1 MiB..2 MiB), boot services data [3 MiB..4 MiB)
 *  target [1.5 MiB ...................... 3.5 MiB)    spans three, ok */
static void accepts_a_target_spanning_adjacent_descriptors_of_an_unsorted_map(void **state)
{
    (void)state;
    add(EFI_MT_LOADER_DATA, 2 * MIB, MIB);
    add(EFI_MT_RUNTIME_SERVICES_DATA, 8 * MIB, MIB);
    add(EFI_MT_CONVENTIONAL, MIB, MIB);
    add(EFI_MT_BOOT_SERVICES_DATA, 3 * MIB, MIB);
    assert_true(check(MIB + MIB / 2, 2 * MIB, NULL, 0));
}

/*  conventional [1 MiB .. 2 MiB) persistent [2 MiB .. 3 MiB)
 *  target            [1.5 MiB ....... 2.5 MiB)          refused at 2 MiB:
 *  non-volatile memory keeps its contents across resets; never overwrite it */
static void refuses_a_target_over_persistent_memory(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, MIB, MIB);
    add(EFI_MT_PERSISTENT, 2 * MIB, MIB);
    assert_false(check(MIB + MIB / 2, MIB, NULL, 0));
    expect_message("overlaps EFI Persistent 0x200000-0x300000");
}

/*  conventional [1 MiB .. 2 MiB) runtime data [2 MiB .. 3 MiB)
 *  target            [1.5 MiB ....... 2.5 MiB)          refused at 2 MiB */
static void refuses_a_target_over_runtime_services_data(void **state)
{
    (void)state;
    add(EFI_MT_RUNTIME_SERVICES_DATA, 2 * MIB, MIB);
    add(EFI_MT_CONVENTIONAL, MIB, MIB);
    assert_false(check(MIB + MIB / 2, MIB, NULL, 0));
    expect_message("target 0x180000-0x280000 overlaps EFI RuntimeServicesData 0x200000-0x300000 "
                   "(type 6), kept after ExitBootServices: link above 0x300000 or add a "
                   "relocatable tag");
}

/*  conv [1M..2M) NVS [2M..2.25M) NVS [2.25M..2.5M) conv [2.5M..3M) RT data [3M..3.5M) conv
 *  target    [1.5M ............................................ 3.25M)
 *  the whole first range is named (both NVS descriptors), the others counted, and the
 *  advice says where the kernel would fit: above the last range, 3.5 MiB */
static void names_whole_firmware_ranges_and_what_helps(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, MIB, MIB);
    add(EFI_MT_ACPI_NVS, 2 * MIB + MIB / 4, MIB / 4);
    add(EFI_MT_ACPI_NVS, 2 * MIB, MIB / 4);
    add(EFI_MT_CONVENTIONAL, 2 * MIB + MIB / 2, MIB / 2);
    add(EFI_MT_RUNTIME_SERVICES_DATA, 3 * MIB, MIB / 2);
    add(EFI_MT_CONVENTIONAL, 3 * MIB + MIB / 2, MIB);
    assert_false(check(MIB + MIB / 2, MIB + 3 * MIB / 4, NULL, 0));
    assert_string_equal(d.msg, NAME ": target 0x180000-0x340000 overlaps EFI ACPINVS "
                               "0x200000-0x280000 (type 10) + other ranges, kept after "
                               "ExitBootServices: link above 0x380000 or add a relocatable tag");
}

/*  conventional [1 MiB .. 2 MiB)   (hole)   conventional [3 MiB .. 4 MiB)
 *  target            [1.5 MiB ............................ 3.5 MiB)   refused at 2 MiB */
static void refuses_a_target_over_a_hole(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, 3 * MIB, MIB);
    add(EFI_MT_CONVENTIONAL, MIB, MIB);
    assert_false(check(MIB + MIB / 2, 2 * MIB, NULL, 0));
    expect_message("target 0x180000-0x380000: 0x200000 is not RAM (hole in the EFI memory map)");
}

/*  conventional [0 .. 640 KiB)          boot-services data [0 .. 4 KiB)
 *  target [0 .. 0x100)  a GDT linked at 0: free RAM, so accepted (issue 14)
 *  hole from 0 (no descriptor): refused as not RAM */
static void page_0_is_judged_like_any_other_target(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, 0x1000, 0x9f000);
    add(EFI_MT_BOOT_SERVICES_DATA, 0, 0x1000);
    assert_true(check(0, 0x100, NULL, 0));
    reset(NULL);
    add(EFI_MT_CONVENTIONAL, 0x1000, 0x9f000);
    assert_false(check(0, 0x100, NULL, 0));
    expect_message("target 0x0-0x100: 0x0 is not RAM (hole in the EFI memory map)");
}

/*  conventional [1 MiB .. 2 MiB)  (hole)  ACPI NVS [3 MiB .. 4 MiB)
 *  target            [1.5 MiB ........................ 3.5 MiB)   the hole comes first */
static void names_whichever_obstacle_comes_first(void **state)
{
    (void)state;
    add(EFI_MT_ACPI_NVS, 3 * MIB, MIB);
    add(EFI_MT_CONVENTIONAL, MIB, MIB);
    assert_false(check(MIB + MIB / 2, 2 * MIB, NULL, 0));
    expect_message("0x200000 is not RAM");
}

/*  conventional [1 MiB ............................ 4 MiB)
 *  MMIO inside it            [2 MiB .. 3 MiB)       (overlapping descriptors)
 *  target       [1 MiB ............................ 4 MiB)   refused at 2 MiB */
static void refuses_reserved_memory_even_inside_a_conventional_descriptor(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, MIB, 3 * MIB);
    add(EFI_MT_MMIO, 2 * MIB, MIB);
    assert_false(check(MIB, 3 * MIB, NULL, 0));
    expect_message("overlaps EFI MMIO 0x200000-0x300000 (type 11)");
}

/*  conventional [1 MiB ............................ 8 MiB)
 *  live (staged kernel copy)       [4 MiB .. 5 MiB)
 *  target                [3 MiB ........ 4.5 MiB)          refused */
static void refuses_a_target_overlapping_a_live_range(void **state)
{
    (void)state;
    const struct range64 live[] = { { 6 * MIB, MIB }, { 4 * MIB, MIB } };
    add(EFI_MT_CONVENTIONAL, MIB, 7 * MIB);
    assert_false(check(3 * MIB, MIB + MIB / 2, live, 2));
    expect_message("target 0x300000-0x480000 overlaps live range 1 (0x400000-0x500000)");
}

/*  live [3 MiB .. 4 MiB)
 *  target         [4 MiB .. 5 MiB)      touching is not overlapping: ok */
static void accepts_a_target_touching_a_live_range(void **state)
{
    (void)state;
    const struct range64 live[] = { { 3 * MIB, MIB } };
    add(EFI_MT_CONVENTIONAL, MIB, 7 * MIB);
    assert_true(check(4 * MIB, MIB, live, 1));
}

static void ignores_empty_targets(void **state)
{
    (void)state;
    assert_true(check(0, 0, NULL, 0));
}

static void refuses_a_descriptor_size_smaller_than_a_descriptor(void **state)
{
    (void)state;
    struct range64 t = { MIB, MIB };
    add(EFI_MT_CONVENTIONAL, MIB, 7 * MIB);
    assert_false(placement_check(map, map_size, 24, &t, 1, NULL, 0, NAME, &d));
    expect_message("desc_size = 24");
}

static void refuses_a_target_wrapping_64_bits(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, MIB, 7 * MIB);
    assert_false(check(UINT64_MAX - 0xFFF, 0x2000, NULL, 0));
    expect_message("wraps 64 bits");
}

static void survives_a_descriptor_whose_size_wraps(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, 0xFFFFFFFFFFFF0000ull, 0);
    memcpy(map + offsetof(struct efi_mem_desc, num_pages), &(uint64_t){ UINT64_MAX }, 8);
    assert_true(check(0xFFFFFFFFFFFF0000ull, 0x1000, NULL, 0));
    assert_false(check(MIB, 0x1000, NULL, 0));
    expect_message("not RAM");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(accepts_a_target_inside_conventional_memory, reset),
        cmocka_unit_test_setup(accepts_a_target_spanning_adjacent_descriptors_of_an_unsorted_map,
                               reset),
        cmocka_unit_test_setup(refuses_a_target_over_runtime_services_data, reset),
        cmocka_unit_test_setup(refuses_a_target_over_persistent_memory, reset),
        cmocka_unit_test_setup(refuses_a_target_over_a_hole, reset),
        cmocka_unit_test_setup(page_0_is_judged_like_any_other_target, reset),
        cmocka_unit_test_setup(names_whole_firmware_ranges_and_what_helps, reset),
        cmocka_unit_test_setup(names_whichever_obstacle_comes_first, reset),
        cmocka_unit_test_setup(refuses_reserved_memory_even_inside_a_conventional_descriptor,
                               reset),
        cmocka_unit_test_setup(refuses_a_target_overlapping_a_live_range, reset),
        cmocka_unit_test_setup(accepts_a_target_touching_a_live_range, reset),
        cmocka_unit_test_setup(ignores_empty_targets, reset),
        cmocka_unit_test_setup(refuses_a_descriptor_size_smaller_than_a_descriptor, reset),
        cmocka_unit_test_setup(refuses_a_target_wrapping_64_bits, reset),
        cmocka_unit_test_setup(survives_a_descriptor_whose_size_wraps, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
