/* test_memmap.c - the kernel's region builder (EFI and Multiboot2 maps), reserve and alloc, one geometry per test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/mm/memmap.h"
#include "shared/bootinfo.h"

#define KiB 1024ull
#define MiB (1024 * KiB)
#define GiB (1024 * MiB)
#define PAGE 4096ull
#define WB EFI_MEMORY_WB
#define UC 0x1ull /* EFI_MEMORY_UC: uncacheable only */
#define MAX_DESC (MEMMAP_MAX_DESCS + 16)

/* An EFI memory map under construction, descriptors `desc_size` apart. */
static struct {
    uint8_t buf[MAX_DESC * 48];
    uint32_t size, desc_size;
} map;
static struct memmap m;
static char err[160];

static void map_reset(uint32_t desc_size)
{
    memset(&map, 0, sizeof map);
    map.desc_size = desc_size;
}

/* Appends a descriptor of `pages` pages at `base`; the bytes past the 40 defined
 * ones are junk so a reader stepping by sizeof would misread the next one. */
static void add_attr(uint32_t type, uint64_t base, uint64_t pages, uint64_t attr)
{
    struct efi_mem_desc d = {.type = type, .phys_start = base, .num_pages = pages, .attribute = attr};
    memset(map.buf + map.size, 0xA5, map.desc_size);
    memcpy(map.buf + map.size, &d, sizeof d);
    map.size += map.desc_size;
}

static void add(uint32_t type, uint64_t base, uint64_t bytes) { add_attr(type, base, bytes / PAGE, WB); }

static bool build(void)
{
    memset(&m, 0x5A, sizeof m); /* stale contents must not leak into the result */
    memset(err, 0, sizeof err);
    return memmap_from_efi(&m, map.buf, map.size, map.desc_size, err, sizeof err);
}

static void expect_regions(const struct region *got, uint32_t n, const struct region *want,
                           uint32_t nwant)
{
    assert_int_equal(n, nwant);
    for (uint32_t i = 0; i < nwant; i++) {
        assert_int_equal(got[i].base, want[i].base);
        assert_int_equal(got[i].end, want[i].end);
    }
}

#define EXPECT_FREE(...)                                                                   \
    do {                                                                                   \
        const struct region want_[] = {__VA_ARGS__};                                       \
        expect_regions(m.free, m.nfree, want_, sizeof want_ / sizeof want_[0]);            \
    } while (0)
#define EXPECT_RAM(...)                                                                    \
    do {                                                                                   \
        const struct region want_[] = {__VA_ARGS__};                                       \
        expect_regions(m.ram, m.nram, want_, sizeof want_ / sizeof want_[0]);              \
    } while (0)

static void expect_error(const char *fragment)
{
    assert_false(build());
    if (!strstr(err, fragment))
        fail_msg("error \"%s\" does not mention \"%s\"", err, fragment);
    assert_non_null(strstr(err, "memmap: "));
}

/*
 *   0      1M      2M      3M      4M      5M
 *   |  A   |///B///|   C   |       |   D   |
 *   (listed as D, C, B, A)
 *   free:  [0,1M) [2M,3M) [4M,5M)   sorted
 */
static void unsorted_input_comes_out_sorted(void **state)
{
    (void)state;
    map_reset(48);
    add(EFI_MT_CONVENTIONAL, 4 * MiB, 1 * MiB);
    add(EFI_MT_CONVENTIONAL, 2 * MiB, 1 * MiB);
    add(EFI_MT_RESERVED, 1 * MiB, 1 * MiB);
    add(EFI_MT_CONVENTIONAL, 0, 1 * MiB);
    assert_true(build());
    EXPECT_FREE({0, 1 * MiB}, {2 * MiB, 3 * MiB}, {4 * MiB, 5 * MiB});
    EXPECT_RAM({0, 1 * MiB}, {2 * MiB, 3 * MiB}, {4 * MiB, 5 * MiB});
    assert_int_equal(m.efi_entries, 4);
    assert_int_equal(m.usable_bytes, 3 * MiB);
    assert_int_equal(m.reserved_bytes, 0);
    assert_int_equal(m.dropped_above_4g_bytes, 0);
}

/*
 *   0                       16M
 *   |====== usable =========|
 *           |/reserved/|
 *           4M         8M
 *   free: [0,4M) [8M,16M)     reserved wins, listed before or after
 */
