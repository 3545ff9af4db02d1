/* test_mmap.c - the EFI-to-Multiboot2 memory map sanitizer, one geometry per test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "loader/core/mmap.h"

#define KiB 1024ull
#define MiB (1024 * KiB)
#define GiB (1024 * MiB)
#define PAGE 4096ull
#define DESC_STD 48u /* what OVMF and most firmware report */
#define MAX_DESC 1100u
#define OUT_CAP 2100u

/* An EFI memory map under construction, descriptors `desc_size` apart. */
struct efimap {
    uint8_t buf[MAX_DESC * 64];
    uint32_t size;
    uint32_t desc_size;
};

static struct efimap map;
static struct mb2_mmap_entry out[OUT_CAP];
static uint32_t n;
static struct diag d;

static void map_reset(uint32_t desc_size)
{
    memset(&map, 0, sizeof map);
    map.desc_size = desc_size;
}

/* Appends a descriptor; the padding after the 40 defined bytes is filled with junk
 * so that a reader stepping by sizeof instead of desc_size would notice. */
static void add(uint32_t type, uint64_t base, uint64_t bytes)
{
    struct efi_mem_desc m = { .type = type,
                              .phys_start = base,
                              .virt_start = 0,
                              .num_pages = bytes / PAGE,
                              .attribute = EFI_MEMORY_WB };
    memset(map.buf + map.size, 0xA5, map.desc_size);
    memcpy(map.buf + map.size, &m, sizeof m);
    map.size += map.desc_size;
}

static void add_pages(uint32_t type, uint64_t base, uint64_t pages)
{
    add(type, base, 0);
    struct efi_mem_desc *m = (struct efi_mem_desc *)(map.buf + map.size - map.desc_size);
    m->num_pages = pages;
}

static struct mmap_edge scratch[MMAP_SCRATCH_EDGES(MMAP_MAX_DESC)];

static bool run(void)
{
    memset(out, 0xEE, sizeof out);
    memset(&d, 0, sizeof d);
    return mmap_from_efi(map.buf, map.size, map.desc_size, out, OUT_CAP, &n, scratch,
                         MMAP_SCRATCH_EDGES(MMAP_MAX_DESC), &d);
}

static void expect(const struct mb2_mmap_entry *want, uint32_t count)
{
    assert_true(run());
    assert_string_equal(d.msg, "");
    assert_int_equal(n, count);
    for (uint32_t i = 0; i < count; i++) {
        assert_int_equal(out[i].base_addr, want[i].base_addr);
        assert_int_equal(out[i].length, want[i].length);
        assert_int_equal(out[i].type, want[i].type);
        assert_int_equal(out[i].zero, 0);
    }
}

static void expect_error(const char *msg)
{
    assert_false(run());
    assert_string_equal(d.msg, msg);
}

#define AVAIL MB2_MMAP_AVAILABLE
#define RESV MB2_MMAP_RESERVED
#define ACPI MB2_MMAP_ACPI_RECLAIMABLE
#define NVS MB2_MMAP_NVS
#define BAD MB2_MMAP_BADRAM

/*
 * in:   [2M conv 3M)   [0 conv 1M)   [1M bsdata 2M)      (firmware order)
 * out:  [0 ============ available ============ 3M)
 */
static void unsorted_touching_available_come_out_sorted_and_merged(void **state)
{
    (void)state;
    map_reset(DESC_STD);
    add(EFI_MT_CONVENTIONAL, 2 * MiB, 1 * MiB);
    add(EFI_MT_CONVENTIONAL, 0, 1 * MiB);
    add(EFI_MT_BOOT_SERVICES_DATA, 1 * MiB, 1 * MiB);
    const struct mb2_mmap_entry want[] = { { 0, 3 * MiB, AVAIL, 0 } };
    expect(want, 1);
}

/*
 * in:   [5M acpi 6M)  [0 conv 1M)  [3M resv 4M)   (unsorted, gaps between)
 * out:  [0 avail 1M) .. [3M resv 4M) .. [5M acpi 6M)
 */
static void unsorted_disjoint_regions_come_out_sorted_with_holes_kept(void **state)
{
    (void)state;
    map_reset(DESC_STD);
    add(EFI_MT_ACPI_RECLAIM, 5 * MiB, 1 * MiB);
    add(EFI_MT_CONVENTIONAL, 0, 1 * MiB);
    add(EFI_MT_RESERVED, 3 * MiB, 1 * MiB);
    const struct mb2_mmap_entry want[] = {
        { 0, 1 * MiB, AVAIL, 0 }, { 3 * MiB, 1 * MiB, RESV, 0 }, { 5 * MiB, 1 * MiB, ACPI, 0 }
    };
    expect(want, 3);
}

