/* timeline.h - the boot timeline: the loader's stamps (our tag) and the kernel's
 * stages, reported as one `time:` line. */
#ifndef KERNEL_BOOT_TIMELINE_H
#define KERNEL_BOOT_TIMELINE_H

#include <stdint.h>
#include "bootinfo.h"

/* Kernel stages, in boot order; each is timed from its begin to its end, so console
 * output between stages is not counted in any of them. */
enum tl_stage {
    TL_REGIONS,     /* memory map -> sorted regions, live ranges reserved */
    TL_BITMAP,      /* frame bitmap initialised */
    TL_PAGE_TABLES, /* identity map built */
    TL_PAGING_ON,   /* CR3/CR0 written */
    TL_HEAP,        /* heap ready */
    TL_SELFTEST,    /* boot self-tests done (they print as they go) */
    TL_STAGES
};

/* The TSC at _start, stored by entry.asm before anything else runs. */
extern uint64_t kernel_entry_tsc;

void timeline_begin(enum tl_stage s);
void timeline_end(enum tl_stage s);
/* Prints `time: ...` (docs/performance.md): the loader's stages when the boot
 * information carried our timeline tag (`l`, from the view), the kernel's entry TSC,
 * and the cycles of every stage. */
void timeline_print(const struct boot_timeline *l);

#endif
