/* mm.h - the kernel's memory bring-up, in order: regions, frames, page tables,
 * paging on, heap. Each stage prints its one key=value summary line. */
#ifndef KERNEL_MM_MM_H
#define KERNEL_MM_MM_H

#include <stdbool.h>
#include <stdint.h>
#include "../../shared/bootinfo.h"

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

#endif
