/* heap.c - kmalloc/kfree: first fit over an address-ordered free list, boundary
 * sizes in every header for O(1) coalescing, a LIFO cache per small size class in
 * front of it, canaries and poison for checking. The block layout: heap_block.h; the
 * whole-heap walk: heap_check.c. */
#include "heap_block.h"

#include "../lib/fill32.h"
#include "../lib/kprintf.h"
#include "physmem.h"
#ifdef HOST_TEST
#include <string.h>
#else
#include "../lib/string.h"
#endif

/*
 * The cache: kfree of a block of at most QUICK_MAX bytes pushes it, poisoned, on
 * the list of its size class instead of merging it; kmalloc of that class pops it
 * (dlmalloc's fastbins). Small objects freed and allocated again cost a push and a
 * pop. Cached blocks count as used to the free list; heap_consolidate() frees them
 * all into it (merging as kfree does), and kmalloc does so before it fails.
 * Poison lazily: bytes at or above heap_mark (the end of the highest block ever
 * handed out) were never used, so no write after free reaches them: neither
 * poisoned nor checked. Init writes one header; heap_check reads only used memory.
 *
 * The common paths (a kmalloc the cache serves, a kfree of a small block) are
 * written for few instructions (docs/performance.md): range and alignment of a
 * pointer in one compare (slot_of), and every used or cached block ends at or below
 * heap_mark, so a kfree that finds a small block's end there poisons it whole,
 * without clipping, and knows its size cannot lead outside the heap. Anything
 * else goes out of line: a large block to kfree_large, NULL and every failed check
 * to kfree_refused, which check in full and report as before.
 */
uint8_t *heap_lo, *heap_hi; /* [heap_lo, heap_hi) */
uint8_t *heap_mark;         /* [heap_mark, heap_hi): never handed out, no poison */
size_t heap_bytes;          /* heap_hi - heap_lo */
uintptr_t heap_slots;       /* heap_bytes / 16: where a block may start */
struct block *heap_free_head;
struct block *heap_quick[QUICK_CLASSES]; /* [size / 16]: LIFO of cached blocks */
uint32_t heap_nerrors;

/* Poisons [from, to) below heap_mark (above it nothing was ever used). */
static void poison_span(uint8_t *from, uint8_t *to)
{
    if ((to = to < heap_mark ? to : heap_mark) > from)
        memset(from, HEAP_POISON, (size_t)(to - from));
}

static void list_remove(struct block *b)
{
    struct links *l = links_of(b);
    if (l->prev)
        links_of(l->prev)->next = l->next;
    else
        heap_free_head = l->next;
    if (l->next)
        links_of(l->next)->prev = l->prev;
}

/* Puts b where `old` was in the list (used when a split moves a free block up). */
static void list_replace(struct block *old, struct block *b)
{
    struct links *o = links_of(old), *l = links_of(b);
    l->next = o->next;
    l->prev = o->prev;
    if (l->prev)
        links_of(l->prev)->next = b;
    else
        heap_free_head = b;
    if (l->next)
        links_of(l->next)->prev = b;
}

static void list_insert_ordered(struct block *b)
{
    struct block *prev = 0, *cur = heap_free_head;
    for (; cur && cur < b; cur = links_of(cur)->next)
        prev = cur;
    links_of(b)->prev = prev;
    links_of(b)->next = cur;
    if (prev)
        links_of(prev)->next = b;
    else
        heap_free_head = b;
    if (cur)
        links_of(cur)->prev = b;
}

static void set_prev_size_of_next(struct block *b)
{
    if (next_block(b))
        next_block(b)->prev_size = b->size;
}

