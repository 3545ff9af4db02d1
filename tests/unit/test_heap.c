/* test_heap.c - kmalloc/kfree over a host buffer: alignment, split and coalesce,
 * the small-size cache and its consolidation, error detection, and the heap=
 * command-line size. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/mm/heap.h"
#include "tests/unit/heap_arena.h"
#include "tests/unit/host_kprintf.h"

#define KiB 1024u
#define MiB (1024u * KiB)

/* After the cache has been emptied into the free list, the whole heap is one free
 * block again. */
static void assert_one_free_block(void)
{
    struct heap_stats s;
    heap_consolidate();
    heap_stats(&s);
    assert_int_equal(s.cached_blocks, 0);
    assert_int_equal(s.free_blocks, 1);
    assert_int_equal(s.used_blocks, 0);
    assert_int_equal(s.used, 0);
    assert_true(heap_check());
}

static void fresh_heap_is_one_free_block_of_the_whole_range(void **state)
{
    (void)state;
    struct heap_stats s;
    heap_stats(&s);
    assert_int_equal(s.size, HEAP_BYTES);
    assert_one_free_block();
    assert_int_equal(heap_errors(), 0);
}

static void unaligned_base_is_trimmed_to_16_bytes(void **state)
{
    (void)state;
    heap_init(arena + 3, 1000);
    uintptr_t base;
    uint32_t size;
    heap_range(&base, &size);
    assert_int_equal(base, (uintptr_t)arena + 16);
    assert_int_equal(size, (1003 & ~15u) - 16);
    void *p = kmalloc(10);
    assert_non_null(p);
    assert_int_equal((uintptr_t)p % HEAP_ALIGN, 0);
}

static void every_payload_is_16_byte_aligned_and_usable(void **state)
{
    (void)state;
    void *p[200];
    for (int i = 0; i < 200; i++) {
        p[i] = kmalloc((size_t)i + 1);
        assert_non_null(p[i]);
        assert_int_equal((uintptr_t)p[i] % HEAP_ALIGN, 0);
        memset(p[i], i, (size_t)i + 1);
    }
    for (int i = 0; i < 200; i++)
        for (int j = 0; j <= i; j++)
            assert_int_equal(((uint8_t *)p[i])[j], (uint8_t)i);
    assert_true(heap_check());
    for (int i = 0; i < 200; i++)
        kfree(p[i]);
    assert_one_free_block();
    assert_int_equal(heap_errors(), 0);
}

/*
 *   [ A ][ B ][ C ][ rest (free) ]
 *   free B:  [ A ][ free ][ C ][ rest ]        2 free blocks
 *   free A:  [ free ....... ][ C ][ rest ]     merged with the block above
 *   free C:  [ free ............................ ]  merged with both neighbours
 */
static void freeing_middle_then_both_sides_coalesces_into_one_block(void **state)
{
    (void)state;
    /* all larger than the cache's largest block: kfree merges at once */
    void *a = kmalloc(300), *b = kmalloc(400), *c = kmalloc(500);
    struct heap_stats s;
    kfree(b);
    heap_stats(&s);
    assert_int_equal(s.free_blocks, 2);
    assert_int_equal(s.used_blocks, 2);
    kfree(a);
    heap_stats(&s);
    assert_int_equal(s.free_blocks, 2);
    assert_int_equal(s.used_blocks, 1);
    assert_true(heap_check());
    kfree(c);
    assert_one_free_block();
}

/*
 *   [ A ][ B ][ C ][ D ][ rest ]   free A, C: holes at A and C
 *   kmalloc(size of A): first fit takes A's hole, the lowest
 */
static void first_fit_reuses_the_lowest_hole_that_fits(void **state)
{
    (void)state;
    void *a = kmalloc(400), *b = kmalloc(400), *c = kmalloc(400), *d = kmalloc(400);
    kfree(a);
    kfree(c);
    assert_ptr_equal(kmalloc(400), a);
    assert_ptr_equal(kmalloc(400), c);
    void *big = kmalloc(1000); /* fits in neither hole: comes from the rest */
    assert_true((uint8_t *)big > (uint8_t *)d);
    (void)b;
}

