/* heap.h - the kernel heap: a contiguous, identity-mapped range with first-fit
 * blocks, 16-byte alignment, coalescing, and header checks. */
#ifndef KERNEL_MM_HEAP_H
#define KERNEL_MM_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HEAP_ALIGN 16u
#define HEAP_MIN_BYTES (1u << 20)
#define HEAP_MAX_BYTES (64u << 20)

/* Size for the heap: `heap=N[K|M]` in cmdline (KiB without suffix), else 1/16 of
 * usable RAM clamped to [1 MiB, 64 MiB]. Returns 0 with a message in err for a bad
 * value. */
uint32_t heap_size_from_cmdline(const char *cmdline, uint64_t usable_bytes, char *err,
                                uint32_t errlen);
/* Takes ownership of [base, base+size) (already mapped). */
void heap_init(void *base, uint32_t size);
void *kmalloc(size_t n);
void *kzalloc(size_t n);
void kfree(void *p); /* double free or corrupted header: reported, counted, ignored */
uint32_t heap_errors(void);
struct heap_stats {
    uint32_t size, used, free_blocks, used_blocks;
};
void heap_stats(struct heap_stats *s);
bool heap_check(void); /* walks every block: headers intact, no adjacent free blocks */

#endif
