/* frames.h - physical frame allocator: one bit per 4 KiB frame, lowest-free hint. */
#ifndef KERNEL_MM_FRAMES_H
#define KERNEL_MM_FRAMES_H

#include <stdbool.h>
#include <stdint.h>
#include "memmap.h"
#include "physmem.h"

#define FRAME_NONE 0u /* returned on failure: frame 0 is never allocatable */

struct frame_stats {
    uint32_t total; /* frames covered by the bitmap */
    uint32_t free;
    uint32_t used;
    uint32_t bitmap_bytes; /* both bitmaps: used bits and allocatable-at-init bits */
};

/* Sets up the bitmap from `m`: places it in free memory found from m's free regions
 * (and reserves it there), marks every frame used, then frees the free regions by
 * whole words. O(regions + frames/32). Returns false if no room for the bitmap. */
bool frames_init(struct memmap *m);

paddr_t frame_alloc(void);               /* FRAME_NONE when out of frames */
paddr_t frame_alloc_range(uint32_t n);   /* n contiguous frames, FRAME_NONE if none */
/* Frees one frame. Returns false (prints one `frames: error:` line and counts it in
 * frame_errors) on a double free, a frame that was never allocatable (reserved,
 * frame 0, outside the bitmap) or an unaligned address; the bitmap is left unchanged. */
bool frame_free(paddr_t pa);
bool frame_is_free(paddr_t pa);
void frame_stats(struct frame_stats *s); /* counts the bitmap: O(frames / 32) */
uint32_t frame_errors(void);

#endif