/*
 * in:   [0 ========== conv ========== 4M)
 *             [1M == resv == 2M)
 * out:  [0 avail 1M)[1M resv 2M)[2M avail 4M)
 */
static void reserved_inside_available_splits_it_and_wins(void **state)
{
    (void)state;
    map_reset(DESC_STD);
    add(EFI_MT_CONVENTIONAL, 0, 4 * MiB);
    add(EFI_MT_RESERVED, 1 * MiB, 1 * MiB);
    const struct mb2_mmap_entry want[] = {
        { 0, 1 * MiB, AVAIL, 0 }, { 1 * MiB, 1 * MiB, RESV, 0 }, { 2 * MiB, 2 * MiB, AVAIL, 0 }
    };
    expect(want, 3);
}

/*
 * in:   [0 ==== conv ==== 3M)
 *                 [2M ==== mmio ==== 5M)
 * out:  [0 avail 2M)[2M ==== resv ==== 5M)
 */
static void available_overlapping_reserved_head_loses_the_overlap(void **state)
{
    (void)state;
    map_reset(DESC_STD);
    add(EFI_MT_MMIO, 2 * MiB, 3 * MiB);
    add(EFI_MT_CONVENTIONAL, 0, 3 * MiB);
    const struct mb2_mmap_entry want[] = { { 0, 2 * MiB, AVAIL, 0 },
                                           { 2 * MiB, 3 * MiB, RESV, 0 } };
    expect(want, 2);
}

/*
 * in:   [0 avail 1M)  each pair on the same range [0, 1M):
 *       avail+acpi -> acpi, acpi+bad -> bad, bad+nvs -> nvs, nvs+resv -> resv
 * out:  the more reserved of the two, per the precedence in mmap.c
 */
static void same_range_twice_takes_the_more_reserved_type(void **state)
{
    (void)state;
    static const struct {
        uint32_t lo, hi, want;
    } pairs[] = {
        { EFI_MT_CONVENTIONAL, EFI_MT_ACPI_RECLAIM, ACPI },
        { EFI_MT_ACPI_RECLAIM, EFI_MT_UNUSABLE, BAD },
        { EFI_MT_UNUSABLE, EFI_MT_ACPI_NVS, NVS },
        { EFI_MT_ACPI_NVS, EFI_MT_RUNTIME_SERVICES_DATA, RESV },
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        for (int order = 0; order < 2; order++) {
            map_reset(DESC_STD);
            add(order ? pairs[i].hi : pairs[i].lo, 0, 1 * MiB);
            add(order ? pairs[i].lo : pairs[i].hi, 0, 1 * MiB);
            const struct mb2_mmap_entry want[] = { { 0, 1 * MiB, pairs[i].want, 0 } };
            expect(want, 1);
        }
    }
}

/*
 * in:   [0 ================= conv ================= 5M)
 *          [1M acpi 4M)
 *             [2M nvs 3M)
 *                [2.5M bad 4.5M)
 * out:  [0 av 1M)[1M acpi 2M)[2M nvs 3M)[3M bad 4.5M)[4.5M av 5M)
 */
static void nested_overlaps_resolve_per_elementary_interval(void **state)
{
    (void)state;
    map_reset(DESC_STD);
    add(EFI_MT_CONVENTIONAL, 0, 5 * MiB);
    add(EFI_MT_ACPI_RECLAIM, 1 * MiB, 3 * MiB);
    add(EFI_MT_ACPI_NVS, 2 * MiB, 1 * MiB);
    add(EFI_MT_UNUSABLE, 2 * MiB + 512 * KiB, 2 * MiB);
    const struct mb2_mmap_entry want[] = {
        { 0, 1 * MiB, AVAIL, 0 },
        { 1 * MiB, 1 * MiB, ACPI, 0 },
        { 2 * MiB, 1 * MiB, NVS, 0 },
        { 3 * MiB, 1536 * KiB, BAD, 0 },
        { 4 * MiB + 512 * KiB, 512 * KiB, AVAIL, 0 },
    };
    expect(want, 5);
}

/*
 * in:   [0 resv 1M)[1M resv 2M)[2M nvs 3M)[3M nvs 4M)
 * out:  [0 ==== resv ==== 2M)[2M ==== nvs ==== 4M)
 */