static void reserved_inside_usable_wins_in_either_order(void **state)
{
    (void)state;
    for (int reserved_first = 0; reserved_first < 2; reserved_first++) {
        map_reset(48);
        if (reserved_first)
            add(EFI_MT_RESERVED, 4 * MiB, 4 * MiB);
        add(EFI_MT_CONVENTIONAL, 0, 16 * MiB);
        if (!reserved_first)
            add(EFI_MT_RESERVED, 4 * MiB, 4 * MiB);
        assert_true(build());
        EXPECT_FREE({0, 4 * MiB}, {8 * MiB, 16 * MiB});
        EXPECT_RAM({0, 16 * MiB}); /* the usable descriptor is still RAM */
    }
}

/*
 *   0      2M           6M      8M
 *   |===usable===|
 *          |////MMIO/////|
 *                 |===usable===|
 *               5M             8M
 *   free: [0,2M) [6M,8M)   both overlapped ends cut off
 */
static void reserved_overlapping_two_usable_edges_cuts_both(void **state)
{
    (void)state;
    map_reset(48);
    add(EFI_MT_CONVENTIONAL, 0, 3 * MiB);
    add(EFI_MT_MMIO, 2 * MiB, 4 * MiB);
    add(EFI_MT_BOOT_SERVICES_DATA, 5 * MiB, 3 * MiB);
    assert_true(build());
    EXPECT_FREE({0, 2 * MiB}, {6 * MiB, 8 * MiB});
    EXPECT_RAM({0, 3 * MiB}, {5 * MiB, 8 * MiB});
}

/*
 *      1M          3M
 *      |//ACPI NVS//|      usable listed inside a non-usable descriptor
 *        |=usable=|
 *   free: none here; RAM: [1M,3M)
 */
static void usable_inside_reserved_is_not_free(void **state)
{
    (void)state;
    map_reset(48);
    add(EFI_MT_CONVENTIONAL, 0, 1 * MiB);
    add(EFI_MT_ACPI_NVS, 1 * MiB, 2 * MiB);
    add(EFI_MT_CONVENTIONAL, 1 * MiB + 64 * KiB, 1 * MiB);
    assert_true(build());
    EXPECT_FREE({0, 1 * MiB});
    EXPECT_RAM({0, 3 * MiB});
    assert_int_equal(m.reserved_bytes, 2 * MiB);
}

/*
 *   0     1M     2M     3M     4M
 *   |conv |BS dat|loader|conv  |     four usable types, touching
 *   free: [0,4M) one region
 */
static void touching_usable_regions_merge_into_one(void **state)
{
    (void)state;
    map_reset(48);
    add(EFI_MT_CONVENTIONAL, 0, 1 * MiB);
    add(EFI_MT_BOOT_SERVICES_DATA, 1 * MiB, 1 * MiB);
    add(EFI_MT_LOADER_DATA, 2 * MiB, 1 * MiB);
    add(EFI_MT_LOADER_CODE, 3 * MiB, 512 * KiB);
    add(EFI_MT_BOOT_SERVICES_CODE, 3 * MiB + 512 * KiB, 512 * KiB);
    assert_true(build());
    EXPECT_FREE({0, 4 * MiB});
    EXPECT_RAM({0, 4 * MiB});
}

/*
 *   0     1M     2M
 *   |conv |ACPI  |      touching RAM of different kinds: one RAM region, free stops at 1M
 */
static void touching_free_and_acpi_merge_in_ram_only(void **state)
{
    (void)state;
    map_reset(48);
    add(EFI_MT_CONVENTIONAL, 0, 1 * MiB);
    add(EFI_MT_ACPI_RECLAIM, 1 * MiB, 1 * MiB);
    add(EFI_MT_RUNTIME_SERVICES_DATA, 2 * MiB, 1 * MiB);
    assert_true(build());
    EXPECT_FREE({0, 1 * MiB});
    EXPECT_RAM({0, 3 * MiB});
    assert_int_equal(m.usable_bytes, 1 * MiB);
    assert_int_equal(m.reserved_bytes, 2 * MiB);
}

/*
 *   0     1M  (zero-length reserved at 512K, zero-length usable at 8M)
 *   |conv |
 *   free: [0,1M), nothing at 8M, no split at 512K
 */
