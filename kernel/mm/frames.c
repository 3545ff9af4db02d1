/* frames.c - frame allocator: used and owned bitmaps interleaved by word, lowest-free hint. */
#include "frames.h"

#include <stddef.h>

#include "../lib/kprintf.h"

#define BITS_PER_WORD 32u
#define WORD_SHIFT 5u
#define WORD_FULL 0xFFFFFFFFu
#define FOUR_GIB (1ull << 32)

/*
 * Two bitmaps, interleaved word by word in one block of free memory taken with
 * memmap_alloc: word w of each covers frames w*32 .. w*32+31 (bit i is frame
 * w*32+i), and the two words of a pair sit side by side, so frame_free reaches both
 * with one address:
 *   used   bit set = frame not available (allocated, reserved, a hole, or past the end)
 *   owned  bit set = frame was free when frames_init ran, so it may ever be freed
 * `owned` is what lets frame_free tell a double free (owned, already clear in used)
 * from a free of memory the allocator never had (not owned). The block is reached
 * through phys_ptr() (once, in frames_init) so the host tests can run this on
 * simulated physical memory.
 */
struct frame_word {
    uint32_t used, owned;
};
_Static_assert(sizeof(struct frame_word) == 8, "a used word and its owned word, no padding");
_Static_assert(offsetof(struct frame_word, used) == 0, "init_words: used is the low half");

static paddr_t map_pa;
static uint32_t words;   /* word pairs */
static uint32_t nframes; /* frames covered: 0 .. nframes-1 */
/* No running count of free frames: frame_alloc and frame_free would pay for it on
 * every call (2 of the pair's ~40 instructions) for the few frame_stats calls at
 * boot and in the self-tests, which count the bitmap instead (free_frames). */
/* First frame of the lowest word that may have a free frame: every word below it
 * is full. A frame number (a multiple of 32), not a word index, so frame_free
 * compares it with the freed frame directly. Below words*32 once there are any. */
static uint32_t hint_frame;
static struct frame_word *hint_word; /* &map[hint_frame / 32], so frame_alloc need not index */
static uint32_t errors;

/* Without a bitmap (before frames_init or after it failed), `map` points at one full
 * word that owns nothing, so frame_alloc finds nothing and frame_free accepts
 * nothing without testing for that case. */
static struct frame_word no_frames = {WORD_FULL, 0};
static struct frame_word *map = &no_frames; /* phys_ptr(map_pa) */

/* Moves the hint to the word holding frame f. */
static void set_hint(uint32_t f)
{
    hint_frame = f & ~(BITS_PER_WORD - 1);
    hint_word = &map[f >> WORD_SHIFT];
}

/* Bits lo..hi-1 of one word, 0 <= lo < hi <= 32. */
static uint32_t bit_span(uint32_t lo, uint32_t hi)
{
    uint32_t upto_hi = hi == BITS_PER_WORD ? WORD_FULL : (1u << hi) - 1;
    return upto_hi & ~((1u << lo) - 1);
}

/* Sets the used bits of frames [first, end): masks for the partial words at the
 * edges, whole-word stores in between. */
static void set_used(uint32_t first, uint32_t end)
{
    if (first >= end)
        return;
    uint32_t w0 = first >> WORD_SHIFT, w1 = (end - 1) >> WORD_SHIFT;
    uint32_t lo = first & (BITS_PER_WORD - 1), hi = ((end - 1) & (BITS_PER_WORD - 1)) + 1;
    if (w0 == w1) {
        map[w0].used |= bit_span(lo, hi);
        return;
    }
    map[w0].used |= bit_span(lo, BITS_PER_WORD);
    for (uint32_t w = w0 + 1; w < w1; w++)
        map[w].used = WORD_FULL;
    map[w1].used |= bit_span(0, hi);
}

/* Word pairs [from, to) written whole: all free (used clear, owned set) or not. */
static void init_words(uint32_t from, uint32_t to, bool is_free)
{
    /* The pair as one 64-bit pattern (used is the low word: little-endian), stored four
     * pairs at a time through a 32-byte vector type where the pairs are 32-byte aligned
     * (the map starts on a page): the host build gets the CPU's widest stores, as memset
     * does (R2), where one 8-byte store per pair ran at a third of memset's speed; the
     * kernel (-mgeneral-regs-only) gets the same 4-byte stores as before. */
    typedef uint64_t quad_t __attribute__((vector_size(32)));
    uint64_t pair = is_free ? (uint64_t)WORD_FULL << 32 : WORD_FULL;
    uint64_t *p = (uint64_t *)(void *)map;
    uint32_t w = from;
    for (; w < to && (w & 3); w++)
        p[w] = pair;
    const quad_t quad = {pair, pair, pair, pair};
    for (; w + 4 <= to; w += 4)
        *(quad_t *)(void *)&p[w] = quad;
    for (; w < to; w++)
        p[w] = pair;
}

/* Bits selected by `mask` of word pair w: free or not. */
static void init_edge(uint32_t w, uint32_t mask, bool is_free)
{
    map[w].used = (map[w].used & ~mask) | (is_free ? 0 : mask);
    map[w].owned = (map[w].owned & ~mask) | (is_free ? mask : 0);
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
    init_words(first >> WORD_SHIFT, end >> WORD_SHIFT, is_free);
    if (end & (BITS_PER_WORD - 1))
        init_edge(end >> WORD_SHIFT, bit_span(0, end & (BITS_PER_WORD - 1)), is_free);
}

