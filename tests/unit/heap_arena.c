/* heap_arena.c - the heap tests' arena (see heap_arena.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/mm/heap.h"
#include "tests/unit/heap_arena.h"
#include "tests/unit/host_kprintf.h"

uint8_t *arena;

int heap_arena_setup(void **state)
{
    (void)state;
    arena = aligned_alloc(4096, HEAP_BYTES);
    assert_non_null(arena);
    heap_init(arena, HEAP_BYTES);
    host_kprintf_reset();
    return 0;
}

int heap_arena_teardown(void **state)
{
    (void)state;
    free(arena);
    return 0;
}

bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}
