/* test_paging.c - page tables built by paging.c on simulated physical memory,
 * checked by the independent walker in pt_walk.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/mm/frames.h"
#include "kernel/mm/paging.h"
#include "tests/unit/pt_walk.h"
#include "tests/unit/sim_phys.h"

#define KiB 1024ull
#define MiB (1024 * KiB)
#define GiB (1024 * MiB)
#define GARBAGE 0xAB /* fills frame memory before each test: bit 0 set, so it looks present */

/* Frames for page tables come from here (inside region "high" below). */
#define FRAMES_BASE (32 * MiB)
#define FRAMES_END (48 * MiB)

struct range {
    uint64_t base, end;
};

static struct memmap mm; /* only .free matters: it feeds frames_init */

/* A fresh machine: zeroed memory, frame pool full of garbage, empty directory. */
static void boot(uint64_t frames_base, uint64_t frames_end)
{
    sim_phys_reset();
    memset(phys_base + frames_base, GARBAGE, frames_end - frames_base);
    memset(&mm, 0, sizeof mm);
    mm.free[0] = (struct region){ frames_base, frames_end };
    mm.nfree = 1;
    assert_true(frames_init(&mm));
    assert_true(paging_init());
}

/* A machine whose frame pool holds exactly `n` frames for page tables (the
 * directory included); the frame bitmap takes the lowest page of the region. */
static void boot_with_frames(uint32_t n)
{
    boot(FRAMES_BASE, FRAMES_BASE + (uint64_t)(n + 1) * PAGE_SIZE);
    struct frame_stats s;
    frame_stats(&s);
    assert_int_equal(s.free, n - 1); /* the directory is already taken */
}

static uint32_t free_frames(void)
{
    struct frame_stats s;
    frame_stats(&s);
    return s.free;
}

static bool in_ranges(const struct range *r, int n, uint64_t a)
{
    for (int i = 0; i < n; i++)
        if (a >= r[i].base && a < r[i].end)
            return true;
    return false;
}

static bool overlaps(const struct range *r, int n, uint64_t lo, uint64_t hi)
{
    for (int i = 0; i < n; i++)
        if (r[i].base < hi && lo < r[i].end)
            return true;
    return false;
}

/*
 * The region map used by most tests (not to scale):
 *
 *   0     640K  1M          12M+20K      16M+12K          2G-8K   3.5G     3.5G+8M
 *   |-low-|     |--mid------|   (hole)   |--high---- ... -|       |--fb----|
 *   [ table 0 shared by low and mid ][ t1 ][ t2 ][ t3 partial ][ t4 partial ] ...
 *   [ t511 partial ]                                          [ t896 ][ t897 ] whole
 *
 * Tables 0, 3, 4 and 511 are covered partially, so their uncovered entries must be
 * zero although the frames they came from were full of garbage; 896 and 897 are
 * covered wholly.
 */
static const struct range regions[] = {
    { 0, 640 * KiB },
    { 1 * MiB, 12 * MiB + 20 * KiB },
    { 16 * MiB + 12 * KiB, 2 * GiB - 8 * KiB },
    { 3584 * MiB, 3584 * MiB + 8 * MiB },
};
#define NREGIONS ((int)(sizeof regions / sizeof regions[0]))
#define RO_BASE (1 * MiB + 4 * KiB) /* a pretend kernel .text/.rodata */
#define RO_END (1 * MiB + 64 * KiB)

static void map_regions(void)
{
    for (int i = 0; i < NREGIONS; i++)
        assert_true(paging_map_range((paddr_t)regions[i].base, regions[i].end, PTE_W));
}

/* Every 4 KiB page of the 4 GiB space: present exactly inside a region, translated
 * to itself, writable, and entries of present tables outside the regions are 0. */
static void identity_map_of_regions_with_holes_matches_an_independent_walk(void **state)
{
    (void)state;
    boot(FRAMES_BASE, FRAMES_END);
    map_regions();
    uint32_t cr3 = paging_directory();
    uint64_t mapped = 0;
    for (uint64_t va = 0; va < 4 * GiB; va += PAGE_SIZE) {
        struct ptw_result r = ptw_translate(cr3, (uint32_t)va);
        if (in_ranges(regions, NREGIONS, va)) {
            assert_true(r.present);
            assert_int_equal(r.pa, va);
            assert_true(r.writable);
            assert_int_equal(r.pte & PTE_FLAGS_MASK, PTE_P | PTE_W);
            assert_int_equal(r.pde & PTE_FLAGS_MASK, PTE_P | PTE_W);
            mapped++;
        } else {
            assert_false(r.present);
            if (r.pde) /* a table exists here: the hole's entry must be clean */
                assert_int_equal(r.pte, 0);
        }
    }
    uint64_t expect = 0;
    for (int i = 0; i < NREGIONS; i++)
        expect += (regions[i].end - regions[i].base) / PAGE_SIZE;
    assert_int_equal(mapped, expect);
}