static void touching_same_type_merge_but_different_types_stay_apart(void **state)
{
    (void)state;
    map_reset(DESC_STD);
    add(EFI_MT_RESERVED, 0, 1 * MiB);
    add(EFI_MT_RUNTIME_SERVICES_CODE, 1 * MiB, 1 * MiB);
    add(EFI_MT_ACPI_NVS, 2 * MiB, 1 * MiB);
    add(EFI_MT_ACPI_NVS, 3 * MiB, 1 * MiB);
    const struct mb2_mmap_entry want[] = { { 0, 2 * MiB, RESV, 0 },
                                           { 2 * MiB, 2 * MiB, NVS, 0 } };
    expect(want, 2);
}

/*
 * in:   [0 conv 1M)  [1M conv 1M) (0 pages)  [2M conv 3M)
 * out:  [0 avail 1M)                         [2M avail 3M)   (no bridge, no empty entry)
 */
static void zero_length_descriptor_is_dropped(void **state)
{
    (void)state;
    map_reset(DESC_STD);
    add(EFI_MT_CONVENTIONAL, 0, 1 * MiB);
    add(EFI_MT_RESERVED, 1 * MiB, 0);
    add(EFI_MT_CONVENTIONAL, 2 * MiB, 1 * MiB);
    const struct mb2_mmap_entry want[] = { { 0, 1 * MiB, AVAIL, 0 },
                                           { 2 * MiB, 1 * MiB, AVAIL, 0 } };
    expect(want, 2);
}

/*
 * in:   [4G ====== conv ====== 8G)  [1T mmio 1T+16M)  [2^64-8K resv 2^64-4K)
 * out:  the same, 64-bit bases and lengths untruncated
 */
static void entries_above_4gib_are_kept_with_64bit_addresses(void **state)
{
    (void)state;
    map_reset(DESC_STD);
    add(EFI_MT_CONVENTIONAL, 4 * GiB, 4 * GiB);
    add(EFI_MT_MMIO, 1024 * GiB, 16 * MiB);
    add(EFI_MT_RESERVED, 0 - 2 * PAGE, PAGE);
    const struct mb2_mmap_entry want[] = { { 4 * GiB, 4 * GiB, AVAIL, 0 },
                                           { 1024 * GiB, 16 * MiB, RESV, 0 },
                                           { 0 - 2 * PAGE, PAGE, RESV, 0 } };
    expect(want, 3);
}

/*
 * in:   [2^64-4K resv 2^64) (the very last page: its end is not representable)
 * out:  refused, naming descriptor and values
 */
static void descriptor_ending_at_2pow64_is_refused(void **state)
{
    (void)state;
    map_reset(DESC_STD);
    add(EFI_MT_CONVENTIONAL, 0, 1 * MiB);
    add(EFI_MT_RESERVED, 0 - PAGE, PAGE);
    expect_error("EFI memory map: descriptor 1: phys_start 0xfffffffffffff000 + num_pages 0x1 "
                 "runs past 2^64");
}

/* num_pages of 2^52 would be 2^64 bytes: not expressible. */
static void num_pages_beyond_64bit_bytes_is_refused(void **state)
{
    (void)state;
    map_reset(DESC_STD);
    add_pages(EFI_MT_CONVENTIONAL, 0, 1ull << 52);
    expect_error("EFI memory map: descriptor 0: num_pages 0x10000000000000 is too large");
    map_reset(DESC_STD);
    add_pages(EFI_MT_CONVENTIONAL, 0, (1ull << 52) - 1);
    const struct mb2_mmap_entry want[] = { { 0, 0 - PAGE, AVAIL, 0 } };
    expect(want, 1);
}

/*
 * desc 48: [conv 40 bytes|8 junk][resv 40|8 junk]   -> [0 avail 1M)[1M resv 2M)
 * desc 40: [conv 40][resv 40]                       -> the same
 */
static void descriptor_size_48_and_40_are_both_stepped_by_desc_size(void **state)
{
    (void)state;
    const uint32_t sizes[] = { 48, 40, 64 };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        map_reset(sizes[i]);
        add(EFI_MT_CONVENTIONAL, 0, 1 * MiB);
        add(EFI_MT_RESERVED, 1 * MiB, 1 * MiB);
        const struct mb2_mmap_entry want[] = { { 0, 1 * MiB, AVAIL, 0 },
                                               { 1 * MiB, 1 * MiB, RESV, 0 } };
        expect(want, 2);
    }
}

static void descriptor_size_below_40_or_unaligned_is_refused(void **state)
{
    (void)state;
    map_reset(32);
    map.size = 64;
    expect_error("EFI memory map: desc_size 32 (must be >= 40 and a multiple of 8)");
    map_reset(44);
    map.size = 88;
    expect_error("EFI memory map: desc_size 44 (must be >= 40 and a multiple of 8)");
    map_reset(0);
    expect_error("EFI memory map: desc_size 0 (must be >= 40 and a multiple of 8)");
}

