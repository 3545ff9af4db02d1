/* baseline_frames.c - the frame allocator a careful engineer writes when no safety
 * check is asked for: one bit per frame and a lowest-free hint (allocation starts
 * at the lowest word that may have a free frame, as ToaruOS does), no record of
 * which frames were ever allocatable, so no double-free or reserved-frame check. */
#include "bench/baseline_frames.h"

#include <stdlib.h>
#include <string.h>

#define BITS 32u
#define FULL 0xFFFFFFFFu

static uint32_t *map; /* bit set = frame not free */
static uint32_t words;
static uint32_t hint; /* every word below it is full */

uint32_t baseline_frames_init(const struct memmap *m)
{
    uint32_t frames = (uint32_t)(m->free[m->nfree - 1].end >> PAGE_SHIFT);
    words = (frames + BITS - 1) / BITS;
    map = malloc((size_t)words * sizeof *map);
    if (!map)
        abort();
    memset(map, 0xFF, (size_t)words * sizeof *map);
    uint32_t nfree = 0;
    for (uint32_t r = 0; r < m->nfree; r++) {
        uint32_t f = (uint32_t)(m->free[r].base >> PAGE_SHIFT);
        uint32_t end = (uint32_t)(m->free[r].end >> PAGE_SHIFT);
        for (f = f ? f : 1; f < end; f++, nfree++)
            map[f / BITS] &= ~(1u << (f % BITS));
    }
    hint = 0;
    return nfree;
}

paddr_t baseline_frame_alloc(void)
{
    for (uint32_t w = hint; w < words; w++) {
        if (map[w] != FULL) {
            hint = w;
            uint32_t bit = (uint32_t)__builtin_ctz(~map[w]);
            map[w] |= 1u << bit;
            return (w * BITS + bit) << PAGE_SHIFT;
        }
    }
    hint = words;
    return 0;
}

void baseline_frame_free(paddr_t pa)
{
    uint32_t f = pa >> PAGE_SHIFT;
    map[f / BITS] &= ~(1u << (f % BITS));
    if (f / BITS < hint)
        hint = f / BITS;
}

void baseline_frames_done(void)
{
    free(map);
    map = 0;
}
