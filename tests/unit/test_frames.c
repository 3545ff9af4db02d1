/* test_frames.c - the frame bitmap allocator on simulated physical memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/mm/frames.h"
#include "shared/bootinfo.h"
#include "tests/unit/host_kprintf.h"
#include "tests/unit/sim_phys.h"

#define KiB 1024ull
#define MiB (1024 * KiB)
#define GiB (1024 * MiB)
#define PAGE 4096ull

static struct {
    uint8_t buf[64 * 48];
    uint32_t size;
} map;
static struct memmap m;
static char err[160];

static void add(uint32_t type, uint64_t base, uint64_t bytes)
{
    struct efi_mem_desc d = {.type = type, .phys_start = base, .num_pages = bytes / PAGE,
                             .attribute = EFI_MEMORY_WB};
    memset(map.buf + map.size, 0, 48);
    memcpy(map.buf + map.size, &d, sizeof d);
    map.size += 48;
}

/* Builds regions from the map, reserves page 0 as mm_init does, starts the allocator. */
static void init_frames(void)
{
    if (!memmap_from_efi(&m, map.buf, map.size, 48, err, sizeof err))
        fail_msg("%s", err);
    memmap_reserve(&m, 0, PAGE);
    assert_true(frames_init(&m));
}

static int setup(void **state)
{
    (void)state;
    sim_phys_reset();
    host_kprintf_reset();
    memset(&map, 0, sizeof map);
    return 0;
}

/* True when [pa, pa+4K) lies inside one of the free regions frames_init took. */
static bool in_free_regions(uint64_t pa)
{
    uint32_t lo = 0, hi = m.nfree;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (m.free[mid].end <= pa)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m.nfree && m.free[lo].base <= pa && pa + PAGE <= m.free[lo].end;
}

static uint64_t free_region_bytes(void)
{
    uint64_t sum = 0;
    for (uint32_t i = 0; i < m.nfree; i++)
        sum += m.free[i].end - m.free[i].base;
    return sum;
}

/* A q35-like machine with ~3 GiB below 4 GiB:
 *   0   640K 1M      8M  9M                      3G-1M  3G    3.5G  3.75G   4G      5G
 *   |conv|   | conv  |NVS| conv ..................| res |     |MMIO|       |  conv  | (dropped)
 */
static void three_gib_map(void)
{
    add(EFI_MT_CONVENTIONAL, 0, 0xA0000);
    add(EFI_MT_CONVENTIONAL, 1 * MiB, 7 * MiB);
    add(EFI_MT_ACPI_NVS, 8 * MiB, 1 * MiB);
    add(EFI_MT_CONVENTIONAL, 9 * MiB, 3 * GiB - 1 * MiB - 9 * MiB);
    add(EFI_MT_RESERVED, 3 * GiB - 1 * MiB, 1 * MiB);
    add(EFI_MT_MMIO, 3584 * MiB, 256 * MiB);
    add(EFI_MT_CONVENTIONAL, 4 * GiB, 1 * GiB);
}

/*
 *   the 3 GiB map above:  0 |pg0|conv 636K|  1M |conv 7M| NVS | conv ~3G-10M | res |
 *   frames counted up to 3G-1M (the highest usable); free = every conv page but
 *   page 0 and the bitmap's own pages; nothing above 4 GiB
 */
static void init_over_3g_map_counts_every_free_frame(void **state)
{
    (void)state;
    three_gib_map();
    init_frames();
    struct frame_stats s;
    frame_stats(&s);
    uint32_t top = (uint32_t)((3 * GiB - 1 * MiB) / PAGE);
    assert_int_equal(s.total, top);
    uint32_t words = (top + 31) / 32;
    assert_int_equal(s.bitmap_bytes, words * 4 * 2);
    /* The bitmap itself was reserved out of m: what is left is exactly free. */
    assert_int_equal(s.free, free_region_bytes() / PAGE);
    assert_int_equal(s.used, s.total - s.free);
    uint64_t usable = 0xA0000 - PAGE + 7 * MiB + (3 * GiB - 10 * MiB);
    uint64_t bitmap_pages = (s.bitmap_bytes + PAGE - 1) / PAGE;
    assert_int_equal(s.free, usable / PAGE - bitmap_pages);
    assert_int_equal(frame_errors(), 0);
}

