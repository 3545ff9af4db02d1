/* mm.h - the kernel's memory bring-up, in order: regions, frames, page tables,
 * paging on, heap. Each stage prints its one key=value summary line. */
#ifndef KERNEL_MM_MM_H
#define KERNEL_MM_MM_H

#include <stdbool.h>
#include <stdint.h>
#include "../boot/bootinfo.h"
#include "kmap.h"
#include "memmap.h"

/* Runs every stage from the boot view (its memory map, modules, block, framebuffer
 * and the heap= word of its command line) and the kernel's layout; on bad input
 * prints one line and returns false (the caller halts / fails the test run). */
bool mm_init(const struct boot_view *v, const struct kernel_layout *k);

/* For the self-tests, valid after mm_init returned true. */
/* Regions as the frame allocator took them: `ram` is the RAM the mapping table
 * starts from, `free` exactly the frames frame_alloc may ever hand out (every range
 * of the table beyond RAM - kernel, boot info, modules, stack, frame 0, framebuffer -
 * and the frame bitmap already carved out; page tables and the heap are later frame
 * allocations, not reservations here). */
const struct memmap *mm_regions(void);
const struct kernel_layout *mm_layout(void); /* the layout mm_init was given */
/* The table mm_init mapped from (kmap.h): what every page must look like. */
const struct kmap *mm_kmap(void);

#endif
