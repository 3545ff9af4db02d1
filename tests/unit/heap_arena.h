/* heap_arena.h - what the heap's host tests share: a page-aligned buffer the heap is
 * built over before each test and given back after it, and a prefix check for the
 * heap's report lines. */
#ifndef TESTS_UNIT_HEAP_ARENA_H
#define TESTS_UNIT_HEAP_ARENA_H

#include <stdbool.h>
#include <stdint.h>

#define HEAP_BYTES (256u * 1024u)

extern uint8_t *arena; /* HEAP_BYTES, heap_init'ed by heap_arena_setup */

/* cmocka setup and teardown: a fresh heap over a fresh arena, the kprintf log cleared. */
int heap_arena_setup(void **state);
int heap_arena_teardown(void **state);

bool starts_with(const char *s, const char *prefix);

#endif