/*
 *   0   4K              4K+192K             640K
 *   |pg0|== bitmaps ====|---- free ---------|      lowest fit: right after page 0,
 *                                                  marked used; next alloc just past it
 */
static void bitmap_sits_in_the_lowest_free_memory_and_stays_used(void **state)
{
    (void)state;
    three_gib_map();
    init_frames();
    struct frame_stats s;
    frame_stats(&s);
    uint64_t bitmap_end = PAGE + ((s.bitmap_bytes + PAGE - 1) & ~(PAGE - 1));
    /* 192 KiB of bitmaps: the lowest fit is [4K,640K), right after page 0. */
    assert_int_equal(m.free[0].base, bitmap_end);
    for (uint64_t pa = 0; pa < bitmap_end; pa += PAGE)
        assert_false(frame_is_free((paddr_t)pa));
    assert_true(frame_is_free((paddr_t)bitmap_end));
    assert_int_equal(frame_alloc(), bitmap_end); /* lowest free first */
}

/*
 *   the 3 GiB map above, allocated frame by frame until FRAME_NONE:
 *   every frame handed out lies in a free region, none twice, none reserved
 */
static void alloc_everything_gives_only_free_frames_then_frame_none(void **state)
{
    (void)state;
    three_gib_map();
    init_frames();
    struct frame_stats s;
    frame_stats(&s);
    uint32_t count = 0;
    paddr_t prev = 0;
    for (;;) {
        paddr_t pa = frame_alloc();
        if (pa == FRAME_NONE)
            break;
        if (pa <= prev || (pa & (PAGE - 1)) || !in_free_regions(pa))
            fail_msg("frame 0x%x: reserved, repeated or out of order (prev 0x%x)", pa, prev);
        prev = pa;
        count++;
    }
    assert_int_equal(count, s.free);
    assert_int_equal(frame_alloc(), FRAME_NONE);
    assert_int_equal(frame_alloc_range(1), FRAME_NONE);
    frame_stats(&s);
    assert_int_equal(s.free, 0);
    assert_int_equal(s.used, s.total);
    /* Giving one back makes exactly that one available again. */
    assert_true(frame_free(prev));
    assert_int_equal(frame_alloc(), prev);
}

/*
 *   the 3 GiB map above:  ... | a | b | ...      a freed twice: the second is refused
 *                                                 and counted; a is handed out once
 */
static void double_free_is_reported_counted_and_changes_nothing(void **state)
{
    (void)state;
    three_gib_map();
    init_frames();
    paddr_t a = frame_alloc();
    paddr_t b = frame_alloc();
    assert_true(frame_free(a));
    struct frame_stats before, after;
    frame_stats(&before);
    assert_false(frame_free(a));
    char want[80];
    snprintf(want, sizeof want, "frames: error: double free of frame 0x%x", (unsigned)a);
    assert_string_equal(host_kprintf_last(), want);
    assert_int_equal(frame_errors(), 1);
    frame_stats(&after);
    assert_memory_equal(&before, &after, sizeof before);
    assert_true(frame_is_free(a));
    assert_false(frame_is_free(b));
    assert_int_equal(frame_alloc(), a); /* handed out once, not twice */
    assert_int_equal(frame_alloc(), b + PAGE);
}

/*
 *   the 3 GiB map above:  |pg0| ... |NVS 8M-9M| ... |res 3G-1M| ... |MMIO 3.5G|
 *   freeing any of these (never allocatable) is refused and counted
 */