static void zero_length_entries_are_ignored(void **state)
{
    (void)state;
    map_reset(48);
    add(EFI_MT_RESERVED, 512 * KiB, 0);
    add(EFI_MT_CONVENTIONAL, 0, 1 * MiB);
    add(EFI_MT_CONVENTIONAL, 8 * MiB, 0);
    assert_true(build());
    EXPECT_FREE({0, 1 * MiB});
    assert_int_equal(m.efi_entries, 3); /* counted as listed */
}

/*
 *   0x1800          0x5800           unaligned start (and so end) of a usable run
 *     |====usable=====|
 *   free: [0x2000,0x5000)   shrunk inward;  RAM: [0x1000,0x6000) rounded outward
 */
static void unaligned_start_and_end_shrink_inward(void **state)
{
    (void)state;
    map_reset(48);
    add(EFI_MT_CONVENTIONAL, 0x1800, 4 * PAGE);
    add(EFI_MT_CONVENTIONAL, 1 * MiB, 1 * MiB);
    assert_true(build());
    EXPECT_FREE({0x2000, 0x5000}, {1 * MiB, 2 * MiB});
    EXPECT_RAM({0x1000, 0x6000}, {1 * MiB, 2 * MiB});
}

/*
 *   0x10000           0x20000         reserved ends mid-page: that page is not free
 *   |======usable======|
 *      |/res/|
 *   0x13000  0x14800
 *   free: [0x10000,0x13000) [0x15000,0x20000)
 */
static void unaligned_reserved_end_takes_the_whole_page(void **state)
{
    (void)state;
    map_reset(48);
    add(EFI_MT_CONVENTIONAL, 0x10000, 16 * PAGE);
    add(EFI_MT_RESERVED, 0x13000 + 0x800, 1 * PAGE); /* [0x13800, 0x14800) */
    assert_true(build());
    EXPECT_FREE({0x10000, 0x13000}, {0x15000, 0x20000});
}

/*
 *   3G                4G                5G
 *   |======usable=====|=====usable======|     straddles 4 GiB
 *                     |==usable 6G-7G== (above)
 *   free: [3G,4G); dropped: 1G + 1G
 */
static void straddling_and_above_4g_are_clipped_and_counted(void **state)
{
    (void)state;
    map_reset(48);
    add(EFI_MT_CONVENTIONAL, 3 * GiB, 2 * GiB);
    add(EFI_MT_CONVENTIONAL, 6 * GiB, 1 * GiB);
    add(EFI_MT_RESERVED, 8 * GiB, 1 * GiB); /* not usable: not counted */
    add(EFI_MT_ACPI_NVS, 9 * GiB, 1 * GiB); /* RAM, not usable: not counted */
    assert_true(build());
    EXPECT_FREE({3 * GiB, 4 * GiB});
    EXPECT_RAM({3 * GiB, 4 * GiB});
    assert_int_equal(m.dropped_above_4g_bytes, 2 * GiB);
    assert_int_equal(m.usable_bytes, 1 * GiB);
}

/*
 *   4G-64K   4G       free part right below 4G, part above (page-granular)
 *     |=====|==|
 *   free: [4G-64K,4G); dropped 64K
 */
static void region_ending_just_past_4g_is_clipped_at_4g(void **state)
{
    (void)state;
    map_reset(48);
    add(EFI_MT_CONVENTIONAL, 4 * GiB - 64 * KiB, 128 * KiB);
    assert_true(build());
    EXPECT_FREE({4 * GiB - 64 * KiB, 4 * GiB});
    assert_int_equal(m.dropped_above_4g_bytes, 64 * KiB);
}

/*
 *   0      1M      2M
 *   |/res//|//MMIO/|      and usable only above 4 GiB
 *   -> error: no usable memory below 4 GiB
 */
static void map_with_no_usable_memory_is_an_error(void **state)
{
    (void)state;
    map_reset(48);
    add(EFI_MT_RESERVED, 0, 1 * MiB);
    add(EFI_MT_MMIO, 1 * MiB, 1 * MiB);
    add(EFI_MT_CONVENTIONAL, 5 * GiB, 1 * GiB);
    expect_error("no usable memory below 4 GiB");
    map_reset(48);
    expect_error("no usable memory"); /* an empty map */
}

/*
 *   0     1M        usable but not write-back cacheable
 *   |conv UC|
 *   -> RAM, never free
 */