void heap_init(void *base, uint32_t size)
{
    uintptr_t lo = ((uintptr_t)base + HEAP_ALIGN - 1) & ~(uintptr_t)(HEAP_ALIGN - 1);
    uintptr_t hi = ((uintptr_t)base + size) & ~(uintptr_t)(HEAP_ALIGN - 1);
    heap_lo = (uint8_t *)lo;
    heap_hi = (uint8_t *)(hi > lo ? hi : lo);
    heap_mark = heap_lo; /* nothing handed out yet: poison comes as blocks are freed */
    heap_bytes = (size_t)(heap_hi - heap_lo);
    heap_slots = heap_bytes / HEAP_ALIGN;
    heap_free_head = 0;
    memset(heap_quick, 0, sizeof heap_quick);
    heap_nerrors = 0;
    if ((uint32_t)(heap_hi - heap_lo) < BLOCK_MIN) {
        heap_hi = heap_lo; /* too small to hold one block: every kmalloc fails */
        heap_bytes = heap_slots = 0; /* and every kfree is refused */
        return;
    }
    struct block *b = (struct block *)heap_lo;
    b->magic = MAGIC_FREE;
    b->size = (uint32_t)(heap_hi - heap_lo);
    b->prev_size = 0;
    b->req = 0;
    links_of(b)->next = links_of(b)->prev = 0;
    heap_free_head = b;
}

static void report_corrupt(struct block *b, const char *why)
{
    heap_nerrors++;
    kprintf("heap: %s: corrupted block at 0x%llx (magic 0x%x%s)\n", kerr(), ADDR(payload(b)),
            b->magic, why);
}

static __attribute__((cold, noinline)) void report_corrupt_cache(uint32_t size, struct block *b)
{
    heap_nerrors++;
    kprintf("heap: %s: cache of %u-byte blocks holds a bad entry 0x%llx (a write after free)\n",
            kerr(), size, ADDR(b));
}

static uint32_t release(struct block *b);

/* First fit from the free list, split when the rest can stand alone. */
static struct block *take_from_list(uint32_t need)
{
    struct block *b = heap_free_head;
    for (; b; b = links_of(b)->next) {
        if (b->magic != MAGIC_FREE || !header_sane(b)) {
            report_corrupt(b, ", in the free list");
            return 0; /* the list can no longer be trusted */
        }
        if (b->size >= need)
            break;
    }
    if (!b)
        return 0;
    if (b->size - need >= BLOCK_MIN) {
        /* Split: the upper part stays free and takes b's place in the list. Its
         * payload lies in what was b's poisoned payload already. */
        struct block *rest = (struct block *)((uint8_t *)b + need);
        rest->magic = MAGIC_FREE;
        rest->size = b->size - need;
        rest->prev_size = need;
        rest->req = 0;
        list_replace(b, rest);
        set_prev_size_of_next(rest);
        b->size = need;
    } else {
        list_remove(b);
    }
    return b;
}

/* Marks b used for a request of n bytes: header, canary. */
static inline void *hand_out(struct block *b, size_t n)
{
    b->magic = MAGIC_USED;
    b->req = (uint32_t)n;
    *canary_of(b) = CANARY_WORD;
    return payload(b);
}

/* Block size for a request of n bytes (0 < n <= the heap's size): header, payload
 * and canary, rounded up to the alignment. */
static inline uint32_t need_of(size_t n)
{
    return ((uint32_t)n + HDR + CANARY_MIN + HEAP_ALIGN - 1) & ~(HEAP_ALIGN - 1);
}

/* kmalloc when the cache has nothing for n bytes: first fit, consolidating the
 * cache once before giving up. Only here can heap_mark rise (a cached block was
 * handed out before, so it already lies below the mark). */
static __attribute__((noinline)) void *kmalloc_from_list(size_t n)
{
    uint32_t need = need_of(n);
    struct block *b;
    /* One call site, so take_from_list is inlined: a second pass only when the
     * first found nothing and consolidating released something. */
    for (bool again = false;; again = true) {
        b = take_from_list(need);
        if (b || again || !heap_consolidate())
            break;
    }
    if (!b)
        return 0;
    if ((uint8_t *)b + b->size > heap_mark)
        heap_mark = (uint8_t *)b + b->size;
    return hand_out(b, n);
}

/* The head of the cache list for n bytes failed its check in kmalloc: a write after
 * free changed the link that put it there. Reported; the list is dropped (its
 * blocks stay out of use, never handed out) and the free list serves instead. */
static __attribute__((noinline)) void *kmalloc_bad_cache(size_t n)
{
    uint32_t need = need_of(n);
    report_corrupt_cache(need, heap_quick[need / HEAP_ALIGN]);
    heap_quick[need / HEAP_ALIGN] = 0;
    return kmalloc_from_list(n);
}