/*
 *   [ hole of 4 KiB ][ used ][ rest ]
 *   kmalloc(100) splits the hole: [ 100+ ][ free remainder ][ used ][ rest ]
 */
static void allocation_from_a_larger_hole_splits_it(void **state)
{
    (void)state;
    void *a = kmalloc(4000), *b = kmalloc(16);
    kfree(a);
    void *x = kmalloc(100);
    assert_ptr_equal(x, a);
    struct heap_stats s;
    heap_stats(&s);
    assert_int_equal(s.used_blocks, 2);
    assert_int_equal(s.free_blocks, 2);
    void *y = kmalloc(1000); /* fits in the remainder, below b */
    assert_true((uint8_t *)y > (uint8_t *)x && (uint8_t *)y < (uint8_t *)b);
    assert_true(heap_check());
}

static void freed_payload_is_poisoned_and_a_write_after_free_fails_the_check(void **state)
{
    (void)state;
    uint8_t *a = kmalloc(512);
    void *keep = kmalloc(16); /* keeps a from merging into the rest */
    memset(a, 0x11, 512);
    kfree(a);
    int poisoned = 0;
    for (int i = 0; i < 512; i++)
        poisoned += a[i] == HEAP_POISON;
    assert_true(poisoned >= 512 - 32); /* all but the free-list links */
    assert_true(heap_check());
    a[300] = 0x42;
    assert_false(heap_check());
    assert_true(strstr(host_kprintf_last(), "write after free") != NULL);
    a[300] = HEAP_POISON;
    assert_true(heap_check());
    kfree(keep);
    assert_one_free_block();
}

static void kzalloc_zeroes_memory_that_held_old_data(void **state)
{
    (void)state;
    uint8_t *a = kmalloc(1000);
    memset(a, 0x77, 1000);
    kfree(a);
    uint8_t *z = kzalloc(1000);
    assert_ptr_equal(z, a);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(z[i], 0);
}

static void double_free_is_reported_counted_and_ignored(void **state)
{
    (void)state;
    void *a = kmalloc(64), *b = kmalloc(64);
    kfree(a);
    kfree(a);
    assert_int_equal(heap_errors(), 1);
    assert_true(starts_with(host_kprintf_last(), "heap: error: double free at 0x"));
    assert_true(heap_check());
    kfree(b);
    assert_one_free_block();
}

/*
 *   [ A ][ B ][ rest ]  free B (merges with rest), free A (merges too): A's header
 *   is now inside the one free block. Freeing A again is still a double free.
 */
static void double_free_after_the_block_was_merged_is_still_a_double_free(void **state)
{
    (void)state;
    void *a = kmalloc(300), *b = kmalloc(300);
    kfree(b);
    kfree(a);
    kfree(b);
    assert_int_equal(heap_errors(), 1);
    assert_true(starts_with(host_kprintf_last(), "heap: error: double free at 0x"));
    assert_one_free_block();
}

static void overrun_into_the_canary_is_reported_at_kfree_and_the_block_kept(void **state)
{
    (void)state;
    uint8_t *a = kmalloc(20);
    void *b = kmalloc(20);
    a[20] = 0; /* one byte past what was asked for */
    kfree(a);
    assert_int_equal(heap_errors(), 1);
    assert_true(starts_with(host_kprintf_last(), "heap: error: corrupted block at 0x"));
    assert_false(heap_check()); /* the canary stays broken: heap_check sees it too */
    struct heap_stats s;
    heap_stats(&s);
    assert_int_equal(s.used_blocks, 2); /* a was not freed */
    kfree(b);
    assert_int_equal(heap_errors(), 1);
}

/*
 *   [ A ][ B hdr | B ][ rest ]   A overruns by 64 bytes: over its canary and B's header
 *   kfree(A): reported, A not merged with anything
 */
static void overrun_onto_the_next_header_is_reported_and_nothing_merges(void **state)
{
    (void)state;
    uint8_t *a = kmalloc(32);
    uint8_t *b = kmalloc(32);
    memset(a, 0x5A, (size_t)(b - a) + 8);
    kfree(a);
    assert_int_equal(heap_errors(), 1);
    assert_true(starts_with(host_kprintf_last(), "heap: error: corrupted block at 0x"));
    kfree(b);
    assert_int_equal(heap_errors(), 2);
    assert_true(strstr(host_kprintf_last(), "magic 0x5a5a5a5a") != NULL);
}

