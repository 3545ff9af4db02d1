/* heap.c - the self-test `heap`: a reproducible stress of kmalloc/kfree with poison and
 * canary checks, then (selftest=full) deliberate misuse that must be caught. */
#include <stdbool.h>
#include <stdint.h>

#include "../mm/heap.h"
#include "check.h"

#define HEAP_SLOTS 64
#define HEAP_ROUNDS 3000      /* full */
#define HEAP_QUICK_ROUNDS 600 /* quick */

static uint32_t rng_state = 0x12345678u;
static uint32_t rng(void) /* xorshift32: reproducible sizes and order */
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static uint8_t *slot_p[HEAP_SLOTS];
static uint32_t slot_n[HEAP_SLOTS];

static uint8_t fill_byte(uint32_t slot, uint32_t i) { return (uint8_t)(slot * 31 + i); }

static bool heap_free_slot(uint32_t s)
{
    uint8_t *p = slot_p[s];
    uint32_t n = slot_n[s];
    for (uint32_t i = 0; i < n; i++)
        if (p[i] != fill_byte(s, i))
            return FAIL("block %p byte %u changed to 0x%02x", (void *)p, i, p[i]);
    kfree(p);
    slot_p[s] = 0;
    /* Past the free-list links the payload must now be poison (also when it was
     * merged into a neighbour, whose header moved away from here). */
    for (uint32_t i = 16; i < n; i++)
        if (p[i] != HEAP_POISON)
            return FAIL("freed block %p byte %u is 0x%02x, not poison", (void *)p, i, p[i]);
    return true;
}

static uint32_t heap_size_of(uint32_t r)
{
    switch (r % 8) {
    case 0: return 1 + r % 15;         /* tiny */
    case 7: return 4096 + r % 12288;   /* several pages */
    default: return 1 + r % 1024;
    }
}

static bool heap_stress(void)
{
    uint32_t rounds = selftest_full ? HEAP_ROUNDS : HEAP_QUICK_ROUNDS;
    for (uint32_t round = 0; round < rounds; round++) {
        uint32_t r = rng(), s = r % HEAP_SLOTS;
        if (slot_p[s]) {
            if (!heap_free_slot(s))
                return false;
            continue;
        }
        uint32_t n = heap_size_of(r >> 8);
        uint8_t *p = kmalloc(n);
        if (!p)
            continue; /* a small heap may run out: that is allowed */
        if ((uintptr_t)p % HEAP_ALIGN)
            return FAIL("kmalloc(%u) = %p not %u-aligned", n, (void *)p, HEAP_ALIGN);
        for (uint32_t i = 0; i < n; i++)
            p[i] = fill_byte(s, i);
        slot_p[s] = p;
        slot_n[s] = n;
        if (round % 500 == 0 && !heap_check())
            return FAIL("heap_check failed at round %u", round);
    }
    for (uint32_t s = 0; s < HEAP_SLOTS; s++)
        if (slot_p[s] && !heap_free_slot(s))
            return false;
    return true;
}

static bool heap_misuse(uint32_t errs);

bool check_heap(void)
{
    struct heap_stats before, after;
    heap_consolidate();
    heap_stats(&before);
    uint32_t errs = heap_errors();
    if (!heap_check())
        return FAIL("heap_check failed before the test");
    if (!heap_stress())
        return false;
    if (!heap_check())
        return FAIL("heap_check failed after the stress");

    uint8_t *z = kzalloc(300);
    if (!z)
        return FAIL("kzalloc(300) failed");
    for (uint32_t i = 0; i < 300; i++)
        if (z[i])
            return FAIL("kzalloc byte %u is 0x%02x", i, z[i]);
    kfree(z);
    if (kmalloc(before.size) != 0)
        return FAIL("kmalloc of the whole heap (%u) succeeded", before.size);

    if (selftest_full) {
        kerr_expect(true);
        bool caught = heap_misuse(errs);
        kerr_expect(false);
        if (!caught)
            return false;
    }
    if (!heap_check())
        return FAIL("heap_check failed at the end");
    /* Freed small blocks wait in the size cache: emptied, the heap is as before. */
    heap_consolidate();
    if (!heap_check())
        return FAIL("heap_check failed after consolidating the cache");
    heap_stats(&after);
    if (after.used_blocks != before.used_blocks || after.used != before.used ||
        after.free_blocks != before.free_blocks)
        return FAIL("blocks used %u->%u free %u->%u", before.used_blocks, after.used_blocks,
                    before.free_blocks, after.free_blocks);
    if (before.used_blocks == 0 && after.free_blocks != 1)
        return FAIL("empty heap in %u free blocks, not 1", after.free_blocks);
    return true;
}

/* selftest=full: a write after free and a double free, provoked on purpose, must be
 * caught (one `heap: expect:` line each) and counted. */
static bool heap_misuse(uint32_t errs)
{
    /* A write after free must be found by heap_check (it prints one line). */
    kprintf("selftest: heap: the next 2 expect: lines are deliberate misuse\n");
    uint8_t *p = kmalloc(256), *q = kmalloc(16);
    if (!p || !q)
        return FAIL("kmalloc(256/16) failed");
    kfree(p);
    p[100] ^= 0xFF;
    bool caught = !heap_check();
    p[100] ^= 0xFF;
    if (!caught)
        return FAIL("write after free not found by heap_check");
    kfree(q);

    /* A deliberate double free: reported (one line), counted, ignored. */
    p = kmalloc(64);
    kfree(p);
    kfree(p);
    if (heap_errors() != errs + 1)
        return FAIL("double free: heap_errors %u->%u, want +1", errs, heap_errors());
    return true;
}
