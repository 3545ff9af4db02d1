/* frames.c - physical frame allocator: a used-bit per 4 KiB frame, freed by words, lowest-free hint. */
#include "frames.h"

#include "../lib/kprintf.h"

#define BITS_PER_WORD 32u
#define WORD_SHIFT 5u
#define WORD_FULL 0xFFFFFFFFu
#define FOUR_GIB (1ull << 32)

/*
 * Two bitmaps of `words` 32-bit words each, back to back in one block of free
 * memory taken with memmap_alloc:
 *   used   bit set = frame not available (allocated, reserved, a hole, or past the end)
 *   owned  bit set = frame was free when frames_init ran, so it may ever be freed
 * `owned` is what lets frame_free tell a double free (owned, already clear in used)
 * from a free of memory the allocator never had (not owned). Bit i of word w is
 * frame w*32+i. Both are reached through phys_ptr() so the host tests can run this
 * on simulated physical memory.
 */
static paddr_t used_pa, owned_pa;
static uint32_t words;   /* per bitmap */
static uint32_t nframes; /* frames covered: 0 .. nframes-1 */
static uint32_t nfree;
static uint32_t hint;    /* every word below it is full */
static uint32_t errors;

static uint32_t *used_map(void) { return phys_ptr(used_pa); }
static uint32_t *owned_map(void) { return phys_ptr(owned_pa); }

/* Bits lo..hi-1 of one word, 0 <= lo < hi <= 32. */
static uint32_t bit_span(uint32_t lo, uint32_t hi)
{
    uint32_t upto_hi = hi == BITS_PER_WORD ? WORD_FULL : (1u << hi) - 1;
    return upto_hi & ~((1u << lo) - 1);
}

/* Sets (set=1) or clears bits [first, end) of map: masks for the partial words at
 * the edges, whole-word stores in between. */
static void fill_bits(uint32_t *map, uint32_t first, uint32_t end, int set)
{
    if (first >= end)
        return;
    uint32_t w0 = first >> WORD_SHIFT, w1 = (end - 1) >> WORD_SHIFT;
    uint32_t lo = first & (BITS_PER_WORD - 1), hi = ((end - 1) & (BITS_PER_WORD - 1)) + 1;
    if (w0 == w1) {
        uint32_t mask = bit_span(lo, hi);
        map[w0] = set ? map[w0] | mask : map[w0] & ~mask;
        return;
    }
    uint32_t head = bit_span(lo, BITS_PER_WORD), tail = bit_span(0, hi);
    map[w0] = set ? map[w0] | head : map[w0] & ~head;
    for (uint32_t w = w0 + 1; w < w1; w++)
        map[w] = set ? WORD_FULL : 0;
    map[w1] = set ? map[w1] | tail : map[w1] & ~tail;
}

bool frames_init(struct memmap *m)
{
    nframes = words = nfree = hint = errors = 0;
    used_pa = owned_pa = 0;
    if (m->nfree == 0)
        return false;

    /* Sized from the highest free frame; regions are sorted and below 4 GiB. */
    uint64_t top = m->free[m->nfree - 1].end;
    if (top > FOUR_GIB)
        top = FOUR_GIB;
    uint32_t n = (uint32_t)(top >> PAGE_SHIFT);
    uint32_t w = (n + BITS_PER_WORD - 1) >> WORD_SHIFT;
    uint64_t bytes = (uint64_t)w * sizeof(uint32_t) * 2;
    uint64_t at = memmap_alloc(m, bytes); /* reserves it: its frames stay used below */
    if (at == 0)
        return false;

    nframes = n;
    words = w;
    used_pa = (paddr_t)at;
    owned_pa = (paddr_t)(at + (uint64_t)w * sizeof(uint32_t));

    uint32_t *used = used_map(), *owned = owned_map();
    for (uint32_t i = 0; i < w; i++) {
        used[i] = WORD_FULL;
        owned[i] = 0;
    }
    for (uint32_t r = 0; r < m->nfree; r++) {
        uint32_t first = (uint32_t)(m->free[r].base >> PAGE_SHIFT);
        uint32_t end = (uint32_t)(m->free[r].end >> PAGE_SHIFT);
        if (first == 0)
            first = 1; /* frame 0 doubles as FRAME_NONE: never handed out */
        if (end > n)
            end = n;
        if (first >= end)
            continue;
        fill_bits(used, first, end, 0);
        fill_bits(owned, first, end, 1);
        nfree += end - first;
    }
    return true;
}