bool frames_init(struct memmap *m)
{
    nframes = words = errors = 0;
    map_pa = 0;
    map = &no_frames;
    set_hint(0);
    if (m->nfree == 0)
        return false;

    /* Sized from the highest free frame; regions are sorted and below 4 GiB. */
    uint64_t top = m->free[m->nfree - 1].end;
    if (top > FOUR_GIB)
        top = FOUR_GIB;
    uint32_t n = (uint32_t)(top >> PAGE_SHIFT);
    uint32_t w = (n + BITS_PER_WORD - 1) >> WORD_SHIFT;
    uint64_t bytes = (uint64_t)w * sizeof(struct frame_word);
    uint64_t at = memmap_alloc(m, bytes); /* reserves it: its frames stay used below */
    if (at == 0)
        return false;

    nframes = n;
    words = w;
    map_pa = (paddr_t)at;
    map = phys_ptr(map_pa);
    set_hint(0);
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
        next = end;
    }
    init_span(next, w << WORD_SHIFT, false);
    return true;
}

/* The hint word is full: take from the next word that is not, or return FRAME_NONE
 * (the hint then rests on the last word, so failing again costs nothing). */
__attribute__((noinline)) static paddr_t alloc_past_hint(void)
{
    for (uint32_t w = (hint_frame >> WORD_SHIFT) + 1; w < words; w++) {
        if (map[w].used != WORD_FULL) {
            set_hint(w << WORD_SHIFT);
            return frame_alloc();
        }
    }
    if (words)
        set_hint((words - 1) << WORD_SHIFT);
    return FRAME_NONE;
}

/* The lowest free frame of the hint word: u + 1 has only the lowest clear bit of u
 * set below its carry, so ctz(u + 1) is that bit and u | (u + 1) sets it. */
paddr_t frame_alloc(void)
{
    uint32_t u = hint_word->used;
    if (u == WORD_FULL)
        return alloc_past_hint();
    uint32_t next = u + 1;
    hint_word->used = u | next;
    return (hint_frame + (uint32_t)__builtin_ctz(next)) << PAGE_SHIFT;
}

static uint32_t used_bit(uint32_t f)
{
    return (map[f >> WORD_SHIFT].used >> (f & (BITS_PER_WORD - 1))) & 1u;
}

/* First-fit over the bitmap from the hint; whole words are skipped (full) or
 * taken (empty) at once. */
paddr_t frame_alloc_range(uint32_t n)
{
    if (n == 0)
        return FRAME_NONE;
    uint32_t run_start = 0, run = 0;
    uint32_t f = hint_frame;
    while (f < nframes) {
        uint32_t wv = map[f >> WORD_SHIFT].used;
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
            if (used_bit(f)) {
                run = 0;
            } else {
                if (run == 0)
                    run_start = f;
                run++;
            }
            f++;
        }
        if (run >= n) {
            set_used(run_start, run_start + n);
            return (paddr_t)(run_start << PAGE_SHIFT);
        }
    }
    return FRAME_NONE;
}

/* Says why frame_free refused `pa`. Out of line and reached by a tail jump, so the
 * common path of frame_free needs no stack frame. */
__attribute__((noinline)) static bool free_error(uint32_t rotated)
{
    paddr_t pa = (rotated << PAGE_SHIFT) | (rotated >> (32 - PAGE_SHIFT)); /* undone */
    uint32_t f = pa >> PAGE_SHIFT;
    const char *what = "double free of frame";
    if (pa & (PAGE_SIZE - 1))
        what = "free of unaligned address";
    else if (f >= nframes || !((map[f >> WORD_SHIFT].owned >> (f & (BITS_PER_WORD - 1))) & 1u))
        what = "free of reserved frame";
    kprintf("frames: %s: %s 0x%x\n", kerr(), what, (unsigned)pa);
    errors++;
    return false;
}

/* pa rotated right by PAGE_SHIFT: its frame number when pa is page aligned, and at
 * least 2^20 (past any bitmap) when it is not, so one compare refuses both. */
static uint32_t frame_or_huge(paddr_t pa)
{
    return (pa >> PAGE_SHIFT) | (pa << (32 - PAGE_SHIFT));
}

bool frame_free(paddr_t pa)
{
    uint32_t f = frame_or_huge(pa);
    if (f >= nframes)
        return free_error(f);
    struct frame_word *fw = &map[f >> WORD_SHIFT];
    /* Masked by owned before used is read: GCC then needs one register fewer. */
    uint32_t bit = (1u << (f & (BITS_PER_WORD - 1))) & fw->owned;
    if (!(fw->used & bit)) /* not ours to free, or already free */
        return free_error(f);
    fw->used ^= bit;
    if (f < hint_frame)
        set_hint(f);
    return true;
}

bool frame_is_free(paddr_t pa)
{
    uint32_t f = pa >> PAGE_SHIFT;
    return f < nframes && !used_bit(f);
}

/* Clear bits of `used`: the frames past nframes in the last word are set (frames_init
 * marks them not free), so they count as used. Full and empty words, most of any map,
 * cost a compare; the rest are counted bit-parallel (no libgcc __popcountsi2 here). */
static uint32_t free_frames(void)
{
    uint32_t n = 0;
    for (uint32_t w = 0; w < words; w++) {
        uint32_t x = ~map[w].used;
        if (x == 0 || x == WORD_FULL) {
            n += x ? BITS_PER_WORD : 0;
            continue;
        }
        x -= (x >> 1) & 0x55555555u;
        x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
        x = (x + (x >> 4)) & 0x0F0F0F0Fu;
        n += (x * 0x01010101u) >> 24;
    }
    return n;
}

void frame_stats(struct frame_stats *s)
{
    uint32_t nfree = free_frames();
    s->total = nframes;
    s->free = nfree;
    s->used = nframes - nfree;
    s->bitmap_bytes = words * (uint32_t)sizeof(struct frame_word);
}

uint32_t frame_errors(void) { return errors; }
