/* timeline.c - boot time stamps (rdtsc) per stage, and the one `time:` line. */
#include "timeline.h"

#include "../arch/cpu.h"
#include "../lib/kprintf.h"

static uint64_t begin_tsc[TL_STAGES], end_tsc[TL_STAGES];

static const char *const stage_key[TL_STAGES] = {
    [TL_REGIONS] = "regions",     [TL_BITMAP] = "bitmap",   [TL_PAGE_TABLES] = "page_tables",
    [TL_PAGING_ON] = "paging_on", [TL_HEAP] = "heap",       [TL_SELFTEST] = "selftest",
};

void timeline_begin(enum tl_stage s) { begin_tsc[s] = rdtsc(); }
void timeline_end(enum tl_stage s) { end_tsc[s] = rdtsc(); }

/* b - a, or 0 for a stamp that was never taken or runs backwards. */
static unsigned long long span(uint64_t a, uint64_t b)
{
    return a && b > a ? (unsigned long long)(b - a) : 0ull;
}

void timeline_print(const struct boot_timeline *l)
{
    uint64_t now = rdtsc();
    kprintf("time:");
    if (l->present) {
        kprintf(" loader_cycles=%llu efi_main_tsc=%llu read_cycles=%llu prepare_cycles=%llu "
                "exit_cycles=%llu handoff_cycles=%llu",
                span(l->efi_main_tsc, l->jump_tsc), (unsigned long long)l->efi_main_tsc,
                span(l->efi_main_tsc, l->file_read_tsc), span(l->file_read_tsc, l->exit_bs_tsc),
                span(l->exit_bs_tsc, l->jump_tsc), span(l->jump_tsc, kernel_entry_tsc));
    }
    kprintf(" kernel_entry_tsc=%llu", (unsigned long long)kernel_entry_tsc);
    for (int s = 0; s < TL_STAGES; s++)
        kprintf(" %s_cycles=%llu", stage_key[s], span(begin_tsc[s], end_tsc[s]));
    kprintf(" kernel_cycles=%llu\n", span(kernel_entry_tsc, now));
}