static void one_page_table_per_4mib_of_mapped_space_plus_the_directory(void **state)
{
    (void)state;
    boot(FRAMES_BASE, FRAMES_END);
    uint32_t before = free_frames() + 1; /* the directory came from the pool too */
    map_regions();
    uint32_t expect = 0;
    for (uint64_t t = 0; t < 4 * GiB; t += PT_SPAN) {
        bool used = overlaps(regions, NREGIONS, t, t + PT_SPAN);
        expect += used;
        assert_int_equal(ptw_table_pa(paging_directory(), (uint32_t)(t >> 22)) != 0, used);
    }
    assert_int_equal(expect, 4 + 508 + 2);
    assert_int_equal(ptw_count_tables(paging_directory()), expect);
    assert_int_equal(paging_table_count(), expect);
    assert_int_equal(before - free_frames(), expect + 1);
}

/*
 *   table 5:  [ 20M .......................... 24M )
 *   range:         [ 21M+4K ....... 22M )
 *   expect: entries 0..256 and 512..1023 are 0 (the frame held 0xAB garbage)
 */
static void partially_covered_table_is_zeroed_outside_the_range(void **state)
{
    (void)state;
    boot(FRAMES_BASE, FRAMES_END);
    assert_true(paging_map_range(21 * MiB + 4 * KiB, 22 * MiB, PTE_W));
    uint32_t pt = ptw_table_pa(paging_directory(), 5);
    assert_int_not_equal(pt, 0);
    const uint32_t *e = (const uint32_t *)(phys_base + pt);
    for (uint32_t i = 0; i < PT_ENTRIES; i++) {
        uint32_t va = 20 * MiB + i * PAGE_SIZE;
        if (va >= 21 * MiB + 4 * KiB && va < 22 * MiB)
            assert_int_equal(e[i], va | PTE_P | PTE_W);
        else
            assert_int_equal(e[i], 0);
    }
}

/*
 *   range:  [ 8M ........................ 16M )  = tables 2 and 3 exactly
 *   expect: every entry written, each the previous + 4 KiB
 */
static void wholly_covered_tables_are_written_entry_by_entry(void **state)
{
    (void)state;
    boot(FRAMES_BASE, FRAMES_END);
    assert_true(paging_map_range(8 * MiB, 16 * MiB, PTE_W | PTE_PCD));
    for (uint32_t t = 2; t < 4; t++) {
        const uint32_t *e = (const uint32_t *)(phys_base + ptw_table_pa(paging_directory(), t));
        for (uint32_t i = 0; i < PT_ENTRIES; i++)
            assert_int_equal(e[i], (t * PT_SPAN + i * PAGE_SIZE) | PTE_P | PTE_W | PTE_PCD);
    }
    assert_int_equal(paging_table_count(), 2);
}

/*
 *   range:  [ 1M+100 ..... 2M-1 )   ->  pages [ 1M, 2M ) mapped
 */
static void unaligned_range_bounds_are_rounded_outward_to_pages(void **state)
{
    (void)state;
    boot(FRAMES_BASE, FRAMES_END);
    assert_true(paging_map_range(1 * MiB + 100, 2 * MiB - 1, PTE_W));
    uint32_t cr3 = paging_directory();
    assert_false(ptw_translate(cr3, 1 * MiB - PAGE_SIZE).present);
    assert_true(ptw_translate(cr3, 1 * MiB).present);
    assert_true(ptw_translate(cr3, 2 * MiB - PAGE_SIZE).present);
    assert_false(ptw_translate(cr3, 2 * MiB).present);
}

/*
 *   range:  [ 4G-8K, 4G )  the last two pages, table 1023
 */