paddr_t frame_alloc(void)
{
    uint32_t *used = used_map();
    for (uint32_t w = hint; w < words; w++) {
        if (used[w] == WORD_FULL)
            continue;
        uint32_t bit = (uint32_t)__builtin_ctz(~used[w]);
        used[w] |= 1u << bit;
        nfree--;
        hint = w;
        return (paddr_t)(((w << WORD_SHIFT) + bit) << PAGE_SHIFT);
    }
    hint = words;
    return FRAME_NONE;
}

static int bit_is_set(const uint32_t *map, uint32_t f)
{
    return (map[f >> WORD_SHIFT] >> (f & (BITS_PER_WORD - 1))) & 1u;
}

/* First-fit over the bitmap from the hint; whole words are skipped (full) or
 * taken (empty) at once. */
paddr_t frame_alloc_range(uint32_t n)
{
    if (n == 0 || n > nfree)
        return FRAME_NONE;
    uint32_t *used = used_map();
    uint32_t run_start = 0, run = 0;
    uint32_t f = hint << WORD_SHIFT;
    while (f < nframes) {
        uint32_t wv = used[f >> WORD_SHIFT];
        if ((f & (BITS_PER_WORD - 1)) == 0 && f + BITS_PER_WORD <= nframes &&
            (wv == WORD_FULL || wv == 0)) {
            if (wv == WORD_FULL) {
                run = 0;
            } else {
                if (run == 0)
                    run_start = f;
                run += BITS_PER_WORD;
            }
            f += BITS_PER_WORD;
        } else {
            if (bit_is_set(used, f)) {
                run = 0;
            } else {
                if (run == 0)
                    run_start = f;
                run++;
            }
            f++;
        }
        if (run >= n) {
            fill_bits(used, run_start, run_start + n, 1);
            nfree -= n;
            return (paddr_t)(run_start << PAGE_SHIFT);
        }
    }
    return FRAME_NONE;
}

bool frame_free(paddr_t pa)
{
    uint32_t f = pa >> PAGE_SHIFT;
    if ((pa & (PAGE_SIZE - 1)) != 0) {
        kprintf("frames: error: free of unaligned address 0x%x\n", (unsigned)pa);
        errors++;
        return false;
    }
    if (f >= nframes || !bit_is_set(owned_map(), f)) {
        kprintf("frames: error: free of reserved frame 0x%x\n", (unsigned)pa);
        errors++;
        return false;
    }
    uint32_t *used = used_map();
    if (!bit_is_set(used, f)) {
        kprintf("frames: error: double free of frame 0x%x\n", (unsigned)pa);
        errors++;
        return false;
    }
    used[f >> WORD_SHIFT] &= ~(1u << (f & (BITS_PER_WORD - 1)));
    nfree++;
    if ((f >> WORD_SHIFT) < hint)
        hint = f >> WORD_SHIFT;
    return true;
}

bool frame_is_free(paddr_t pa)
{
    uint32_t f = pa >> PAGE_SHIFT;
    return f < nframes && !bit_is_set(used_map(), f);
}

void frame_stats(struct frame_stats *s)
{
    s->total = nframes;
    s->free = nfree;
    s->used = nframes - nfree;
    s->bitmap_bytes = words * (uint32_t)sizeof(uint32_t) * 2;
}

uint32_t frame_errors(void) { return errors; }