static void map_size_not_a_multiple_of_desc_size_is_refused(void **state)
{
    (void)state;
    map_reset(DESC_STD);
    add(EFI_MT_CONVENTIONAL, 0, 1 * MiB);
    map.size += 8;
    expect_error("EFI memory map: map_size 56 is not a multiple of desc_size 48");
}

static void empty_map_is_refused(void **state)
{
    (void)state;
    map_reset(DESC_STD);
    expect_error("EFI memory map: map_size 0 (no descriptors)");
}

static void more_than_1024_descriptors_is_refused(void **state)
{
    (void)state;
    map_reset(DESC_STD);
    for (uint32_t i = 0; i < MMAP_MAX_DESC + 1; i++)
        add(EFI_MT_CONVENTIONAL, i * MiB, PAGE);
    expect_error("EFI memory map: 1025 descriptors (at most 1024)");
}

/*
 * in:   [0 a)[4K r)[8K a)[12K r) ... 320 alternating pages, then 320 more
 *       descriptors repeating the available ones (duplicates)
 * out:  320 entries, alternating, nothing merged across types
 */
static void three_hundred_alternating_pages_stay_separate(void **state)
{
    (void)state;
    const uint32_t count = 320;
    map_reset(DESC_STD);
    for (uint32_t i = count; i-- > 0;)
        add(i % 2 ? EFI_MT_RESERVED : EFI_MT_CONVENTIONAL, i * PAGE, PAGE);
    for (uint32_t i = 0; i < count; i += 2)
        add(EFI_MT_LOADER_DATA, i * PAGE, PAGE);
    assert_true(run());
    assert_int_equal(n, count);
    for (uint32_t i = 0; i < count; i++) {
        assert_int_equal(out[i].base_addr, i * PAGE);
        assert_int_equal(out[i].length, PAGE);
        assert_int_equal(out[i].type, i % 2 ? RESV : AVAIL);
    }
}

/*
 * in:   1000 touching available pages [0 4K)[4K 8K)...[3996K 4000K), in reverse
 * out:  [0 ============ avail ============ 4000K)
 */
static void a_thousand_touching_pages_merge_into_one(void **state)
{
    (void)state;
    map_reset(40);
    for (uint32_t i = 1000; i-- > 0;)
        add(i % 3 ? EFI_MT_CONVENTIONAL : EFI_MT_BOOT_SERVICES_CODE, i * PAGE, PAGE);
    const struct mb2_mmap_entry want[] = { { 0, 1000 * PAGE, AVAIL, 0 } };
    expect(want, 1);
}

/*
 * in:   [0 a)[4K r)[8K a)   with scratch for only 2 descriptors (4 edges)
 * out:  refused, naming the count
 */
static void scratch_smaller_than_two_edges_per_descriptor_is_refused(void **state)
{
    (void)state;
    map_reset(DESC_STD);
    add(EFI_MT_CONVENTIONAL, 0, PAGE);
    add(EFI_MT_RESERVED, PAGE, PAGE);
    add(EFI_MT_CONVENTIONAL, 2 * PAGE, PAGE);
    assert_false(mmap_from_efi(map.buf, map.size, map.desc_size, out, OUT_CAP, &n, scratch,
                               MMAP_SCRATCH_EDGES(2), &d));
    assert_string_equal(d.msg, "EFI memory map: 3 descriptors (scratch for 2)");
}

/*
 * in:   [0 a)[4K r)[8K a)   with room for only 2 output entries
 * out:  refused
 */
static void more_entries_than_the_caller_has_room_for_is_refused(void **state)
{
    (void)state;
    map_reset(DESC_STD);
    add(EFI_MT_CONVENTIONAL, 0, PAGE);
    add(EFI_MT_RESERVED, PAGE, PAGE);
    add(EFI_MT_CONVENTIONAL, 2 * PAGE, PAGE);
    assert_false(mmap_from_efi(map.buf, map.size, map.desc_size, out, 2, &n, scratch,
                                MMAP_SCRATCH_EDGES(MMAP_MAX_DESC), &d));
    assert_string_equal(d.msg, "EFI memory map: more than 2 entries after sanitizing (at 0x2000)");
}

/*
 * OVMF-like, 6 GiB of RAM:
 *   0      9F000  A0000   100000        800000  808000        7F000000 80000000
 *   [conv  ][resv ]  hole  [bs code/ld data..][nvs ][conv ...... ][acpi][nvs ][bs data]
 *   ... B0000000 [mmio pcie ecam 256M] ... FFC00000 [flash 4M] 4G
 *   [4G ======================= conv ======================= 8G)
 */