static void range_ending_at_4gib_maps_the_last_page(void **state)
{
    (void)state;
    boot(FRAMES_BASE, FRAMES_END);
    assert_true(paging_map_range((paddr_t)(4 * GiB - 8 * KiB), 4 * GiB, PTE_W));
    struct ptw_result r = ptw_translate(paging_directory(), 0xFFFFF000u);
    assert_true(r.present);
    assert_int_equal(r.pa, 0xFFFFF000u);
    assert_false(ptw_translate(paging_directory(), 0xFFFFD000u).present);
}

static void range_beyond_4gib_is_refused_without_mapping_anything(void **state)
{
    (void)state;
    boot(FRAMES_BASE, FRAMES_END);
    uint32_t before = free_frames();
    assert_false(paging_map_range((paddr_t)(4 * GiB - 4 * MiB), 4 * GiB + 4096, PTE_W));
    assert_int_equal(free_frames(), before);
    assert_int_equal(ptw_count_tables(paging_directory()), 0);
}

/*
 *   frame pool: 3 frames (directory + 2 tables)
 *   range:  [ 0, 12M ) needs 3 tables  ->  false, the first 8M stay mapped
 */
static void map_range_reports_running_out_of_frames_for_tables(void **state)
{
    (void)state;
    boot_with_frames(3);
    assert_false(paging_map_range(0, 12 * MiB, PTE_W));
    assert_int_equal(free_frames(), 0);
    assert_true(ptw_translate(paging_directory(), 8 * MiB - PAGE_SIZE).present);
    assert_false(ptw_translate(paging_directory(), 8 * MiB).present);
}

static void map_page_and_unmap_page_request_invlpg_only_once_paging_is_on(void **state)
{
    (void)state;
    boot(FRAMES_BASE, FRAMES_END);
    uint32_t va = 0xE0000000u, cr3 = paging_directory();
    assert_true(map_page(va, 40 * MiB, PTE_W));
    assert_int_equal(paging_invlpg_count(), 0); /* paging off: nothing cached yet */
    paging_enable();
    assert_true(paging_is_on());
    assert_true(map_page(va, 41 * MiB, PTE_W));
    assert_int_equal(paging_invlpg_count(), 1);
    struct ptw_result r = ptw_translate(cr3, va + 0x123);
    assert_true(r.present);
    assert_int_equal(r.pa, 41 * MiB + 0x123);
    unmap_page(va);
    assert_int_equal(paging_invlpg_count(), 2);
    assert_false(ptw_translate(cr3, va).present);
    assert_false(paging_walk(va, NULL));
    unmap_page(0x10000000u); /* no table there: nothing to flush */
    assert_int_equal(paging_invlpg_count(), 2);
}

/*
 *   table for 3.5G:  new, for one page, in a frame full of garbage
 *   expect: the one entry set, the other 1023 zero
 */
static void map_page_into_a_hole_gets_a_zeroed_table(void **state)
{
    (void)state;
    boot(FRAMES_BASE, FRAMES_END);
    uint32_t va = 3584 * MiB + 5 * PAGE_SIZE;
    assert_true(map_page(va, 44 * MiB, PTE_W));
    uint32_t pt = ptw_table_pa(paging_directory(), va >> 22);
    const uint32_t *e = (const uint32_t *)(phys_base + pt);
    for (uint32_t i = 0; i < PT_ENTRIES; i++)
        assert_int_equal(e[i], i == 5 ? (44 * MiB) | PTE_P | PTE_W : 0);
    assert_int_equal(paging_table_count(), 1);
}

static void map_page_reports_running_out_of_frames(void **state)
{
    (void)state;
    boot_with_frames(1); /* just the directory */
    assert_false(map_page(0x400000, 0x400000, PTE_W));
    assert_false(paging_walk(0x400000, NULL));
}

/*
 *   mapped:  [ 1M ........................ 2M )
 *   R/O:        [ 1M+4K .. 1M+64K )     <- paging_set_flags(PTE_P only)
 */
static void set_flags_without_w_makes_exactly_the_range_read_only(void **state)
{
    (void)state;
    boot(FRAMES_BASE, FRAMES_END);
    assert_true(paging_map_range(1 * MiB, 2 * MiB, PTE_W));
    paging_enable();
    assert_true(paging_set_flags(RO_BASE, RO_END, 0));
    assert_int_equal(paging_invlpg_count(), (RO_END - RO_BASE) / PAGE_SIZE);
    uint32_t cr3 = paging_directory();
    for (uint32_t va = 1 * MiB; va < 2 * MiB; va += PAGE_SIZE) {
        struct ptw_result r = ptw_translate(cr3, va);
        assert_true(r.present);
        assert_int_equal(r.pa, va);
        assert_int_equal(r.writable, !(va >= RO_BASE && va < RO_END));
    }
}