static void free_of_reserved_frames_is_reported_and_counted(void **state)
{
    (void)state;
    three_gib_map();
    init_frames();
    struct frame_stats before, after;
    frame_stats(&before);
    /* page 0, the bitmap, ACPI NVS, the 640K-1M hole, past the bitmap, MMIO */
    static const paddr_t reserved[] = {0, PAGE, 8 * MiB, 0xA0000, 0xBFF00000u, 0xE0000000u};
    char want[80];
    for (uint32_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++) {
        assert_false(frame_free(reserved[i]));
        snprintf(want, sizeof want, "frames: error: free of reserved frame 0x%x",
                 (unsigned)reserved[i]);
        assert_string_equal(host_kprintf_last(), want);
        assert_int_equal(frame_errors(), i + 1);
    }
    paddr_t a = frame_alloc();
    assert_false(frame_free(a + 12)); /* not a frame address */
    assert_non_null(strstr(host_kprintf_last(), "frames: error: free of unaligned address"));
    assert_false(frame_is_free(a));
    assert_true(frame_free(a));
    frame_stats(&after);
    assert_memory_equal(&before, &after, sizeof before);
    assert_false(frame_is_free(0));
    assert_false(frame_is_free(8 * MiB));
}

/*
 *   frame:  0 1  2     16    32                      160     256        1024
 *           . bm |= 14 =|     |========= 128 =========|       |== 768 ==|
 *   free: [8K,64K) [128K,640K) [1M,4M)   (page 0 reserved, the bitmap takes page 1)
 *   range(20): [8K,64K) holds only 14 -> 128K; range(14) fits there exactly;
 *   range(100) crosses word edges; the next range(100) skips the 8 left to 1M
 */
static void alloc_range_is_contiguous_lowest_fit(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, 0, 64 * KiB);
    add(EFI_MT_CONVENTIONAL, 128 * KiB, 512 * KiB);
    add(EFI_MT_CONVENTIONAL, 1 * MiB, 3 * MiB);
    init_frames();
    assert_int_equal(frame_alloc_range(20), 128 * KiB);
    for (uint64_t pa = 128 * KiB; pa < 128 * KiB + 20 * PAGE; pa += PAGE)
        assert_false(frame_is_free((paddr_t)pa));
    assert_true(frame_is_free(128 * KiB + 20 * PAGE));
    assert_int_equal(frame_alloc_range(14), 2 * PAGE);
    paddr_t r = frame_alloc_range(100); /* 108 left in [148K,640K): fits */
    assert_int_equal(r, 128 * KiB + 20 * PAGE);
    assert_int_equal(frame_alloc_range(100), 1 * MiB); /* 8 left below 640K */
    assert_true(frame_is_free(1 * MiB + 100 * PAGE));
    assert_false(frame_is_free(1 * MiB + 99 * PAGE));
    struct frame_stats s;
    frame_stats(&s);
    assert_int_equal(s.free, (64 * KiB - 2 * PAGE + 512 * KiB + 3 * MiB) / PAGE - 234);
}

/*
 *   free frames: 1 of every 2 (checkerboard), no run of 2 -> range(2) fails, state kept
 */
static void alloc_range_without_a_long_enough_run_returns_frame_none(void **state)
{
    (void)state;
    for (uint32_t i = 0; i < 40; i++)
        add(EFI_MT_CONVENTIONAL, (2 * i + 2) * PAGE, PAGE);
    add(EFI_MT_CONVENTIONAL, 1 * MiB, 64 * KiB);
    init_frames();
    struct frame_stats before, after;
    frame_stats(&before);
    assert_int_equal(frame_alloc_range(17), FRAME_NONE);
    assert_int_equal(frame_alloc_range(0), FRAME_NONE);
    assert_int_equal(frame_alloc_range(before.free + 1), FRAME_NONE);
    frame_stats(&after);
    assert_memory_equal(&before, &after, sizeof before);
    assert_int_equal(frame_alloc_range(16), 1 * MiB);
    assert_int_equal(frame_alloc_range(2), FRAME_NONE); /* checkerboard has no pairs */
    assert_int_equal(frame_alloc_range(1), 4 * PAGE); /* page 2 holds the bitmap */
}

