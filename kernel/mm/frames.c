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
 * frame w*32+i. Both are reached through phys_ptr() (once, in frames_init) so the
 * host tests can run this on simulated physical memory.
 */
static paddr_t used_pa, owned_pa;
static uint32_t words;   /* per bitmap */
static uint32_t nframes; /* frames covered: 0 .. nframes-1 */
static uint32_t nfree;
static uint32_t hint;    /* every word below it is full; below `words` once there are any */
static uint32_t errors;

/* Without a bitmap (before frames_init or after it failed), `used` points at one full
 * word, so frame_alloc finds nothing without testing for that case. */
static uint32_t no_frames = WORD_FULL;
static uint32_t *used = &no_frames, *owned = &no_frames; /* phys_ptr(used_pa), phys_ptr(owned_pa) */

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

/* Whole words [from, to) set to all zeroes or all ones. Two functions with constant
 * stores, so a compiler may turn each into a block fill. */
static void zero_words(uint32_t *map, uint32_t from, uint32_t to)
{
    for (uint32_t w = from; w < to; w++)
        map[w] = 0;
}

static void one_words(uint32_t *map, uint32_t from, uint32_t to)
{
    for (uint32_t w = from; w < to; w++)
        map[w] = WORD_FULL;
}

/* Bits selected by `mask` of word w of both bitmaps: free or not. */
static void init_edge(uint32_t w, uint32_t mask, bool is_free)
{
    used[w] = (used[w] & ~mask) | (is_free ? 0 : mask);
    owned[w] = (owned[w] & ~mask) | (is_free ? mask : 0);
}

/* Writes frames [first, end) of both bitmaps as free (used clear, owned set) or not.
 * frames_init calls it for consecutive spans in ascending order covering every bit
 * exactly once, so neither bitmap needs clearing first: an edge word is merged by
 * mask with what the span below wrote, and its bits above are written by the next
 * span. Whole words in between are written once each. */
static void init_span(uint32_t first, uint32_t end, bool is_free)
{
    if (first >= end)
        return;
    uint32_t lo = first & (BITS_PER_WORD - 1);
    if (lo) {
        uint32_t w = first >> WORD_SHIFT;
        uint32_t word_end = (w + 1) << WORD_SHIFT;
        uint32_t hi = end < word_end ? end - (w << WORD_SHIFT) : BITS_PER_WORD;
        init_edge(w, bit_span(lo, hi), is_free);
        if (end <= word_end)
            return;
        first = word_end;
    }
    uint32_t w0 = first >> WORD_SHIFT, w1 = end >> WORD_SHIFT;
    if (is_free) {
        zero_words(used, w0, w1);
        one_words(owned, w0, w1);
    } else {
        one_words(used, w0, w1);
        zero_words(owned, w0, w1);
    }
    if (end & (BITS_PER_WORD - 1))
        init_edge(w1, bit_span(0, end & (BITS_PER_WORD - 1)), is_free);
}

bool frames_init(struct memmap *m)
{
    nframes = words = nfree = hint = errors = 0;
    used_pa = owned_pa = 0;
    used = owned = &no_frames;
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

    used = phys_ptr(used_pa);
    owned = phys_ptr(owned_pa);
    /* One ascending pass: the gap below each free region is not free, the region
     * is; the bits past the last region (to the end of the last word) are not. */
    uint32_t next = 0; /* first frame not written yet */
    for (uint32_t r = 0; r < m->nfree; r++) {
        uint64_t b = m->free[r].base >> PAGE_SHIFT, e = m->free[r].end >> PAGE_SHIFT;
        uint32_t first = b < next ? next : (uint32_t)b;
        uint32_t end = e > n ? n : (uint32_t)e;
        if (first == 0)
            first = 1; /* frame 0 doubles as FRAME_NONE: never handed out */
        if (first >= end)
            continue;
        init_span(next, first, false);
        init_span(first, end, true);
        nfree += end - first;
        next = end;
    }
    init_span(next, w << WORD_SHIFT, false);
    return true;
}

/* Takes the lowest free frame of word w, which has one. */
static paddr_t take_frame(uint32_t w)
{
    uint32_t u = used[w];
    uint32_t bit = (uint32_t)__builtin_ctz(~u);
    used[w] = u | (1u << bit);
    nfree--;
    return (paddr_t)(((w << WORD_SHIFT) + bit) << PAGE_SHIFT);
}

/* The hint word is full: the next word that is not, or FRAME_NONE (the hint then
 * rests on the last word, so failing again costs nothing). */
__attribute__((noinline)) static paddr_t alloc_past_hint(void)
{
    for (uint32_t w = hint + 1; w < words; w++) {
        if (used[w] != WORD_FULL) {
            hint = w;
            return take_frame(w);
        }
    }
    if (words)
        hint = words - 1;
    return FRAME_NONE;
}

paddr_t frame_alloc(void)
{
    if (used[hint] != WORD_FULL)
        return take_frame(hint);
    return alloc_past_hint();
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

/* Says why frame_free refused `pa`. Out of line, so the common path of frame_free
 * needs no stack frame. */
__attribute__((noinline, cold)) static bool free_error(paddr_t pa)
{
    uint32_t f = pa >> PAGE_SHIFT;
    const char *what = "double free of frame";
    if (pa & (PAGE_SIZE - 1))
        what = "free of unaligned address";
    else if (f >= nframes || !bit_is_set(owned, f))
        what = "free of reserved frame";
    kprintf("frames: %s: %s 0x%x\n", kerr(), what, (unsigned)pa);
    errors++;
    return false;
}

bool frame_free(paddr_t pa)
{
    uint32_t f = pa >> PAGE_SHIFT, w = f >> WORD_SHIFT, b = f & (BITS_PER_WORD - 1);
    if ((pa & (PAGE_SIZE - 1)) != 0 || f >= nframes)
        return free_error(pa);
    uint32_t u = used[w];
    if (!(((u & owned[w]) >> b) & 1)) /* not ours to free, or already free */
        return free_error(pa);
    used[w] = u & ~(1u << b);
    nfree++;
    if (w < hint)
        hint = w;
    return true;
}

bool frame_is_free(paddr_t pa)
{
    uint32_t f = pa >> PAGE_SHIFT;
    return f < nframes && !bit_is_set(used, f);
}

void frame_stats(struct frame_stats *s)
{
    s->total = nframes;
    s->free = nfree;
    s->used = nframes - nfree;
    s->bitmap_bytes = words * (uint32_t)sizeof(uint32_t) * 2;
}

uint32_t frame_errors(void) { return errors; }