static void set_flags_over_an_unmapped_page_reports_it_and_maps_nothing(void **state)
{
    (void)state;
    boot(FRAMES_BASE, FRAMES_END);
    assert_true(paging_map_range(1 * MiB, 2 * MiB, PTE_W));
    assert_false(paging_set_flags(2 * MiB - PAGE_SIZE, 2 * MiB + PAGE_SIZE, 0));
    assert_false(ptw_translate(paging_directory(), 2 * MiB).present);
    assert_false(ptw_translate(paging_directory(), 2 * MiB - PAGE_SIZE).writable);
}

/*
 *   0     4K                640K
 *   |-P0-|------ low ---------|     unmap_page(0): null pointers fault
 */
static void page_zero_is_not_present_after_unmap_while_its_neighbour_stays(void **state)
{
    (void)state;
    boot(FRAMES_BASE, FRAMES_END);
    map_regions();
    unmap_page(0);
    assert_false(ptw_translate(paging_directory(), 0).present);
    assert_false(ptw_translate(paging_directory(), 0xFFF).present);
    assert_true(ptw_translate(paging_directory(), PAGE_SIZE).present);
}

static void remapping_an_existing_range_while_on_flushes_the_whole_tlb(void **state)
{
    (void)state;
    boot(FRAMES_BASE, FRAMES_END);
    assert_true(paging_map_range(0, 8 * MiB, PTE_W));
    paging_enable();
    assert_int_equal(paging_flush_all_count(), 0);
    assert_true(paging_map_range(4 * MiB, 8 * MiB, 0)); /* now read-only */
    assert_int_equal(paging_flush_all_count(), 1);
    assert_false(ptw_translate(paging_directory(), 5 * MiB).writable);
    assert_true(ptw_translate(paging_directory(), 3 * MiB).writable);
}

/* paging_walk (paging.c's own) and the independent walker agree on every page of
 * the region map, 64 KiB apart, and on the hole pages between. */
static void paging_walk_agrees_with_the_independent_walker(void **state)
{
    (void)state;
    boot(FRAMES_BASE, FRAMES_END);
    map_regions();
    unmap_page(0);
    for (uint64_t va = 0; va < 4 * GiB; va += 64 * KiB) {
        pte_t pte = 0;
        bool mine = paging_walk((uint32_t)va, &pte);
        struct ptw_result r = ptw_translate(paging_directory(), (uint32_t)va);
        assert_int_equal(mine, r.present);
        if (mine)
            assert_int_equal(pte, r.pte);
    }
}

int main(void)
{
    sim_phys_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(identity_map_of_regions_with_holes_matches_an_independent_walk),
        cmocka_unit_test(one_page_table_per_4mib_of_mapped_space_plus_the_directory),
        cmocka_unit_test(partially_covered_table_is_zeroed_outside_the_range),
        cmocka_unit_test(wholly_covered_tables_are_written_entry_by_entry),
        cmocka_unit_test(unaligned_range_bounds_are_rounded_outward_to_pages),
        cmocka_unit_test(range_ending_at_4gib_maps_the_last_page),
        cmocka_unit_test(range_beyond_4gib_is_refused_without_mapping_anything),
        cmocka_unit_test(map_range_reports_running_out_of_frames_for_tables),
        cmocka_unit_test(map_page_and_unmap_page_request_invlpg_only_once_paging_is_on),
        cmocka_unit_test(map_page_into_a_hole_gets_a_zeroed_table),
        cmocka_unit_test(map_page_reports_running_out_of_frames),
        cmocka_unit_test(set_flags_without_w_makes_exactly_the_range_read_only),
        cmocka_unit_test(set_flags_over_an_unmapped_page_reports_it_and_maps_nothing),
        cmocka_unit_test(page_zero_is_not_present_after_unmap_while_its_neighbour_stays),
        cmocka_unit_test(remapping_an_existing_range_while_on_flushes_the_whole_tlb),
        cmocka_unit_test(paging_walk_agrees_with_the_independent_walker),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