/*
 *   0                                   16M
 *   |conv ==============================|    100 frames taken in a row; f[70] and
 *         f[0] .. f[3] .. f[70] .. f[99]      f[3] given back: f[3], f[70], then f[99]+1
 */
static void freed_low_frame_is_found_next_by_the_hint(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, 0, 16 * MiB);
    init_frames();
    paddr_t f[100];
    for (int i = 0; i < 100; i++)
        f[i] = frame_alloc();
    for (int i = 1; i < 100; i++)
        assert_int_equal(f[i], f[i - 1] + PAGE);
    assert_true(frame_free(f[70]));
    assert_true(frame_free(f[3]));
    assert_int_equal(frame_alloc(), f[3]);
    assert_int_equal(frame_alloc(), f[70]);
    assert_int_equal(frame_alloc(), f[99] + PAGE);
}

/*
 *   frame:  31 32 33         95 96 97
 *           .  [============== )  .       free [33,96): edges inside words
 */
static void word_edges_of_a_region_are_masked_exactly(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, 1 * PAGE, PAGE); /* the bitmap goes here */
    add(EFI_MT_CONVENTIONAL, 33 * PAGE, 63 * PAGE);
    init_frames();
    assert_false(frame_is_free(32 * PAGE));
    assert_true(frame_is_free(33 * PAGE));
    assert_true(frame_is_free(95 * PAGE));
    assert_false(frame_is_free(96 * PAGE));
    struct frame_stats s;
    frame_stats(&s);
    assert_int_equal(s.total, 96);
    assert_int_equal(s.free, 63);
    assert_int_equal(frame_alloc_range(63), 33 * PAGE);
    assert_int_equal(frame_alloc(), FRAME_NONE);
}

/*
 *   frame: 0  1  2  3        free from 0 and page 0 NOT reserved by the caller:
 *          |==|bm|=====|     frame 0 is still never handed out nor freeable
 */
static void frame_0_is_never_allocatable_even_if_listed_free(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, 0, 4 * PAGE);
    if (!memmap_from_efi(&m, map.buf, map.size, 48, err, sizeof err))
        fail_msg("%s", err);
    assert_true(frames_init(&m)); /* the bitmap takes page 1 (memmap_alloc skips 0) */
    assert_false(frame_is_free(0));
    assert_int_equal(frame_alloc(), 2 * PAGE);
    assert_int_equal(frame_alloc(), 3 * PAGE);
    assert_int_equal(frame_alloc(), FRAME_NONE);
    assert_false(frame_free(0));
    assert_int_equal(frame_errors(), 1);
}

/*
 *   0    4K
 *   |pg0 |        the only usable page is frame 0, which is never handed out:
 *                 no free frame at all, so init fails and alloc gives FRAME_NONE
 */
static void init_without_free_memory_fails(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, 0, PAGE);
    if (!memmap_from_efi(&m, map.buf, map.size, 48, err, sizeof err))
        fail_msg("%s", err);
    memmap_reserve(&m, 0, PAGE); /* the only page is frame 0 */
    assert_false(frames_init(&m));
    assert_int_equal(frame_alloc(), FRAME_NONE);
    assert_false(frame_free(PAGE));
}

/*
 *   the 3 GiB map above: unaligned addresses anywhere (low, in the bitmap's range,
 *   the very top) and aligned ones at or past the bitmap's end are all refused
 */