void *kmalloc(size_t n)
{
    if (n - 1 >= heap_bytes) /* n == 0 wraps around: refused too */
        return 0;
    uint32_t need = need_of(n);
    if (need > QUICK_MAX)
        return kmalloc_from_list(n);
    struct block **head = &heap_quick[need / HEAP_ALIGN];
    struct block *b = *head;
    if (!b)
        return kmalloc_from_list(n);
    /* The head is checked before it is trusted: a write after free may have
     * changed the link that put it there. */
    if (slot_of((uintptr_t)b - (uintptr_t)heap_lo) >= heap_slots || b->magic != MAGIC_QUICK ||
        b->size != need)
        return kmalloc_bad_cache(n);
    *head = *quick_next(b);
    return hand_out(b, n);
}

void *kzalloc(size_t n)
{
    void *p = kmalloc(n);
    if (p)
        memset(p, 0, n);
    return p;
}

/* True when p lies in the payload of a free block: a pointer freed twice whose
 * header has since been merged into a neighbour. Walks until a damaged header. */
static bool inside_free_block(uint8_t *p)
{
    for (struct block *b = (struct block *)heap_lo; b && header_sane(b); b = next_block(b))
        if (p >= payload(b) && p < (uint8_t *)b + b->size)
            return b->magic == MAGIC_FREE;
    return false;
}

/* The error paths are out of line so the checked fast path stays short. */
static __attribute__((cold, noinline)) void report_bad_free(uint8_t *p)
{
    heap_nerrors++;
    struct block *b = (struct block *)(p - HDR);
    if (p < heap_lo + HDR || p >= heap_hi || (uintptr_t)p % HEAP_ALIGN)
        kprintf("heap: %s: bad pointer 0x%llx (not a heap payload)\n", kerr(), ADDR(p));
    else if (b->magic == MAGIC_FREE || b->magic == MAGIC_QUICK ||
             (b->magic != MAGIC_USED && inside_free_block(p)))
        kprintf("heap: %s: double free at 0x%llx\n", kerr(), ADDR(p));
    else if (!header_sane(b) || b->req > b->size - HDR - CANARY_MIN)
        kprintf("heap: %s: corrupted block at 0x%llx (magic 0x%x)\n", kerr(), ADDR(p), b->magic);
    else if (!canary_intact(b))
        kprintf("heap: %s: corrupted block at 0x%llx (magic 0x%x, overrun past the payload)\n",
                kerr(), ADDR(p), b->magic);
    else
        kprintf("heap: %s: corrupted block at 0x%llx (magic 0x%x, header overwritten)\n",
                kerr(), ADDR(p + b->size), *(uint32_t *)(p - HDR + b->size));
}

static __attribute__((cold, noinline)) void report_bad_neighbour(struct block *n)
{
    report_corrupt(n, ", header overwritten");
}

/* Pushes b, a used small block whose end is at or below heap_mark, on its cache
 * list, poisoned past the link. */
static inline void cache_push(struct block *b, uint32_t size)
{
    struct block **head = &heap_quick[size / HEAP_ALIGN];
    b->magic = MAGIC_QUICK;
    b->req = 0;
    *quick_next(b) = *head;
    *head = b;
    fill32(payload(b) + sizeof(struct block *), POISON_WORD,
           (size - HDR - sizeof(struct block *)) / sizeof(uint32_t));
}

/* Every check kfree makes of a payload pointer before it frees the block. */
static bool free_checks_pass(uint8_t *p)
{
    struct block *b = (struct block *)(p - HDR);
    return p >= heap_lo + HDR && p < heap_hi && (uintptr_t)p % HEAP_ALIGN == 0 &&
           b->magic == MAGIC_USED && header_sane(b) && b->req <= b->size - HDR - CANARY_MIN &&
           canary_intact(b);
}

/* kfree refused what the common path checks: NULL (allowed, nothing to do) or a
 * bad pointer or block, reported. */
static __attribute__((noinline)) void kfree_refused(void *ptr)
{
    if (!ptr)
        return;
    uint8_t *p = ptr;
    if (!free_checks_pass(p)) {
        report_bad_free(p);
        return;
    }
    /* A small block that passes every check but ends past heap_mark: its size was
     * overwritten with one that fits the heap but not what was handed out. */
    struct block *b = (struct block *)(p - HDR);
    heap_nerrors++;
    kprintf("heap: %s: corrupted block at 0x%llx (magic 0x%x, size 0x%x past the used heap)\n",
            kerr(), ADDR(p), b->magic, b->size);
}