static void ovmf_like_6gib_layout(void **state)
{
    (void)state;
    map_reset(DESC_STD);
    add(EFI_MT_BOOT_SERVICES_DATA, 0, PAGE);
    add(EFI_MT_CONVENTIONAL, PAGE, 0x9F000 - PAGE);
    add(EFI_MT_RESERVED, 0x9F000, 0x1000);
    add(EFI_MT_LOADER_CODE, 0x100000, 0x100000);
    add(EFI_MT_CONVENTIONAL, 0x200000, 0x600000);
    add(EFI_MT_ACPI_NVS, 0x800000, 0x8000);
    add(EFI_MT_CONVENTIONAL, 0x808000, 0x7E000000 - 0x808000);
    add(EFI_MT_BOOT_SERVICES_CODE, 0x7E000000, 0xF00000);
    add(EFI_MT_ACPI_RECLAIM, 0x7EF00000, 0x80000);
    add(EFI_MT_ACPI_NVS, 0x7EF80000, 0x80000);
    add(EFI_MT_RUNTIME_SERVICES_DATA, 0x7F000000, 0x400000);
    add(EFI_MT_RUNTIME_SERVICES_CODE, 0x7F400000, 0x200000);
    add(EFI_MT_BOOT_SERVICES_DATA, 0x7F600000, 0xA00000);
    add(EFI_MT_MMIO, 0xB0000000, 0x10000000);
    add(EFI_MT_MMIO, 0xFFC00000, 0x400000);
    add(EFI_MT_CONVENTIONAL, 4 * GiB, 2 * GiB);
    add(EFI_MT_BOOT_SERVICES_DATA, 6 * GiB, 2 * GiB);
    const struct mb2_mmap_entry want[] = {
        { 0, 0x9F000, AVAIL, 0 },
        { 0x9F000, 0x1000, RESV, 0 },
        { 0x100000, 0x700000, AVAIL, 0 },
        { 0x800000, 0x8000, NVS, 0 },
        { 0x808000, 0x7EF00000 - 0x808000, AVAIL, 0 },
        { 0x7EF00000, 0x80000, ACPI, 0 },
        { 0x7EF80000, 0x80000, NVS, 0 },
        { 0x7F000000, 0x600000, RESV, 0 },
        { 0x7F600000, 0xA00000, AVAIL, 0 },
        { 0xB0000000, 0x10000000, RESV, 0 },
        { 0xFFC00000, 0x400000, RESV, 0 },
        { 4 * GiB, 4 * GiB, AVAIL, 0 },
    };
    expect(want, sizeof want / sizeof want[0]);

    uint32_t lower, upper;
    mmap_basic_meminfo(out, n, &lower, &upper);
    assert_int_equal(lower, 0x9F000 / KiB);
    assert_int_equal(upper, (0x800000 - 0x100000) / KiB);
}

static void every_efi_type_maps_to_its_multiboot2_type(void **state)
{
    (void)state;
    static const uint32_t want[] = {
        [EFI_MT_RESERVED] = RESV,
        [EFI_MT_LOADER_CODE] = AVAIL,
        [EFI_MT_LOADER_DATA] = AVAIL,
        [EFI_MT_BOOT_SERVICES_CODE] = AVAIL,
        [EFI_MT_BOOT_SERVICES_DATA] = AVAIL,
        [EFI_MT_RUNTIME_SERVICES_CODE] = RESV,
        [EFI_MT_RUNTIME_SERVICES_DATA] = RESV,
        [EFI_MT_CONVENTIONAL] = AVAIL,
        [EFI_MT_UNUSABLE] = BAD,
        [EFI_MT_ACPI_RECLAIM] = ACPI,
        [EFI_MT_ACPI_NVS] = NVS,
        [EFI_MT_MMIO] = RESV,
        [EFI_MT_MMIO_PORT_SPACE] = RESV,
        [EFI_MT_PAL_CODE] = RESV,
        [EFI_MT_PERSISTENT] = RESV, /* non-volatile: never free RAM */
        [EFI_MT_UNACCEPTED] = RESV,
    };
    for (uint32_t t = 0; t < sizeof want / sizeof want[0]; t++)
        assert_int_equal(mmap_type_of_efi(t), want[t]);
    assert_int_equal(mmap_type_of_efi(16), RESV);
    assert_int_equal(mmap_type_of_efi(0x70000000), RESV); /* OEM range */
    assert_int_equal(mmap_type_of_efi(0x80000000), RESV); /* OS vendor range */
}

/*
 * [0 avail 1M)[1M avail 3M)[3M resv 4M)[4M avail 9M)
 * lower: 640 (capped), upper: 1M..3M = 2048 KiB (stops at the hole)
 */