static void usable_without_wb_attribute_is_not_free(void **state)
{
    (void)state;
    map_reset(48);
    add_attr(EFI_MT_CONVENTIONAL, 0, 256, UC);
    add_attr(EFI_MT_CONVENTIONAL, 1 * MiB, 256, UC | WB);
    assert_true(build());
    EXPECT_FREE({1 * MiB, 2 * MiB});
    EXPECT_RAM({0, 2 * MiB});
}

/*
 *   RAM types mapped, device and hole types not:
 *   |conv|rt code|rt data|ACPI recl|ACPI NVS| MMIO |port|reserved|unusable|pal|pmem|
 *   0    1M      2M      3M        4M       5M     6M   7M       8M       9M  10M  11M
 *   RAM: [0,5M)   free: [0,1M)
 */
static void ram_is_usable_acpi_and_runtime_but_not_mmio_or_holes(void **state)
{
    (void)state;
    static const uint32_t types[] = {
        EFI_MT_CONVENTIONAL, EFI_MT_RUNTIME_SERVICES_CODE, EFI_MT_RUNTIME_SERVICES_DATA,
        EFI_MT_ACPI_RECLAIM, EFI_MT_ACPI_NVS, EFI_MT_MMIO, EFI_MT_MMIO_PORT_SPACE,
        EFI_MT_RESERVED, EFI_MT_UNUSABLE, EFI_MT_PAL_CODE, EFI_MT_PERSISTENT,
        EFI_MT_UNACCEPTED, 0x70000000u /* OEM type */};
    map_reset(48);
    for (uint32_t i = 0; i < sizeof types / sizeof types[0]; i++)
        add(types[i], i * MiB, 1 * MiB);
    assert_true(build());
    EXPECT_FREE({0, 1 * MiB});
    EXPECT_RAM({0, 5 * MiB});
    assert_int_equal(m.reserved_bytes, 4 * MiB);
}

/*
 *   320 entries: usable 64K, reserved 4K, usable 64K, reserved 4K ...
 *   |==|/|==|/|==|/| ... -> 160 free regions;   and 600 touching usable -> 1 region
 */
static void map_with_320_entries_alternating_gives_160_regions(void **state)
{
    (void)state;
    map_reset(48);
    for (uint32_t i = 0; i < 160; i++) {
        add(EFI_MT_CONVENTIONAL, i * 68 * KiB, 64 * KiB);
        add(EFI_MT_RESERVED, i * 68 * KiB + 64 * KiB, 4 * KiB);
    }
    assert_true(build());
    assert_int_equal(m.nfree, 160);
    assert_int_equal(m.nram, 160);
    assert_int_equal(m.efi_entries, 320);
    for (uint32_t i = 0; i < 160; i++) {
        assert_int_equal(m.free[i].base, i * 68 * KiB);
        assert_int_equal(m.free[i].end, i * 68 * KiB + 64 * KiB);
    }
}

/*
 *   0     8K    16K   24K         4792K  4800K
 *   |conv |BS   |conv |BS  ...  |BS   |        600 touching entries, given backwards
 *   |=================================|        -> one free region [0, 4800K)
 */
static void map_with_600_touching_entries_merges_into_one(void **state)
{
    (void)state;
    map_reset(48);
    for (uint32_t i = 600; i-- > 0;) /* backwards, to make the sort work */
        add(i % 2 ? EFI_MT_BOOT_SERVICES_DATA : EFI_MT_CONVENTIONAL, i * 8 * KiB, 8 * KiB);
    assert_true(build());
    EXPECT_FREE({0, 600 * 8 * KiB});
}

/*
 *   600 alternating usable/reserved -> 300 regions: fits; 1100 -> 550 > 512: error
 */
static void more_free_regions_than_fit_is_an_error(void **state)
{
    (void)state;
    map_reset(48);
    for (uint32_t i = 0; i < 550; i++) {
        add(EFI_MT_CONVENTIONAL, i * 8 * KiB, 4 * KiB);
        add(EFI_MT_ACPI_NVS, i * 8 * KiB + 4 * KiB, 4 * KiB); /* RAM: ram stays one region */
    }
    expect_error("more than 512 free regions");
}

/*
 *   0    4K   8K        32M  32M+4K
 *   |conv|conv| ...  |conv|conv|     8193 one-page descriptors: error;
 *   |======================|         8192 (the limit): one free region [0, 32M)
 */