static void free_of_a_pointer_outside_the_heap_is_reported(void **state)
{
    (void)state;
    int local;
    kfree(&local);
    assert_int_equal(heap_errors(), 1);
    assert_true(starts_with(host_kprintf_last(), "heap: error: bad pointer 0x"));
    void *a = kmalloc(64);
    kfree((uint8_t *)a + 8); /* inside the heap but not 16-aligned */
    assert_int_equal(heap_errors(), 2);
    kfree(NULL); /* allowed, like free(NULL) */
    assert_int_equal(heap_errors(), 2);
    kfree(a);
    assert_one_free_block();
}

static void exhaustion_returns_null_and_the_heap_stays_consistent(void **state)
{
    (void)state;
    void *p[HEAP_BYTES / 64];
    int n = 0;
    /* 44 bytes + 16 of header + the 4-byte minimum canary: 64-byte blocks, no waste */
    while (n < (int)(HEAP_BYTES / 64) && (p[n] = kmalloc(44)) != NULL)
        n++;
    assert_int_equal(n, HEAP_BYTES / 64);
    assert_null(kmalloc(16));
    assert_null(kmalloc(HEAP_BYTES)); /* larger than the whole heap */
    assert_null(kmalloc(0));
    assert_true(heap_check());
    for (int i = 0; i < n; i += 2)
        kfree(p[i]);
    assert_true(heap_check());
    for (int i = 1; i < n; i += 2)
        kfree(p[i]);
    assert_one_free_block();
    assert_non_null(kmalloc(HEAP_BYTES - 64)); /* the whole heap is one block again */
    assert_int_equal(heap_errors(), 0);
}

/* Random sizes and a random free order against a shadow copy of every payload. */
static void random_allocations_keep_their_contents_and_coalesce_at_the_end(void **state)
{
    (void)state;
    enum { SLOTS = 300 };
    uint8_t *p[SLOTS] = {0};
    size_t len[SLOTS] = {0};
    srand(12345);
    for (int round = 0; round < 20000; round++) {
        int i = rand() % SLOTS;
        if (p[i]) {
            for (size_t j = 0; j < len[i]; j++)
                assert_int_equal(p[i][j], (uint8_t)(i + j));
            kfree(p[i]);
            p[i] = NULL;
        } else {
            len[i] = (size_t)(rand() % 2000) + 1;
            p[i] = kmalloc(len[i]);
            if (p[i]) {
                assert_int_equal((uintptr_t)p[i] % HEAP_ALIGN, 0);
                for (size_t j = 0; j < len[i]; j++)
                    p[i][j] = (uint8_t)(i + j);
            }
        }
        if (round % 1000 == 0)
            assert_true(heap_check());
    }
    for (int i = 0; i < SLOTS; i++)
        kfree(p[i]);
    assert_one_free_block();
    assert_int_equal(heap_errors(), 0);
}

/* ---- the small-size cache ---- */

static void a_freed_small_block_is_cached_and_reused_by_the_next_kmalloc_of_its_size(void **state)
{
    (void)state;
    void *a = kmalloc(64), *b = kmalloc(64);
    kfree(a);
    struct heap_stats s;
    heap_stats(&s);
    assert_int_equal(s.cached_blocks, 1);
    assert_int_equal(s.used_blocks, 1);
    assert_true(heap_check());
    assert_ptr_equal(kmalloc(70), a); /* 64 and 70 bytes round to the same 96-byte block */
    kfree(b);
    kfree(a);
    assert_ptr_equal(kmalloc(64), a); /* last in, first out */
    assert_ptr_equal(kmalloc(64), b);
    assert_int_equal(heap_errors(), 0);
}

