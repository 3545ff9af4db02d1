/* baseline_frames.h - the frame allocator bench/ops.c shows beside ours. */
#ifndef BENCH_BASELINE_FRAMES_H
#define BENCH_BASELINE_FRAMES_H

#include <stdint.h>
#include "kernel/mm/memmap.h"
#include "kernel/mm/physmem.h"

/* One bit per frame below the highest free frame of `m` (host memory), the free
 * regions clear, frame 0 kept used. Returns the number of free frames. */
uint32_t baseline_frames_init(const struct memmap *m);
paddr_t baseline_frame_alloc(void);   /* lowest free frame, 0 when none is left */
void baseline_frame_free(paddr_t pa); /* trusts pa: no check of any kind */
void baseline_frames_done(void);      /* frees the bitmap */

#endif
