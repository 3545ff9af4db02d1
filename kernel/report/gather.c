/* gather.c - the boot report from the live kernel (CPU, memory, paging, heap, self-test
 * counts), printed as `screen: ` lines: the screen shows them, serial keeps them. */
#include "gather.h"

#include "../arch/cpuid.h"
#include "../lib/kprintf.h"
#include "../mm/heap.h"
#include "../mm/mm.h"
#include "../mm/paging.h"
#include "report.h"

void report_print(const struct boot_view *bi, int passed, int failed, bool full)
{
    struct cpu_info ci;
    if (!cpuid_probe(&ci))
        ci.vendor[0] = '\0';
    pte_t pte = 0;
    bool null_unmapped = !paging_walk(0, &pte);
    bool text_ro = paging_walk(mm_layout()->text_start, &pte) && !(pte & PTE_W);
    uintptr_t heap_base;
    uint32_t heap_bytes;
    heap_range(&heap_base, &heap_bytes);
    struct report r = {
        .loader = bi->loader_name ? bi->loader_name : "",
        .cpu_vendor = ci.vendor[0] ? ci.vendor : "(no CPUID)",
        .cpu_family = ci.family,
        .cpu_model = ci.model,
        .mem = mm_regions(),
        .fb_base = bi->fb.usable ? bi->fb.base : 0,
        .fb_end = bi->fb.usable ? bi->fb.end : 0,
        .page_tables = paging_table_count(),
        .null_unmapped = null_unmapped,
        .text_ro = text_ro,
        .heap_base = (uint32_t)heap_base,
        .heap_bytes = heap_bytes,
        .passed = passed,
        .failed = failed,
        .full = full,
    };
    static char lines[REPORT_ROWS][REPORT_COLS + 1];
    uint32_t n = report_lines(&r, lines);
    for (uint32_t i = 0; i < n; i++)
        kprintf("screen: %s\n", lines[i]);
}