static void a_cached_block_freed_again_is_a_double_free(void **state)
{
    (void)state;
    void *a = kmalloc(32), *b = kmalloc(32);
    kfree(a);
    kfree(a);
    assert_int_equal(heap_errors(), 1);
    assert_true(starts_with(host_kprintf_last(), "heap: error: double free at 0x"));
    kfree(b);
    assert_one_free_block();
    kfree(a); /* now merged into the free block: still a double free */
    assert_int_equal(heap_errors(), 2);
    assert_true(starts_with(host_kprintf_last(), "heap: error: double free at 0x"));
}

static void a_write_after_free_into_a_cached_block_fails_the_check(void **state)
{
    (void)state;
    uint8_t *a = kmalloc(100);
    void *keep = kmalloc(16);
    kfree(a);
    assert_true(heap_check());
    a[50] = 0x42;
    assert_false(heap_check());
    assert_true(strstr(host_kprintf_last(), "write after free") != NULL);
    a[50] = HEAP_POISON;
    kfree(keep);
    assert_one_free_block();
}

/* A write after free that changes a cached block's link: the bad entry is reported
 * when the cache reaches it and is never handed out. */
static void a_corrupted_cache_link_is_reported_and_not_followed(void **state)
{
    (void)state;
    uint8_t *a = kmalloc(64);
    kfree(a);
    uintptr_t bogus = 0x1234;
    memcpy(a, &bogus, sizeof bogus);
    assert_ptr_equal(kmalloc(64), a); /* the head itself is sound */
    uint8_t *b = kmalloc(64);
    assert_non_null(b);
    assert_true(b >= arena && b < arena + HEAP_BYTES);
    assert_int_equal(heap_errors(), 1);
    assert_true(strstr(host_kprintf_last(), "cache of 96-byte blocks holds a bad entry 0x1234") !=
                NULL);
    assert_true(heap_check());
}

/* The heap full of small blocks, all freed into the cache: a large request still
 * succeeds, because kmalloc consolidates the cache before it gives up. */
static void a_large_request_consolidates_the_cache_before_failing(void **state)
{
    (void)state;
    enum { N = HEAP_BYTES / 64 };
    static void *p[N];
    for (int i = 0; i < N; i++)
        assert_non_null(p[i] = kmalloc(44)); /* 64-byte blocks */
    assert_null(kmalloc(16));
    for (int i = 0; i < N; i++)
        kfree(p[i]);
    struct heap_stats s;
    heap_stats(&s);
    assert_int_equal(s.cached_blocks, N);
    assert_int_equal(s.free_blocks, 0);
    assert_true(heap_check());
    void *big = kmalloc(HEAP_BYTES / 2);
    assert_ptr_equal(big, arena + 16); /* the first payload, behind its header */
    heap_stats(&s);
    assert_int_equal(s.cached_blocks, 0);
    assert_int_equal(s.used_blocks, 1);
    kfree(big);
    assert_one_free_block();
    assert_int_equal(heap_errors(), 0);
}

/* ---- the short paths of kmalloc and kfree ---- */

/* The header in front of a payload: magic, size, prev_size, req (heap.c). */
#define HDR_SIZE(p) (((uint32_t *)(p))[-3])

static void requests_of_zero_or_more_than_the_heap_return_null(void **state)
{
    (void)state;
    assert_null(kmalloc(0));
    assert_null(kmalloc(SIZE_MAX)); /* n - 1 does not wrap to something small */
    assert_null(kmalloc(HEAP_BYTES + 1));
    assert_null(kmalloc(HEAP_BYTES)); /* fits no block: the header needs room too */
    assert_int_equal(heap_errors(), 0);
    assert_one_free_block();
}

/* Two blocks of n bytes; the first one's size is overwritten with bad_size and the
 * block freed: refused with a corrupted-block report that contains `why`, and the
 * block is neither cached nor freed. Then the size is put back and both are freed:
 * the heap is whole again, with that one error. */
static void kfree_refuses_an_overwritten_size(size_t n, uint32_t bad_size, const char *why)
{
    uint8_t *a = kmalloc(n);
    void *b = kmalloc(n);
    uint32_t size = HDR_SIZE(a);
    HDR_SIZE(a) = bad_size;
    kfree(a);
    assert_int_equal(heap_errors(), 1);
    assert_true(starts_with(host_kprintf_last(), "heap: error: corrupted block at 0x"));
    assert_non_null(strstr(host_kprintf_last(), why));
    struct heap_stats s;
    heap_stats(&s); /* walks up to a damaged header: nothing cached or free below it */
    assert_int_equal(s.cached_blocks + s.free_blocks, 0);
    HDR_SIZE(a) = size;
    kfree(a);
    kfree(b);
    assert_one_free_block();
    assert_int_equal(heap_errors(), 1);
}