static void meminfo_caps_lower_at_640_and_stops_upper_at_first_hole(void **state)
{
    (void)state;
    const struct mb2_mmap_entry e[] = {
        { 4 * MiB, 5 * MiB, AVAIL, 0 },
        { 1 * MiB, 2 * MiB, AVAIL, 0 }, /* unsorted on purpose */
        { 0, 1 * MiB, AVAIL, 0 },
        { 3 * MiB, 1 * MiB, RESV, 0 },
    };
    uint32_t lower, upper;
    mmap_basic_meminfo(e, 4, &lower, &upper);
    assert_int_equal(lower, 640);
    assert_int_equal(upper, 2048);
}

/*
 * [0 resv 4K)[4K avail 640K) ... [2M avail 3M)
 * lower: 0 (nothing available starts at 0), upper: 0 (1 MiB itself is a hole)
 */
static void meminfo_is_zero_when_0_and_1mib_are_not_available(void **state)
{
    (void)state;
    const struct mb2_mmap_entry e[] = {
        { 0, PAGE, RESV, 0 },
        { PAGE, 636 * KiB, AVAIL, 0 },
        { 2 * MiB, 1 * MiB, AVAIL, 0 },
    };
    uint32_t lower = 1, upper = 1;
    mmap_basic_meminfo(e, 3, &lower, &upper);
    assert_int_equal(lower, 0);
    assert_int_equal(upper, 0);
}

/*
 * [0 avail 512K)  [512K avail 2M) touching pieces reach across 1M
 * lower: 512, upper: 1M..2M = 1024 KiB
 */
static void meminfo_counts_upper_from_an_entry_that_starts_below_1mib(void **state)
{
    (void)state;
    const struct mb2_mmap_entry e[] = { { 0, 512 * KiB, AVAIL, 0 },
                                        { 512 * KiB, 1536 * KiB, AVAIL, 0 } };
    uint32_t lower, upper;
    mmap_basic_meminfo(e, 2, &lower, &upper);
    assert_int_equal(lower, 512);
    assert_int_equal(upper, 1024);
}

/* ---- mmap_carve: reserving module pages in a sanitized map ---- */

static struct mb2_mmap_entry cm[8];
static uint32_t cn;

static void carve_start(const struct mb2_mmap_entry *in, uint32_t count)
{
    memset(cm, 0xEE, sizeof cm);
    memcpy(cm, in, count * sizeof *in);
    cn = count;
}

static void carve_expect(const struct mb2_mmap_entry *want, uint32_t count)
{
    assert_int_equal(cn, count);
    for (uint32_t i = 0; i < count; i++) {
        assert_int_equal(cm[i].base_addr, want[i].base_addr);
        assert_int_equal(cm[i].length, want[i].length);
        assert_int_equal(cm[i].type, want[i].type);
        assert_int_equal(cm[i].zero, 0);
    }
}

/*
 * in:    [0 ============ avail ============ 8M)
 * carve:           [2M resv 3M)
 * out:   [0 avail 2M)[2M resv 3M)[3M avail 8M)
 */
static void carve_inside_an_available_entry_splits_it_in_three(void **state)
{
    (void)state;
    const struct mb2_mmap_entry in[] = { { 0, 8 * MiB, AVAIL, 0 } };
    carve_start(in, 1);
    assert_true(mmap_carve(cm, &cn, 8, 2 * MiB, MiB, RESV));
    const struct mb2_mmap_entry want[] = {
        { 0, 2 * MiB, AVAIL, 0 }, { 2 * MiB, MiB, RESV, 0 }, { 3 * MiB, 5 * MiB, AVAIL, 0 }
    };
    carve_expect(want, 3);
}

/*
 * in:    [1M ====== avail ====== 4M)
 * carve: [1M resv 2M)                  (flush with the start)
 * out:   [1M resv 2M)[2M avail 4M)
 */
static void carve_at_the_start_of_an_entry_splits_it_in_two(void **state)
{
    (void)state;
    const struct mb2_mmap_entry in[] = { { MiB, 3 * MiB, AVAIL, 0 } };
    carve_start(in, 1);
    assert_true(mmap_carve(cm, &cn, 8, MiB, MiB, RESV));
    const struct mb2_mmap_entry want[] = { { MiB, MiB, RESV, 0 }, { 2 * MiB, 2 * MiB, AVAIL, 0 } };
    carve_expect(want, 2);
}

/*
 * in:    [1M ====== avail ====== 4M)[4M resv 5M)
 * carve:               [3M resv 4M)              (flush with the end)
 * out:   [1M avail 3M)[3M ====== resv ====== 5M)  (merged with the neighbour)
 */
