/* heap_block.h - the heap's block layout, its state and the helpers that read a block:
 * shared by heap.c (kmalloc, kfree) and heap_check.c (the whole-heap walk). Internal
 * to kernel/mm/heap*.c. */
#ifndef KERNEL_MM_HEAP_BLOCK_H
#define KERNEL_MM_HEAP_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "heap.h"

/*
 * Block layout (every block starts 16-byte aligned, so every payload is too):
 *
 *   used:  | magic USED | size | prev_size | req | payload (req bytes) | canary | slack |
 *   free:  | magic FREE | size | prev_size |  0  | next, prev links | poison ...  |
 *   cached:| magic QUIK | size | prev_size |  0  | next link | poison ...         |
 *
 * size counts the whole block, header included; prev_size is the size of the block
 * just below (0 for the first), so both neighbours are found without a footer. The
 * canary is one 4-byte word written right behind the req bytes asked for: an
 * overrun writes forward from the payload's end, so even a one-byte overrun lands
 * on it and is caught at kfree; a larger one lands on the next header's magic and
 * is caught there too. Checking one word, not the whole slack, keeps kmalloc+kfree
 * short (docs/performance.md).
 *
 */

struct block {
    uint32_t magic;
    uint32_t size;
    uint32_t prev_size;
    uint32_t req;
};
_Static_assert(sizeof(struct block) == HEAP_ALIGN, "header keeps payloads aligned");

struct links {
    struct block *next, *prev; /* address-ordered free list */
};

#define MAGIC_USED 0xA110C8EDu
#define MAGIC_FREE 0xF4EEB10Cu
#define MAGIC_QUICK 0x0C1C4ED0u
#define CANARY 0xC5u
#define CANARY_MIN 4u
#define HDR ((uint32_t)sizeof(struct block))
#define LINKS_SPAN (((uint32_t)sizeof(struct links) + HEAP_ALIGN - 1) & ~(HEAP_ALIGN - 1))
#define BLOCK_MIN (HDR + LINKS_SPAN)
#define QUICK_MAX 256u /* largest cached block, header included */
#define QUICK_CLASSES (QUICK_MAX / HEAP_ALIGN + 1) /* indexed by size / 16 */
#define ALIGN_SHIFT 4u
#define POISON_WORD (HEAP_POISON * 0x01010101u)
_Static_assert(HEAP_ALIGN == 1u << ALIGN_SHIFT, "slot_of rotates by log2(HEAP_ALIGN)");
_Static_assert(((1 + HDR + CANARY_MIN + HEAP_ALIGN - 1) & ~(HEAP_ALIGN - 1)) >= BLOCK_MIN,
               "any request needs at least BLOCK_MIN: kmalloc does not round up to it");

extern uint8_t *heap_lo, *heap_hi; /* [heap_lo, heap_hi) */
extern uint8_t *heap_mark;         /* [heap_mark, heap_hi): never handed out, no poison */
extern size_t heap_bytes;          /* heap_hi - heap_lo */
extern uintptr_t heap_slots;       /* heap_bytes / 16: where a block may start */
extern struct block *heap_free_head;
extern struct block *heap_quick[QUICK_CLASSES]; /* [size / 16]: LIFO of cached blocks */
extern uint32_t heap_nerrors;

#define ADDR(p) ((unsigned long long)(uintptr_t)(p))

/* x rotated right by ALIGN_SHIFT: x / 16 when x is a multiple of 16, and at least
 * 2^(bits-4), more than any slot count, when it is not. So `slot_of(a - heap_lo) <
 * heap_slots` tests "inside the heap" and "16-byte aligned" in one compare (an
 * address below heap_lo wraps around to a huge difference). */
static inline uintptr_t slot_of(uintptr_t x)
{
    return (x >> ALIGN_SHIFT) | (x << (sizeof x * 8 - ALIGN_SHIFT));
}

static inline uint8_t *payload(struct block *b) { return (uint8_t *)b + HDR; }
static inline struct links *links_of(struct block *b) { return (struct links *)payload(b); }
static inline struct block **quick_next(struct block *b) { return (struct block **)payload(b); }
/* The canary word sits at any byte offset: an unaligned access, fine on x86 (and
 * on the host, where the unit tests run). */
typedef uint32_t __attribute__((may_alias, aligned(1))) unaligned_word;
#define CANARY_WORD (CANARY * 0x01010101u)

static inline unaligned_word *canary_of(struct block *b)
{
    return (unaligned_word *)(payload(b) + b->req);
}
static inline bool canary_intact(struct block *b) { return *canary_of(b) == CANARY_WORD; }
static inline struct block *next_block(struct block *b)
{
    uint8_t *n = (uint8_t *)b + b->size;
    return n < heap_hi ? (struct block *)n : 0;
}
static inline struct block *prev_block(struct block *b)
{
    return b->prev_size ? (struct block *)((uint8_t *)b - b->prev_size) : 0;
}

static inline bool magic_valid(const struct block *b)
{
    return b->magic == MAGIC_USED || b->magic == MAGIC_FREE || b->magic == MAGIC_QUICK;
}

/* A header whose fields can be followed without leaving the heap. */
static inline __attribute__((always_inline)) bool header_sane(struct block *b)
{
    uint8_t *p = (uint8_t *)b;
    if (!magic_valid(b))
        return false;
    if (b->size < BLOCK_MIN || b->size % HEAP_ALIGN || b->size > (uint32_t)(heap_hi - p))
        return false;
    return b->prev_size % HEAP_ALIGN == 0 && b->prev_size <= (uint32_t)(p - heap_lo);
}

#endif