static void more_descriptors_than_supported_is_an_error(void **state)
{
    (void)state;
    map_reset(48);
    for (uint32_t i = 0; i < MEMMAP_MAX_DESCS + 1; i++)
        add(EFI_MT_CONVENTIONAL, i * PAGE, PAGE);
    expect_error("8193 descriptors");
    map_reset(48);
    for (uint32_t i = 0; i < MEMMAP_MAX_DESCS; i++)
        add(EFI_MT_CONVENTIONAL, i * PAGE, PAGE);
    if (!build())
        fail_msg("%s", err); /* exactly the limit is fine */
    EXPECT_FREE({0, MEMMAP_MAX_DESCS * PAGE});
}

/*
 *   same geometry, descriptors 40 (packed) and 48 (OVMF) and 64 bytes apart
 *   |conv 0-1M|res 1M-2M|conv 2M-3M|
 */
static void desc_size_40_48_and_64_read_the_same(void **state)
{
    (void)state;
    static const uint32_t sizes[] = {40, 48, 64};
    for (uint32_t i = 0; i < 3; i++) {
        map_reset(sizes[i]);
        add(EFI_MT_CONVENTIONAL, 0, 1 * MiB);
        add(EFI_MT_RESERVED, 1 * MiB, 1 * MiB);
        add(EFI_MT_CONVENTIONAL, 2 * MiB, 1 * MiB);
        assert_true(build());
        EXPECT_FREE({0, 1 * MiB}, {2 * MiB, 3 * MiB});
        assert_int_equal(m.efi_entries, 3);
    }
}

/*
 *   0      1M     2M     3M
 *   |conv  |      |conv  |      the same two ranges, described with a desc_size of
 *                               32, 44, 0 or 56 (96 bytes): each an error, no regions
 */
static void bad_desc_size_or_size_is_an_error(void **state)
{
    (void)state;
    map_reset(48);
    add(EFI_MT_CONVENTIONAL, 0, 1 * MiB);
    add(EFI_MT_CONVENTIONAL, 2 * MiB, 1 * MiB);
    map.desc_size = 32; /* smaller than a descriptor */
    expect_error("desc_size=32");
    map.desc_size = 44; /* not a multiple of 8 */
    expect_error("desc_size=44");
    map.desc_size = 0;
    expect_error("desc_size=0");
    map.desc_size = 56; /* 96 bytes are not a whole number of 56-byte descriptors */
    expect_error("size=96 not a multiple of desc_size=56");
}

/*
 *   QEMU q35, -m 6G, OVMF ia32 (shape of a real map):
 *   0        640K  1M      8M   8M+32K 8M+64K 9M            ~2G          2G    2.75G   4G-4M 4G          8G
 *   |conv|bs|hole| conv   |NVS| conv  | NVS |  conv/bs/ldr |rt|ACPI|NVS|res| hole|MMIO ECAM..|flash|  conv 4G  |
 *   RAM below 4G ~2G; dropped: exactly 4 GiB
 */
static void ovmf_6g_layout_drops_4g_above(void **state)
{
    (void)state;
    map_reset(48);
    add(EFI_MT_CONVENTIONAL, 0, 0x9F000);
    add(EFI_MT_BOOT_SERVICES_DATA, 0x9F000, 0x1000);
    add(EFI_MT_CONVENTIONAL, 0x100000, 0x700000);            /* 1M - 8M */
    add(EFI_MT_ACPI_NVS, 0x800000, 0x8000);                  /* OVMF work area */
    add(EFI_MT_CONVENTIONAL, 0x808000, 0x8000);
    add(EFI_MT_ACPI_NVS, 0x810000, 0xF0000);                 /* to 9M */
    add(EFI_MT_CONVENTIONAL, 0x900000, 0x7E000000 - 0x900000);
    add(EFI_MT_LOADER_CODE, 0x7E000000, 0x100000);
    add(EFI_MT_BOOT_SERVICES_CODE, 0x7E100000, 0x800000);
    add(EFI_MT_BOOT_SERVICES_DATA, 0x7E900000, 0x1000000);
    add(EFI_MT_RUNTIME_SERVICES_DATA, 0x7F900000, 0x100000);
    add(EFI_MT_RUNTIME_SERVICES_CODE, 0x7FA00000, 0x100000);
    add(EFI_MT_ACPI_RECLAIM, 0x7FB00000, 0x80000);
    add(EFI_MT_ACPI_NVS, 0x7FB80000, 0x80000);
    add(EFI_MT_RESERVED, 0x7FC00000, 0x400000);              /* to 2G */
    add(EFI_MT_MMIO, 0xB0000000, 0x10000000);                /* PCIe ECAM */
    add(EFI_MT_MMIO, 0xFFC00000, 0x400000);                  /* flash */
    add(EFI_MT_CONVENTIONAL, 4 * GiB, 4 * GiB);
    assert_true(build());
    EXPECT_FREE({0, 0xA0000}, {0x100000, 0x800000}, {0x808000, 0x810000},
                {0x900000, 0x7F900000});
    EXPECT_RAM({0, 0xA0000}, {0x100000, 0x7FC00000});
    assert_int_equal(m.dropped_above_4g_bytes, 4 * GiB);
    uint64_t usable = 0xA0000 + 0x700000 + 0x8000 + (0x7F900000 - 0x900000);
    assert_int_equal(m.usable_bytes, usable);
    assert_int_equal(m.reserved_bytes, 0xA0000 + (0x7FC00000 - 0x100000) - usable);
    assert_int_equal(m.efi_entries, 18);
}