static void carve_at_the_end_of_an_entry_merges_with_a_reserved_neighbour(void **state)
{
    (void)state;
    const struct mb2_mmap_entry in[] = { { MiB, 3 * MiB, AVAIL, 0 }, { 4 * MiB, MiB, RESV, 0 } };
    carve_start(in, 2);
    assert_true(mmap_carve(cm, &cn, 8, 3 * MiB, MiB, RESV));
    const struct mb2_mmap_entry want[] = { { MiB, 2 * MiB, AVAIL, 0 },
                                           { 3 * MiB, 2 * MiB, RESV, 0 } };
    carve_expect(want, 2);
}

/*
 * in:    [0 resv 1M)[1M avail 2M)[2M resv 3M)
 * carve:            [1M resv 2M)              (the whole entry)
 * out:   [0 ======== resv ======== 3M)
 */
static void carve_of_a_whole_entry_between_reserved_ones_leaves_one_entry(void **state)
{
    (void)state;
    const struct mb2_mmap_entry in[] = {
        { 0, MiB, RESV, 0 }, { MiB, MiB, AVAIL, 0 }, { 2 * MiB, MiB, RESV, 0 }
    };
    carve_start(in, 3);
    assert_true(mmap_carve(cm, &cn, 8, MiB, MiB, RESV));
    const struct mb2_mmap_entry want[] = { { 0, 3 * MiB, RESV, 0 } };
    carve_expect(want, 1);
}

/*
 * in:    [0 avail 2M)    hole    [3M acpi 4M)[4M avail 6M)
 * carve:      [1M ========= resv ========= 5M)
 * out:   [0 avail 1M)[1M ====== resv ====== 5M)[5M avail 6M)
 */
static void carve_across_entries_and_a_hole_covers_all_of_them(void **state)
{
    (void)state;
    const struct mb2_mmap_entry in[] = {
        { 0, 2 * MiB, AVAIL, 0 }, { 3 * MiB, MiB, ACPI, 0 }, { 4 * MiB, 2 * MiB, AVAIL, 0 }
    };
    carve_start(in, 3);
    assert_true(mmap_carve(cm, &cn, 8, MiB, 4 * MiB, RESV));
    const struct mb2_mmap_entry want[] = {
        { 0, MiB, AVAIL, 0 }, { MiB, 4 * MiB, RESV, 0 }, { 5 * MiB, MiB, AVAIL, 0 }
    };
    carve_expect(want, 3);
}

/*
 * in:    [0 avail 1M)         hole          [8M avail 9M)
 * carve:             [4M resv 4M+4K)        (inside the hole)
 * out:   [0 avail 1M)[4M resv 4M+4K)        [8M avail 9M)
 */
static void carve_inside_a_hole_inserts_an_entry_in_order(void **state)
{
    (void)state;
    const struct mb2_mmap_entry in[] = { { 0, MiB, AVAIL, 0 }, { 8 * MiB, MiB, AVAIL, 0 } };
    carve_start(in, 2);
    assert_true(mmap_carve(cm, &cn, 8, 4 * MiB, PAGE, RESV));
    const struct mb2_mmap_entry want[] = {
        { 0, MiB, AVAIL, 0 }, { 4 * MiB, PAGE, RESV, 0 }, { 8 * MiB, MiB, AVAIL, 0 }
    };
    carve_expect(want, 3);
}

/*
 * in:    [0 ============ avail ============ 8M)
 * carve:       [2M resv 2M+8K) then [2M+8K resv 2M+12K)   (two touching modules)
 * out:   [0 avail 2M)[2M resv 2M+12K)[2M+12K avail 8M)
 */
static void two_touching_carves_merge_into_one_reserved_entry(void **state)
{
    (void)state;
    const struct mb2_mmap_entry in[] = { { 0, 8 * MiB, AVAIL, 0 } };
    carve_start(in, 1);
    assert_true(mmap_carve(cm, &cn, 8, 2 * MiB, 2 * PAGE, RESV));
    assert_true(mmap_carve(cm, &cn, 8, 2 * MiB + 2 * PAGE, PAGE, RESV));
    const struct mb2_mmap_entry want[] = { { 0, 2 * MiB, AVAIL, 0 },
                                           { 2 * MiB, 3 * PAGE, RESV, 0 },
                                           { 2 * MiB + 3 * PAGE, 8 * MiB - 2 * MiB - 3 * PAGE,
                                             AVAIL, 0 } };
    carve_expect(want, 3);
}

