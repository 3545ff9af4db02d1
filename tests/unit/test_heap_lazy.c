/* test_heap_lazy.c - the heap's lazy poison (memory never handed out is neither poisoned
 * nor checked) and provoked misuse printed as `expect:`, over a host buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/lib/kprintf.h"
#include "kernel/mm/heap.h"
#include "tests/unit/heap_arena.h"
#include "tests/unit/host_kprintf.h"

static void assert_one_free_block(void)
{
    struct heap_stats s;
    heap_consolidate();
    heap_stats(&s);
    assert_int_equal(s.free_blocks, 1);
    assert_int_equal(s.used_blocks, 0);
    assert_true(heap_check());
}

/* Poison comes lazily: heap_init writes only the first header, so memory never
 * handed out keeps what it held and heap_check does not read it as poison. */
static void init_writes_only_the_header_and_never_used_memory_is_not_checked(void **state)
{
    (void)state;
    memset(arena, 0x5A, HEAP_BYTES);
    heap_init(arena, HEAP_BYTES);
    assert_int_equal(arena[HEAP_BYTES / 2], 0x5A); /* no memset of the whole heap */
    assert_int_equal(arena[HEAP_BYTES - 1], 0x5A);
    assert_true(heap_check());
    arena[HEAP_BYTES - 100] = 0x42; /* beyond anything handed out: no use after free */
    assert_true(heap_check());
}

/* Everything a freed block covered is poisoned, also when it merged with never-used
 * memory above it, and a write after free there is still found. */
static void a_block_freed_into_the_never_used_rest_is_poisoned_and_checked(void **state)
{
    (void)state;
    memset(arena, 0x5A, HEAP_BYTES);
    heap_init(arena, HEAP_BYTES);
    uint8_t *a = kmalloc(4000);
    memset(a, 0x11, 4000);
    kfree(a); /* merges with the untouched rest of the heap */
    for (int i = 32; i < 4000; i++)
        assert_int_equal(a[i], HEAP_POISON);
    assert_int_equal(arena[HEAP_BYTES / 2], 0x5A);
    assert_true(heap_check());
    a[3000] = 0x42;
    assert_false(heap_check());
    assert_true(strstr(host_kprintf_last(), "write after free") != NULL);
    a[3000] = HEAP_POISON;
    assert_one_free_block();
}

/* While a self-test provokes misuse on purpose, the line says `expect:`, not `error:`;
 * it is still counted. */
static void provoked_misuse_prints_expect_not_error(void **state)
{
    (void)state;
    uint8_t *a = kmalloc(64);
    kfree(a);
    kerr_expect(true);
    kfree(a);
    kerr_expect(false);
    assert_true(starts_with(host_kprintf_last(), "heap: expect: double free at 0x"));
    assert_int_equal(heap_errors(), 1);
    kfree(a);
    assert_true(starts_with(host_kprintf_last(), "heap: error: double free at 0x"));
    assert_int_equal(heap_errors(), 2);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, heap_arena_setup, heap_arena_teardown)
    const struct CMUnitTest tests[] = {
        T(init_writes_only_the_header_and_never_used_memory_is_not_checked),
        T(a_block_freed_into_the_never_used_rest_is_poisoned_and_checked),
        T(provoked_misuse_prints_expect_not_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
