/* heap.h - the kernel heap: a contiguous, identity-mapped range with first-fit
 * blocks, 16-byte alignment, coalescing, and header checks. */
#ifndef KERNEL_MM_HEAP_H
#define KERNEL_MM_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HEAP_ALIGN 16u
#define HEAP_MIN_BYTES (1u << 20)        /* default size clamp, low end */
#define HEAP_MAX_BYTES (64u << 20)       /* default size clamp, high end */
#define HEAP_EXPLICIT_MIN_BYTES (64u << 10) /* smallest heap= accepted */
#define HEAP_POISON 0xDDu /* every byte of a free payload past its links, once it was used */

/* Size for the heap: the last `heap=N[K|M]` word in cmdline (KiB without suffix),
 * rounded up to a page; else 1/16 of usable RAM clamped to [1 MiB, 64 MiB].
 * Returns 0 with a one-line message in err for a malformed value, a value below
 * 64 KiB, or one above half of usable RAM (the caller decides what to do). */
uint32_t heap_size_from_cmdline(const char *cmdline, uint64_t usable_bytes, char *err,
                                uint32_t errlen);
/* Takes ownership of [base, base+size) (already mapped; trimmed to 16-byte
 * alignment) as one free block. Nothing is written but its header: memory is
 * poisoned when a block that was handed out is freed (never-used memory cannot hold
 * a write after free, so it is neither poisoned nor checked). */
void heap_init(void *base, uint32_t size);
/* NULL for n == 0, or when no free block is large enough. Payloads are 16-byte
 * aligned; kmalloc does not clear them (old poison shows), kzalloc zeroes them. */
void *kmalloc(size_t n);
void *kzalloc(size_t n);
/* Small blocks (at most 256 bytes with header) go to a per-size cache, not back
 * to the free list, so the next kmalloc of that size reuses them at once.
 * Double free, pointer outside the heap, corrupted header or overrun of the payload
 * (the canary behind it): one line `heap: error: ...`, counted, and the block is
 * left alone (a damaged block is never merged with its neighbours). */
void kfree(void *p);
uint32_t heap_errors(void);
/* Frees every cached block into the free list, merged with its free neighbours
 * (kmalloc does this before it gives up). Returns how many were released. */
uint32_t heap_consolidate(void);
struct heap_stats {
    uint32_t size;        /* bytes managed (after alignment trimming) */
    uint32_t used;        /* bytes in used blocks, headers included */
    uint32_t free_blocks, used_blocks;
    uint32_t cached_blocks; /* freed small blocks held by the cache, not in `used` */
};
void heap_stats(struct heap_stats *s);
/* Walks every block: headers intact, sizes add up, neighbours agree, no adjacent
 * free blocks, free list in address order, cache lists holding exactly the cached
 * blocks, canaries of used blocks intact and the poison of free and cached blocks
 * intact (a write after free). Prints one line naming the first problem and
 * returns false. */
bool heap_check(void);
/* The managed range, [*base, *base + *size). */
void heap_range(uintptr_t *base, uint32_t *size);

#endif
