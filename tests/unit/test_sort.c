/* test_sort.c - shared/lib/sort.c: heap_sort and lib_sort, orders, sizes and the caller's
 * context, and lib_sort's cost on nearly sorted input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "shared/lib/sort.h"

static int by_u32(const void *a, const void *b, void *ctx)
{
    (void)ctx;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Both sorts give the same order: each case below runs them both. */
typedef void (*sort_fn)(void *base, size_t n, size_t size, sort_cmp cmp, void *ctx);
static const sort_fn sorts[] = {heap_sort, lib_sort};
#define NSORTS (sizeof sorts / sizeof sorts[0])

static void sorts_u32_ascending_with_duplicates(void **state)
{
    (void)state;
    for (size_t s = 0; s < NSORTS; s++) {
        uint32_t a[] = {9, 3, 7, 3, 0, 0xFFFFFFFFu, 1, 7, 2};
        const uint32_t want[] = {0, 1, 2, 3, 3, 7, 7, 9, 0xFFFFFFFFu};
        sorts[s](a, 9, sizeof a[0], by_u32, NULL);
        assert_memory_equal(a, want, sizeof want);
    }
}

static void empty_and_single_are_left_alone(void **state)
{
    (void)state;
    uint32_t one = 42;
    for (size_t s = 0; s < NSORTS; s++) {
        sorts[s](NULL, 0, sizeof one, by_u32, NULL);
        sorts[s](&one, 1, sizeof one, by_u32, NULL);
    }
    assert_int_equal(one, 42);
}

/* The loader's memory-map edges: 16-byte records sorted by a 64-bit key. */
struct edge {
    uint64_t pos;
    int32_t delta;
    uint32_t tag;
};

static int by_pos(const void *a, const void *b, void *ctx)
{
    (void)ctx;
    uint64_t x = ((const struct edge *)a)->pos, y = ((const struct edge *)b)->pos;
    return x < y ? -1 : x > y;
}

static void sorts_records_whole(void **state)
{
    (void)state;
    for (size_t s = 0; s < NSORTS; s++) {
        struct edge e[] = {{1ull << 40, 1, 0}, {5, -1, 1}, {0, 1, 2}, {1ull << 33, -1, 3}};
        sorts[s](e, 4, sizeof e[0], by_pos, NULL);
        assert_int_equal(e[0].tag, 2);
        assert_int_equal(e[1].tag, 1);
        assert_int_equal(e[1].delta, -1);
        assert_int_equal(e[2].tag, 3);
        assert_int_equal(e[3].tag, 0);
    }
}

/* The kernel's way: 16-bit indices ordered by what they index (ctx). */
static int by_key_at(const void *a, const void *b, void *ctx)
{
    const uint64_t *key = ctx;
    uint64_t x = key[*(const uint16_t *)a], y = key[*(const uint16_t *)b];
    return x < y ? -1 : x > y;
}

static void sorts_indices_by_context(void **state)
{
    (void)state;
    const uint64_t key[] = {300, 100, 200, 0};
    uint16_t order[] = {0, 1, 2, 3};
    heap_sort(order, 4, sizeof order[0], by_key_at, (void *)key);
    assert_int_equal(order[0], 3);
    assert_int_equal(order[1], 1);
    assert_int_equal(order[2], 2);
    assert_int_equal(order[3], 0);
}

static void fill_random(uint32_t *a, int n, uint32_t seed)
{
    for (int i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        a[i] = seed >> 8;
    }
}

static void sorts_8192_pseudo_random_keys(void **state)
{
    (void)state;
    enum { N = 8192 };
    static uint32_t a[N];
    fill_random(a, N, 12345);
    heap_sort(a, N, sizeof a[0], by_u32, NULL);
    for (int i = 1; i < N; i++)
        assert_true(a[i - 1] <= a[i]);
}

/* Counts comparisons, to show what lib_sort does with nearly sorted input. */
static unsigned ncmp;
static int by_u32_counted(const void *a, const void *b, void *ctx)
{
    ncmp++;
    return by_u32(a, b, ctx);
}

static void assert_ascending(const uint32_t *a, int n)
{
    for (int i = 1; i < n; i++)
        assert_true(a[i - 1] <= a[i]);
}

/* Sorted input: one comparison per element; one element out of place: a few more. */
static void lib_sort_is_linear_on_nearly_sorted_input(void **state)
{
    (void)state;
    enum { N = 240 };
    uint32_t a[N];
    for (int i = 0; i < N; i++)
        a[i] = 16u * (uint32_t)i;
    ncmp = 0;
    lib_sort(a, N, sizeof a[0], by_u32_counted, NULL);
    assert_int_equal(ncmp, N - 1);
    a[N - 1] = 40; /* the firmware's last descriptor out of order */
    ncmp = 0;
    lib_sort(a, N, sizeof a[0], by_u32_counted, NULL);
    assert_ascending(a, N);
    assert_true(ncmp < 2 * N);
}

/* Reversed and random input: past the budget heap_sort finishes; the result is the
 * same order and the comparisons stay O(n log n). */
static void lib_sort_bounds_the_cost_of_unsorted_input(void **state)
{
    (void)state;
    enum { N = 8192 };
    static uint32_t a[N];
    for (int i = 0; i < N; i++)
        a[i] = (uint32_t)(N - i);
    ncmp = 0;
    lib_sort(a, N, sizeof a[0], by_u32_counted, NULL);
    assert_ascending(a, N);
    assert_true(ncmp < (SORT_INSERTION_BUDGET + 2 * 14 + 2) * N); /* log2 8192 = 13 */
    fill_random(a, N, 777);
    lib_sort(a, N, sizeof a[0], by_u32, NULL);
    assert_ascending(a, N);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sorts_u32_ascending_with_duplicates),
        cmocka_unit_test(empty_and_single_are_left_alone),
        cmocka_unit_test(sorts_records_whole),
        cmocka_unit_test(sorts_indices_by_context),
        cmocka_unit_test(sorts_8192_pseudo_random_keys),
        cmocka_unit_test(lib_sort_is_linear_on_nearly_sorted_input),
        cmocka_unit_test(lib_sort_bounds_the_cost_of_unsorted_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
