/* heap_check.c - the whole-heap walk: heap_check (every header, neighbour, canary,
 * poison and list entry) and heap_stats. */
#include "heap_block.h"

#include "../lib/kprintf.h"

void heap_stats(struct heap_stats *s)
{
    s->size = (uint32_t)(heap_hi - heap_lo);
    s->used = s->free_blocks = s->used_blocks = s->cached_blocks = 0;
    for (struct block *b = heap_lo < heap_hi ? (struct block *)heap_lo : 0; b && header_sane(b);
         b = next_block(b)) {
        if (b->magic == MAGIC_FREE) {
            s->free_blocks++;
        } else if (b->magic == MAGIC_QUICK) {
            s->cached_blocks++;
        } else {
            s->used_blocks++;
            s->used += b->size;
        }
    }
}

static bool check_fail(struct block *b, const char *what)
{
    kprintf("heap: %s: check failed at block 0x%llx: %s\n", kerr(), ADDR(b), what);
    return false;
}

/* Poison from `skip` bytes into the payload (past the links) to the block's end or
 * heap_mark, whichever comes first. */
static bool poison_intact(struct block *b, uint32_t skip)
{
    uint8_t *end = (uint8_t *)b + b->size < heap_mark ? (uint8_t *)b + b->size : heap_mark;
    for (uint8_t *c = payload(b) + skip; c < end; c++)
        if (*c != HEAP_POISON)
            return false;
    return true;
}

bool heap_check(void)
{
    uint32_t prev_size = 0, free_count = 0, cached_count = 0;
    bool prev_free = false;
    uint8_t *p = heap_lo;
    while (p < heap_hi) {
        struct block *b = (struct block *)p;
        if (!header_sane(b))
            return check_fail(b, "bad header (magic or size)");
        if (b->prev_size != prev_size)
            return check_fail(b, "prev_size disagrees with the block below");
        if (b->magic == MAGIC_FREE) {
            if (prev_free)
                return check_fail(b, "two adjacent free blocks (missed coalesce)");
            if (!poison_intact(b, sizeof(struct links)))
                return check_fail(b, "poison overwritten (write after free)");
            free_count++;
        } else if (b->magic == MAGIC_QUICK) {
            if (b->size > QUICK_MAX || !poison_intact(b, sizeof(struct block *)))
                return check_fail(b, "cached block's poison overwritten (write after free)");
            cached_count++;
        } else if (b->req > b->size - HDR - CANARY_MIN || !canary_intact(b)) {
            return check_fail(b, "canary overwritten (overrun)");
        }
        prev_free = b->magic == MAGIC_FREE;
        prev_size = b->size;
        p += b->size;
    }
    if (p != heap_hi)
        return check_fail((struct block *)p, "blocks do not end at the heap end");
    struct block *last = 0;
    for (struct block *b = heap_free_head; b; b = links_of(b)->next) {
        if (free_count-- == 0)
            return check_fail(b, "free list longer than the free blocks");
        if ((uint8_t *)b < heap_lo || (uint8_t *)b >= heap_hi || b->magic != MAGIC_FREE)
            return check_fail(b, "free list entry is not a free block");
        if (b <= last || links_of(b)->prev != last)
            return check_fail(b, "free list out of order or badly linked");
        last = b;
    }
    if (free_count)
        return check_fail(last, "free list misses free blocks");
    for (uint32_t c = 0; c < QUICK_CLASSES; c++)
        for (struct block *b = heap_quick[c]; b; b = *quick_next(b)) {
            if (cached_count-- == 0)
                return check_fail(b, "cache lists longer than the cached blocks");
            if ((uint8_t *)b < heap_lo || (uint8_t *)b >= heap_hi || b->magic != MAGIC_QUICK ||
                b->size != c * HEAP_ALIGN)
                return check_fail(b, "cache list entry is not a cached block of its class");
        }
    if (cached_count)
        return check_fail(0, "cache lists miss cached blocks");
    return true;
}
