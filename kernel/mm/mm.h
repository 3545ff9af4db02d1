/* mm.h - the kernel's memory bring-up, in order: regions, frames, page tables,
 * paging on, heap. Each stage prints its one key=value summary line. */
#ifndef KERNEL_MM_MM_H
#define KERNEL_MM_MM_H

#include <stdbool.h>
#include <stdint.h>
#include "../../shared/bootinfo.h"
#include "memmap.h"

/* What the kernel knows about itself, from the linker and entry.asm. */
struct kernel_layout {
    uint32_t image_start, image_end;     /* whole image, page aligned */
    uint32_t text_start, rodata_end;     /* read-only after paging: [text_start, rodata_end) */
    uint32_t stack_guard;                /* one page left unmapped below the boot stack */
    uint32_t stack_bottom, stack_top;    /* boot stack */
};

/* Runs every stage; on bad input prints one line and returns false (the caller
 * halts / fails the test run). */
bool mm_init(const struct mb2_info *mbi, const struct kernel_layout *k, const char *cmdline);

/* For the self-tests, valid after mm_init returned true. */
/* Regions as the frame allocator took them: `ram` is what paging identity-maps,
 * `free` exactly the frames frame_alloc may ever hand out (kernel, boot info,
 * modules, stack, frame 0 and the frame bitmap already carved out; page tables and
 * the heap are later frame allocations, not reservations here). */
const struct memmap *mm_regions(void);
const struct kernel_layout *mm_layout(void); /* the layout mm_init was given */
/* The framebuffer range mm_init identity-mapped, [*base, *end), page aligned.
 * False when there was none to map (no tag 8, or it lies above 4 GiB). */
bool mm_framebuffer(uint64_t *base, uint64_t *end);

#endif