/*
 *   [ A 96 ][ B 96 ][ never used ...      ]   heap_mark at B's end
 *   A's size overwritten to 256: a block size, inside the heap, but past the mark,
 *   so not what was handed out: reported, and A is neither cached nor merged
 */
static void a_small_block_whose_size_grew_past_the_used_heap_is_reported_not_cached(void **state)
{
    (void)state;
    kfree_refuses_an_overwritten_size(64, 256, "past the used heap");
}

/*
 *   [ A 544 ][ B ][ rest ]   A's size overwritten to 545: no block size at all, so
 *   neither the cache's nor the free list's: reported as corrupted, nothing merged
 */
static void a_large_block_whose_size_is_no_block_size_is_reported(void **state)
{
    (void)state;
    kfree_refuses_an_overwritten_size(512, 545, "(magic 0x");
}

static void a_freed_small_block_is_poisoned_from_its_link_to_its_end(void **state)
{
    (void)state;
    uint8_t *a = kmalloc(64); /* a 96-byte block: 80 bytes of payload and slack */
    void *keep = kmalloc(64);
    memset(a, 0x11, 64 + 4 + 12); /* the payload, the canary, the slack */
    ((uint32_t *)a)[64 / 4] = 0xC5C5C5C5u; /* the canary back, so kfree accepts */
    kfree(a);
    assert_int_equal(heap_errors(), 0);
    for (size_t i = sizeof(void *); i < 96 - 16; i++)
        assert_int_equal(a[i], HEAP_POISON);
    assert_true(heap_check());
    kfree(keep);
    assert_one_free_block();
}

/*
 *   below heap_lo | heap_lo: first header | payloads ... | heap_hi
 *   a pointer below the heap, at a header or at the end is no payload: refused
 */
static void pointers_below_at_the_start_or_past_the_heap_are_bad_pointers(void **state)
{
    (void)state;
    uintptr_t base;
    uint32_t size;
    heap_init(arena + 64, HEAP_BYTES - 64); /* room below the heap, inside the arena */
    heap_range(&base, &size);
    uint8_t *bad[] = {(uint8_t *)base - 32, (uint8_t *)base, (uint8_t *)base + size,
                      (uint8_t *)base + size + 16};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        kfree(bad[i]);
        assert_int_equal(heap_errors(), i + 1);
        assert_true(starts_with(host_kprintf_last(), "heap: error: bad pointer 0x"));
    }
    assert_one_free_block();
}

/* ---- heap_size_from_cmdline ---- */

static char err[160];

static uint32_t size_of(const char *cmdline, uint64_t usable)
{
    err[0] = '\0';
    return heap_size_from_cmdline(cmdline, usable, err, sizeof err);
}

static void default_size_is_a_sixteenth_of_usable_ram_clamped_to_1m_64m(void **state)
{
    (void)state;
    assert_int_equal(size_of("", 256ull * MiB), 16 * MiB);
    assert_int_equal(size_of(NULL, 256ull * MiB), 16 * MiB);
    assert_int_equal(size_of("test quiet", 8ull * MiB), 1 * MiB);
    assert_int_equal(size_of("test", 3ull << 30), 64 * MiB);
    assert_int_equal(size_of("", 100ull * MiB + 4096), 100 * MiB / 16); /* page aligned down */
    assert_int_equal(err[0], '\0');
}