/* kfree of a block too large for the cache (kfree checked the pointer and the
 * magic): the rest of the header and the canary are checked, then it is merged
 * into the free list. */
static __attribute__((noinline)) void kfree_large(struct block *b)
{
    if (!header_sane(b) || b->req > b->size - HDR - CANARY_MIN || !canary_intact(b)) {
        report_bad_free(payload(b));
        return;
    }
    release(b);
}

void kfree(void *ptr)
{
    uintptr_t at = (uintptr_t)ptr - HDR; /* integer arithmetic: ptr may be NULL */
    struct block *b = (struct block *)at;
    if (slot_of(at - (uintptr_t)heap_lo) >= heap_slots || b->magic != MAGIC_USED)
        return kfree_refused(ptr);
    uint32_t size = b->size;
    if (slot_of(size - BLOCK_MIN) > (QUICK_MAX - BLOCK_MIN) / HEAP_ALIGN)
        return kfree_large(b); /* or a size that is no block size: checked there */
    if ((uint8_t *)b + size > heap_mark || b->req > size - HDR - CANARY_MIN || !canary_intact(b))
        return kfree_refused(ptr);
    cache_push(b, size);
}

/* Frees b (used or cached) into the free list, merged with free neighbours.
 * Returns 1, or 0 when a neighbour is damaged (reported; b is left alone). */
static uint32_t release(struct block *b)
{
    /* The neighbours are about to be followed and merged: a damaged one (an overrun
     * from this block past its canary) keeps this block out of the free list.
     * b's own header is sane, so both neighbours lie inside the heap; a neighbour
     * whose magic is valid and whose size link agrees with b's can be merged
     * safely (heap_check verifies every header in full). */
    struct block *next = next_block(b), *prev = prev_block(b);
    if (next && (!magic_valid(next) || next->prev_size != b->size ||
                 next->size % HEAP_ALIGN || next->size > (uint32_t)(heap_hi - (uint8_t *)next))) {
        report_bad_neighbour(next);
        return 0;
    }
    if (prev && (!magic_valid(prev) || prev->size != b->prev_size)) {
        report_bad_neighbour(prev);
        return 0;
    }

    bool merge_next = next && next->magic == MAGIC_FREE;
    bool merge_prev = prev && prev->magic == MAGIC_FREE;
    /* Poison in one span: b's payload past the links, plus the header and links of
     * whatever is merged away (b's own when prev absorbs it, next's when b does). */
    uint8_t *from = merge_prev ? (uint8_t *)b : payload(b) + sizeof(struct links);
    uint8_t *to = merge_next ? payload(next) + sizeof(struct links) : (uint8_t *)b + b->size;
    if (merge_prev) {
        prev->size += b->size + (merge_next ? next->size : 0);
        if (merge_next)
            list_remove(next);
        b = prev; /* prev keeps its place in the list */
    } else {
        b->magic = MAGIC_FREE;
        b->req = 0;
        if (merge_next) {
            b->size += next->size;
            list_replace(next, b); /* b takes next's place: the order holds */
        } else {
            list_insert_ordered(b);
        }
    }
    poison_span(from, to);
    set_prev_size_of_next(b);
    return 1;
}

uint32_t heap_consolidate(void)
{
    uint32_t released = 0;
    for (uint32_t c = 0; c < QUICK_CLASSES; c++) {
        struct block *b = heap_quick[c];
        heap_quick[c] = 0;
        while (b) {
            if ((uint8_t *)b < heap_lo || (uint8_t *)b >= heap_hi || (uintptr_t)b % HEAP_ALIGN ||
                b->magic != MAGIC_QUICK || !header_sane(b) || b->size != c * HEAP_ALIGN) {
                report_corrupt_cache(c * HEAP_ALIGN, b);
                break; /* the rest of this list stays out of use */
            }
            struct block *next = *quick_next(b);
            released += release(b);
            b = next;
        }
    }
    return released;
}

uint32_t heap_errors(void) { return heap_nerrors; }

void heap_range(uintptr_t *base, uint32_t *size)
{
    *base = (uintptr_t)heap_lo;
    *size = (uint32_t)(heap_hi - heap_lo);
}