/* A fixed map for the reserve/alloc tests:
 *   0     1M                 16M      32M        48M
 *   |=====|        |=========|        |==========|
 *   [4K,1M)  [2M,16M)  [32M,48M)   (page 0 reserved like mm_init does) */
static void three_regions(void)
{
    map_reset(48);
    add(EFI_MT_CONVENTIONAL, 0, 1 * MiB);
    add(EFI_MT_CONVENTIONAL, 2 * MiB, 14 * MiB);
    add(EFI_MT_CONVENTIONAL, 32 * MiB, 16 * MiB);
    assert_true(build());
    memmap_reserve(&m, 0, PAGE);
}

/*
 *   [2M=========16M)   reserve [4M,5M) -> [2M,4M) [5M,16M)   split
 */
static void reserve_in_the_middle_splits_the_region(void **state)
{
    (void)state;
    three_regions();
    memmap_reserve(&m, 4 * MiB, 1 * MiB);
    EXPECT_FREE({PAGE, 1 * MiB}, {2 * MiB, 4 * MiB}, {5 * MiB, 16 * MiB}, {32 * MiB, 48 * MiB});
}

/*
 *   [2M===16M)  reserve [2M,3M) bottom, [15M,16M) top, unaligned [8M+1, 8M+2) -> one page
 */
static void reserve_at_edges_trims_and_rounds_outward(void **state)
{
    (void)state;
    three_regions();
    memmap_reserve(&m, 2 * MiB, 1 * MiB);
    memmap_reserve(&m, 15 * MiB, 1 * MiB);
    memmap_reserve(&m, 8 * MiB + 1, 1);
    EXPECT_FREE({PAGE, 1 * MiB}, {3 * MiB, 8 * MiB}, {8 * MiB + PAGE, 15 * MiB},
                {32 * MiB, 48 * MiB});
}

/*
 *   |====|   |=======|        |======|
 *       [512K ..................... 40M)   reserve across three regions and the holes
 *   -> [4K,512K) [40M,48M)
 */
static void reserve_spanning_regions_and_holes_removes_them(void **state)
{
    (void)state;
    three_regions();
    memmap_reserve(&m, 512 * KiB, 40 * MiB - 512 * KiB);
    EXPECT_FREE({PAGE, 512 * KiB}, {40 * MiB, 48 * MiB});
    memmap_reserve(&m, 20 * MiB, 1 * MiB); /* inside a hole: nothing changes */
    memmap_reserve(&m, 1 * MiB, 0);        /* zero length: nothing */
    memmap_reserve(&m, 5 * GiB, 1 * GiB);  /* above 4 GiB: nothing */
    EXPECT_FREE({PAGE, 512 * KiB}, {40 * MiB, 48 * MiB});
    memmap_reserve(&m, 0, 64 * MiB);
    assert_int_equal(m.nfree, 0);
}

/*
 *   free array full (512 regions), reserve splitting region 0 in the middle:
 *   no room for the split -> the smaller piece is dropped, nothing is ever over-freed
 *   |===X=========|  -> |    =========|
 */
