/* report.h - the boot report for people on screen: what the machine is and how the boot
 * went, in at most REPORT_ROWS lines of REPORT_COLS columns (a 640x480 screen). */
#ifndef KERNEL_REPORT_REPORT_H
#define KERNEL_REPORT_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "../mm/memmap.h"

#define KERNEL_NAME "ia32 kernel"
#define KERNEL_VERSION "0.1"
#define REPORT_COLS 64u
#define REPORT_ROWS 22u      /* leaves room for a few error lines on a 26-row screen */
#define REPORT_MAP_ROWS 10u  /* memory-map rows; more ranges are summed in one line */

struct report {
    const char *loader;            /* "" when the loader gave no name */
    const char *cpu_vendor;
    uint32_t cpu_family, cpu_model;
    const struct memmap *mem;      /* RAM ranges and the byte counts */
    uint64_t fb_base, fb_end;      /* fb_end == 0: no framebuffer */
    uint32_t page_tables;
    bool null_unmapped, text_ro;
    uint32_t heap_base, heap_bytes;
    int passed, failed;
    bool full;                     /* selftest=full ran */
};

/* Writes the report's lines into out[] (each NUL-terminated, at most REPORT_COLS
 * characters) and returns how many (at most REPORT_ROWS). The last line is "ready"
 * when every self-test passed. */
uint32_t report_lines(const struct report *r, char out[][REPORT_COLS + 1]);

#endif