/*
 * in:    [0 avail 1M)[1M resv 2M)
 * carve: length 0 at 512K                  -> unchanged
 */
static void carve_of_zero_length_changes_nothing(void **state)
{
    (void)state;
    const struct mb2_mmap_entry in[] = { { 0, MiB, AVAIL, 0 }, { MiB, MiB, RESV, 0 } };
    carve_start(in, 2);
    assert_true(mmap_carve(cm, &cn, 8, MiB / 2, 0, RESV));
    carve_expect(in, 2);
}

/*
 * in:    [0 ============ avail ============ 8M)   with room for 2 entries
 * carve:           [2M resv 3M)                   needs 3 -> refused, map untouched
 */
static void carve_needing_more_entries_than_the_cap_is_refused_untouched(void **state)
{
    (void)state;
    const struct mb2_mmap_entry in[] = { { 0, 8 * MiB, AVAIL, 0 } };
    carve_start(in, 1);
    assert_false(mmap_carve(cm, &cn, 2, 2 * MiB, MiB, RESV));
    carve_expect(in, 1);
    assert_int_equal(cm[1].base_addr, 0xEEEEEEEEEEEEEEEEull); /* nothing written past n */
}

/*
 * carve: [2^64 - 4K .. wraps)              -> refused, map untouched
 */
static void carve_wrapping_64_bits_is_refused(void **state)
{
    (void)state;
    const struct mb2_mmap_entry in[] = { { 0, MiB, AVAIL, 0 } };
    carve_start(in, 1);
    assert_false(mmap_carve(cm, &cn, 8, UINT64_MAX - PAGE + 1, 2 * PAGE, RESV));
    carve_expect(in, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unsorted_touching_available_come_out_sorted_and_merged),
        cmocka_unit_test(unsorted_disjoint_regions_come_out_sorted_with_holes_kept),
        cmocka_unit_test(reserved_inside_available_splits_it_and_wins),
        cmocka_unit_test(available_overlapping_reserved_head_loses_the_overlap),
        cmocka_unit_test(same_range_twice_takes_the_more_reserved_type),
        cmocka_unit_test(nested_overlaps_resolve_per_elementary_interval),
        cmocka_unit_test(touching_same_type_merge_but_different_types_stay_apart),
        cmocka_unit_test(zero_length_descriptor_is_dropped),
        cmocka_unit_test(entries_above_4gib_are_kept_with_64bit_addresses),
        cmocka_unit_test(descriptor_ending_at_2pow64_is_refused),
        cmocka_unit_test(num_pages_beyond_64bit_bytes_is_refused),
        cmocka_unit_test(descriptor_size_48_and_40_are_both_stepped_by_desc_size),
        cmocka_unit_test(descriptor_size_below_40_or_unaligned_is_refused),
        cmocka_unit_test(map_size_not_a_multiple_of_desc_size_is_refused),
        cmocka_unit_test(empty_map_is_refused),
        cmocka_unit_test(more_than_1024_descriptors_is_refused),
        cmocka_unit_test(three_hundred_alternating_pages_stay_separate),
        cmocka_unit_test(a_thousand_touching_pages_merge_into_one),
        cmocka_unit_test(more_entries_than_the_caller_has_room_for_is_refused),
        cmocka_unit_test(ovmf_like_6gib_layout),
        cmocka_unit_test(every_efi_type_maps_to_its_multiboot2_type),
        cmocka_unit_test(scratch_smaller_than_two_edges_per_descriptor_is_refused),
        cmocka_unit_test(meminfo_caps_lower_at_640_and_stops_upper_at_first_hole),
        cmocka_unit_test(meminfo_is_zero_when_0_and_1mib_are_not_available),
        cmocka_unit_test(meminfo_counts_upper_from_an_entry_that_starts_below_1mib),
        cmocka_unit_test(carve_inside_an_available_entry_splits_it_in_three),
        cmocka_unit_test(carve_at_the_start_of_an_entry_splits_it_in_two),
        cmocka_unit_test(carve_at_the_end_of_an_entry_merges_with_a_reserved_neighbour),
        cmocka_unit_test(carve_of_a_whole_entry_between_reserved_ones_leaves_one_entry),
        cmocka_unit_test(carve_across_entries_and_a_hole_covers_all_of_them),
        cmocka_unit_test(carve_inside_a_hole_inserts_an_entry_in_order),
        cmocka_unit_test(two_touching_carves_merge_into_one_reserved_entry),
        cmocka_unit_test(carve_of_zero_length_changes_nothing),
        cmocka_unit_test(carve_needing_more_entries_than_the_cap_is_refused_untouched),
        cmocka_unit_test(carve_wrapping_64_bits_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