static void reserve_split_with_a_full_array_drops_the_smaller_piece(void **state)
{
    (void)state;
    map_reset(48);
    for (uint32_t i = 0; i < MEMMAP_MAX_REGIONS; i++)
        add(EFI_MT_CONVENTIONAL, i * 64 * PAGE, 32 * PAGE);
    assert_true(build());
    assert_int_equal(m.nfree, MEMMAP_MAX_REGIONS);
    memmap_reserve(&m, 4 * PAGE, PAGE); /* [0,4)+[5,32): keeps the top */
    assert_int_equal(m.nfree, MEMMAP_MAX_REGIONS);
    assert_int_equal(m.free[0].base, 5 * PAGE);
    assert_int_equal(m.free[0].end, 32 * PAGE);
    memmap_reserve(&m, (64 + 30) * PAGE, PAGE); /* [64,94)+[95,96): keeps the bottom */
    assert_int_equal(m.free[1].base, 64 * PAGE);
    assert_int_equal(m.free[1].end, 94 * PAGE);
}

/*
 *   [4K,1M) [2M,16M) [32M,48M):  alloc 512K -> 4K; alloc 2M -> 2M (skips [..1M) remainder);
 *   alloc 16M -> 32M; alloc 20M -> 0
 */
static void alloc_takes_the_lowest_fit_and_reserves_it(void **state)
{
    (void)state;
    three_regions();
    assert_int_equal(memmap_alloc(&m, 512 * KiB), PAGE);
    assert_int_equal(memmap_alloc(&m, 2 * MiB), 2 * MiB);
    assert_int_equal(memmap_alloc(&m, 1), 512 * KiB + PAGE); /* rounded to a page, lowest */
    assert_int_equal(memmap_alloc(&m, 16 * MiB), 32 * MiB);
    assert_int_equal(memmap_alloc(&m, 20 * MiB), 0);
    assert_int_equal(memmap_alloc(&m, 0), 0);
    EXPECT_FREE({512 * KiB + 2 * PAGE, 1 * MiB}, {4 * MiB, 16 * MiB});
}

/*
 *   |=== usable from 0 ===|   page 0 not yet reserved: alloc still never returns it
 */
static void alloc_never_returns_page_0(void **state)
{
    (void)state;
    map_reset(48);
    add(EFI_MT_CONVENTIONAL, 0, 2 * PAGE);
    assert_true(build());
    assert_int_equal(memmap_alloc(&m, PAGE), PAGE);
    assert_int_equal(memmap_alloc(&m, PAGE), 0);
}

/* ---- Multiboot2 tag 6 maps: byte-granular entries ---- */
static struct mb2_mmap_entry e6[8];

/*
 *   0     0x9FC00  1M            0x7FFE0000    (GRUB on BIOS-like map)
 *   |avail|res|    |=== avail ===|ACPI|res|
 *   free: [0,0x9F000) [1M,0x7FFE0000)  (0x9FC00 shrinks down to a page)
 */
static void mb2_map_available_is_free_acpi_is_ram(void **state)
{
    (void)state;
    e6[0] = (struct mb2_mmap_entry){0, 0x9FC00, MB2_MMAP_AVAILABLE, 0};
    e6[1] = (struct mb2_mmap_entry){0x9FC00, 0x400, MB2_MMAP_RESERVED, 0};
    e6[2] = (struct mb2_mmap_entry){0x100000, 0x7FEE0000, MB2_MMAP_AVAILABLE, 0};
    e6[3] = (struct mb2_mmap_entry){0x7FFE0000, 0x10000, MB2_MMAP_ACPI_RECLAIMABLE, 0};
    e6[4] = (struct mb2_mmap_entry){0x7FFF0000, 0x10000, MB2_MMAP_RESERVED, 0};
    e6[5] = (struct mb2_mmap_entry){0x100000000ull, 0x40000000, MB2_MMAP_AVAILABLE, 0};
    memset(&m, 0x5A, sizeof m);
    assert_true(memmap_from_mb2(&m, (const uint8_t *)e6, 6 * sizeof e6[0], sizeof e6[0], err,
                                sizeof err));
    EXPECT_FREE({0, 0x9F000}, {0x100000, 0x7FFE0000});
    EXPECT_RAM({0, 0xA0000}, {0x100000, 0x7FFF0000});
    assert_int_equal(m.dropped_above_4g_bytes, 1 * GiB);
    assert_int_equal(m.efi_entries, 6);
}