static void unaligned_or_past_the_bitmap_is_refused_wherever_it_points(void **state)
{
    (void)state;
    three_gib_map();
    init_frames();
    struct frame_stats s;
    frame_stats(&s);
    paddr_t a = frame_alloc();
    paddr_t end = s.total * (paddr_t)PAGE; /* first frame past the bitmap */
    static const char unaligned[] = "frames: error: free of unaligned address";
    static const char reserved[] = "frames: error: free of reserved frame";
    const struct {
        paddr_t pa;
        const char *want;
    } cases[] = {
        {a + 1, unaligned},       {a + PAGE - 1, unaligned}, {0x800, unaligned},
        {0xFFFFFFFFu, unaligned}, {end, reserved},           {end + PAGE, reserved},
        {0xFFFFF000u, reserved},
    };
    for (uint32_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_false(frame_free(cases[i].pa));
        assert_non_null(strstr(host_kprintf_last(), cases[i].want));
        assert_int_equal(frame_errors(), i + 1);
    }
    assert_false(frame_is_free(a)); /* none of them touched a */
    assert_true(frame_free(a));
}

/*
 *   frame: 0 1  2 ...   64         128 ... 191  192 ... 255
 *          . bm |= 62 =| reserved 64 |== 64 ===| reserved  |== 32 ==|
 *   taking all of [2,64) moves the hint past two whole reserved words to 128;
 *   freeing frame 5 brings it back: 5 comes next, then 128 again
 */
static void the_hint_skips_full_words_and_a_low_free_brings_it_back(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, 0, 64 * PAGE);
    add(EFI_MT_CONVENTIONAL, 128 * PAGE, 64 * PAGE);
    add(EFI_MT_CONVENTIONAL, 256 * PAGE, 32 * PAGE);
    init_frames();
    for (uint32_t f = 2; f < 64; f++)
        assert_int_equal(frame_alloc(), f * PAGE);
    assert_int_equal(frame_alloc(), 128 * PAGE);
    assert_true(frame_free(5 * PAGE));
    assert_int_equal(frame_alloc(), 5 * PAGE);
    assert_int_equal(frame_alloc(), 129 * PAGE);
    for (uint32_t f = 130; f < 192; f++)
        assert_int_equal(frame_alloc(), f * PAGE);
    assert_int_equal(frame_alloc(), 256 * PAGE);
}

/*
 *   16 MiB free, half of it taken; frames_init again starts over: the hint is back
 *   at the bottom and the first frame handed out is the lowest free one
 */
static void init_again_starts_from_the_lowest_frame(void **state)
{
    (void)state;
    add(EFI_MT_CONVENTIONAL, 0, 16 * MiB);
    init_frames();
    paddr_t first = frame_alloc();
    for (int i = 0; i < 2048; i++)
        frame_alloc();
    init_frames();
    assert_int_equal(frame_alloc(), first);
    assert_int_equal(frame_errors(), 0);
}

int main(void)
{
    sim_phys_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(init_over_3g_map_counts_every_free_frame, setup),
        cmocka_unit_test_setup(bitmap_sits_in_the_lowest_free_memory_and_stays_used, setup),
        cmocka_unit_test_setup(alloc_everything_gives_only_free_frames_then_frame_none, setup),
        cmocka_unit_test_setup(double_free_is_reported_counted_and_changes_nothing, setup),
        cmocka_unit_test_setup(free_of_reserved_frames_is_reported_and_counted, setup),
        cmocka_unit_test_setup(alloc_range_is_contiguous_lowest_fit, setup),
        cmocka_unit_test_setup(alloc_range_without_a_long_enough_run_returns_frame_none, setup),
        cmocka_unit_test_setup(freed_low_frame_is_found_next_by_the_hint, setup),
        cmocka_unit_test_setup(word_edges_of_a_region_are_masked_exactly, setup),
        cmocka_unit_test_setup(frame_0_is_never_allocatable_even_if_listed_free, setup),
        cmocka_unit_test_setup(init_without_free_memory_fails, setup),
        cmocka_unit_test_setup(unaligned_or_past_the_bitmap_is_refused_wherever_it_points, setup),
        cmocka_unit_test_setup(the_hint_skips_full_words_and_a_low_free_brings_it_back, setup),
        cmocka_unit_test_setup(init_again_starts_from_the_lowest_frame, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
