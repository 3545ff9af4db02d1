/* report.c - the boot report's lines from the numbers the kernel gathered (pure). */
#include "report.h"

#include "../lib/kprintf.h"

#define MiB (1024ull * 1024ull)

static unsigned long long mib_down(uint64_t b) { return (unsigned long long)(b / MiB); }
static unsigned long long mib_up(uint64_t b) { return (unsigned long long)((b + MiB - 1) / MiB); }

/* Hundredths of a MiB, rounded down: the map's small ranges below 1 MiB stay apart. */
static unsigned long long centi(uint64_t b) { return (unsigned long long)(b % MiB * 100 / MiB); }

/* One range of the map table, in MiB with two decimals. */
static void map_row(char *line, uint64_t base, uint64_t end, const char *kind)
{
    ksnprintf(line, REPORT_COLS + 1, "  %5llu.%02llu - %5llu.%02llu  %s", mib_down(base),
              centi(base), mib_down(end), centi(end), kind);
}

uint32_t report_lines(const struct report *r, char out[][REPORT_COLS + 1])
{
    uint32_t n = 0;
#define LINE(...) ksnprintf(out[n++], REPORT_COLS + 1, __VA_ARGS__)
    LINE("%s %s, loaded by %s", KERNEL_NAME, KERNEL_VERSION, r->loader[0] ? r->loader : "?");
    LINE("CPU    %s family %u model %u", r->cpu_vendor, r->cpu_family, r->cpu_model);
    const struct memmap *m = r->mem;
    LINE("RAM    %llu MiB usable, %llu MiB reserved", mib_down(m->usable_bytes),
         mib_up(m->reserved_bytes));
    if (m->dropped_above_4g_bytes)
        LINE("       %llu MiB above 4 GiB not used (32-bit kernel)",
             mib_down(m->dropped_above_4g_bytes));
    LINE("Memory map (MiB):");
    /* RAM ranges in order, the framebuffer (in a hole) before the first range above
     * it; beyond REPORT_MAP_ROWS rows, the rest is one "more" line. */
    uint32_t total = m->nram + (r->fb_end != 0), shown = 0;
    uint32_t room = total > REPORT_MAP_ROWS ? REPORT_MAP_ROWS - 1 : total;
    bool fb_done = r->fb_end == 0;
    for (uint32_t i = 0; i <= m->nram && shown < room; i++) {
        if (!fb_done && (i == m->nram || m->ram[i].base >= r->fb_end)) {
            fb_done = true;
            map_row(out[n++], r->fb_base, r->fb_end, "framebuffer");
            if (++shown == room)
                break;
        }
        if (i < m->nram) {
            map_row(out[n++], m->ram[i].base, m->ram[i].end, "RAM");
            shown++;
        }
    }
    if (shown < total)
        LINE("  ... %u more ranges (the serial log has them all)", total - shown);
    LINE("Paging on, %u page tables, null %s, text %s", r->page_tables,
         r->null_unmapped ? "unmapped" : "MAPPED", r->text_ro ? "read-only" : "WRITABLE");
    LINE("Heap   %u KiB at 0x%08x", r->heap_bytes / 1024, r->heap_base);
    LINE("Self-test (%s): %d passed, %d failed", r->full ? "full" : "quick", r->passed,
         r->failed);
    if (r->failed == 0)
        LINE("ready");
#undef LINE
    return n;
}