/*
 *   0      1M
 *   |avail |     one tag-6 entry, read with entry_size 20 (below 24): error;
 *                with entry_size 24 but 40 bytes of entries: error
 */
static void mb2_bad_entry_size_is_an_error(void **state)
{
    (void)state;
    e6[0] = (struct mb2_mmap_entry){0, 1 * MiB, MB2_MMAP_AVAILABLE, 0};
    assert_false(memmap_from_mb2(&m, (const uint8_t *)e6, 24, 20, err, sizeof err));
    assert_non_null(strstr(err, "entry_size=20"));
    assert_false(memmap_from_mb2(&m, (const uint8_t *)e6, 40, 24, err, sizeof err));
    assert_non_null(strstr(err, "size=40 not a multiple of entry_size=24"));
}

/* A descriptor claiming 2^64 - 1 pages above 4 GiB (a firmware bug or a fuzzed map):
 * the dropped count is what x86 can address above 4 GiB (MAXPHYADDR <= 52), not a
 * number saturated at 2^64. Two such pieces do not wrap the count either.
 *
 *   0 ... 1M [conv] 16M ... 4G [conv: absurd] ... 8G [reserved] ... [conv: absurd] */
static void absurd_page_counts_above_4g_stop_at_the_52_bit_limit(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, 0x100000, 0xF00000);
    add_attr(EFI_MT_CONVENTIONAL, 4 * GiB, UINT64_MAX, WB);
    assert_true(build());
    assert_int_equal(m.dropped_above_4g_bytes, (1ull << 52) - 4 * GiB);
    add(EFI_MT_RESERVED, 8 * GiB, 4 * GiB);
    add_attr(EFI_MT_CONVENTIONAL, 1ull << 53, UINT64_MAX, WB);
    assert_true(build());
    assert_int_equal(m.dropped_above_4g_bytes, (1ull << 52) - 4 * GiB - 4 * GiB);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unsorted_input_comes_out_sorted),
        cmocka_unit_test(reserved_inside_usable_wins_in_either_order),
        cmocka_unit_test(reserved_overlapping_two_usable_edges_cuts_both),
        cmocka_unit_test(usable_inside_reserved_is_not_free),
        cmocka_unit_test(touching_usable_regions_merge_into_one),
        cmocka_unit_test(touching_free_and_acpi_merge_in_ram_only),
        cmocka_unit_test(zero_length_entries_are_ignored),
        cmocka_unit_test(unaligned_start_and_end_shrink_inward),
        cmocka_unit_test(unaligned_reserved_end_takes_the_whole_page),
        cmocka_unit_test(straddling_and_above_4g_are_clipped_and_counted),
        cmocka_unit_test(region_ending_just_past_4g_is_clipped_at_4g),
        cmocka_unit_test(map_with_no_usable_memory_is_an_error),
        cmocka_unit_test(usable_without_wb_attribute_is_not_free),
        cmocka_unit_test(ram_is_usable_acpi_and_runtime_but_not_mmio_or_holes),
        cmocka_unit_test(map_with_320_entries_alternating_gives_160_regions),
        cmocka_unit_test(map_with_600_touching_entries_merges_into_one),
        cmocka_unit_test(more_free_regions_than_fit_is_an_error),
        cmocka_unit_test(more_descriptors_than_supported_is_an_error),
        cmocka_unit_test(desc_size_40_48_and_64_read_the_same),
        cmocka_unit_test(bad_desc_size_or_size_is_an_error),
        cmocka_unit_test(ovmf_6g_layout_drops_4g_above),
        cmocka_unit_test(reserve_in_the_middle_splits_the_region),
        cmocka_unit_test(reserve_at_edges_trims_and_rounds_outward),
        cmocka_unit_test(reserve_spanning_regions_and_holes_removes_them),
        cmocka_unit_test(reserve_split_with_a_full_array_drops_the_smaller_piece),
        cmocka_unit_test(alloc_takes_the_lowest_fit_and_reserves_it),
        cmocka_unit_test(alloc_never_returns_page_0),
        cmocka_unit_test(mb2_map_available_is_free_acpi_is_ram),
        cmocka_unit_test(mb2_bad_entry_size_is_an_error),
        cmocka_unit_test(absurd_page_counts_above_4g_stop_at_the_52_bit_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