static void explicit_sizes_in_kib_k_and_m(void **state)
{
    (void)state;
    assert_int_equal(size_of("heap=4096", 256ull * MiB), 4 * MiB);
    assert_int_equal(size_of("heap=512K", 256ull * MiB), 512 * KiB);
    assert_int_equal(size_of("heap=512k", 256ull * MiB), 512 * KiB);
    assert_int_equal(size_of("test heap=2M quiet", 256ull * MiB), 2 * MiB);
    assert_int_equal(size_of("heap=3m", 256ull * MiB), 3 * MiB);
    assert_int_equal(size_of("heap=64K", 256ull * MiB), 64 * KiB); /* the minimum itself */
    assert_int_equal(size_of("heap=65", 256ull * MiB), 68 * KiB); /* rounded up to a page */
    assert_int_equal(size_of("heap=1M heap=3M", 256ull * MiB), 3 * MiB); /* last one wins */
    assert_int_equal(size_of("xheap=3M", 256ull * MiB), 16 * MiB); /* not the heap= word */
    assert_int_equal(err[0], '\0');
}

static void malformed_values_are_refused_with_a_message(void **state)
{
    (void)state;
    const char *bad[] = { "heap=", "heap=M", "heap=12Q", "heap=-5", "heap=1.5M",
                          "heap=4MB", "heap=99999999999999999999M", "heap= 4M" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(size_of(bad[i], 256ull * MiB), 0);
        assert_true(starts_with(err, "cmdline: heap="));
        assert_true(strstr(err, "bad value") != NULL);
    }
    size_of("heap=12Q", 256ull * MiB);
    assert_string_equal(err, "cmdline: heap=12Q: bad value (want N KiB, NK or NM)");
}

static void explicit_sizes_below_64k_or_above_half_of_ram_are_refused(void **state)
{
    (void)state;
    assert_int_equal(size_of("heap=32K", 256ull * MiB), 0);
    assert_string_equal(err, "cmdline: heap=32K: below the minimum of 64 KiB");
    assert_int_equal(size_of("heap=0", 256ull * MiB), 0);
    assert_int_equal(size_of("heap=200M", 256ull * MiB), 0);
    assert_true(strstr(err, "more than half of usable RAM") != NULL);
    assert_int_equal(size_of("heap=128M", 256ull * MiB), 128 * MiB); /* exactly half */
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, heap_arena_setup, heap_arena_teardown)
    const struct CMUnitTest tests[] = {
        T(fresh_heap_is_one_free_block_of_the_whole_range),
        T(unaligned_base_is_trimmed_to_16_bytes),
        T(every_payload_is_16_byte_aligned_and_usable),
        T(freeing_middle_then_both_sides_coalesces_into_one_block),
        T(first_fit_reuses_the_lowest_hole_that_fits),
        T(allocation_from_a_larger_hole_splits_it),
        T(freed_payload_is_poisoned_and_a_write_after_free_fails_the_check),
        T(kzalloc_zeroes_memory_that_held_old_data),
        T(double_free_is_reported_counted_and_ignored),
        T(double_free_after_the_block_was_merged_is_still_a_double_free),
        T(overrun_into_the_canary_is_reported_at_kfree_and_the_block_kept),
        T(overrun_onto_the_next_header_is_reported_and_nothing_merges),
        T(free_of_a_pointer_outside_the_heap_is_reported),
        T(exhaustion_returns_null_and_the_heap_stays_consistent),
        T(random_allocations_keep_their_contents_and_coalesce_at_the_end),
        T(a_freed_small_block_is_cached_and_reused_by_the_next_kmalloc_of_its_size),
        T(a_cached_block_freed_again_is_a_double_free),
        T(a_write_after_free_into_a_cached_block_fails_the_check),
        T(a_corrupted_cache_link_is_reported_and_not_followed),
        T(a_large_request_consolidates_the_cache_before_failing),
        T(requests_of_zero_or_more_than_the_heap_return_null),
        T(a_small_block_whose_size_grew_past_the_used_heap_is_reported_not_cached),
        T(a_large_block_whose_size_is_no_block_size_is_reported),
        T(a_freed_small_block_is_poisoned_from_its_link_to_its_end),
        T(pointers_below_at_the_start_or_past_the_heap_are_bad_pointers),
        cmocka_unit_test(default_size_is_a_sixteenth_of_usable_ram_clamped_to_1m_64m),
        cmocka_unit_test(explicit_sizes_in_kib_k_and_m),
        cmocka_unit_test(malformed_values_are_refused_with_a_message),
        cmocka_unit_test(explicit_sizes_below_64k_or_above_half_of_ram_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
