/* test_report.c - the boot report on screen: fits 64 columns and the row budget, names
 * what a person needs, and sums the map ranges that do not fit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/report/report.h"

#define MiB (1024ull * 1024ull)

static struct memmap mem;
static char out[REPORT_ROWS + 4][REPORT_COLS + 1];

static struct report three_gib(void)
{
    memset(&mem, 0, sizeof mem);
    mem.ram[0] = (struct region){ 0, 0xA0000 };
    mem.ram[1] = (struct region){ 1 * MiB, 2048 * MiB };
    mem.nram = 2;
    mem.usable_bytes = 2000 * MiB;
    mem.reserved_bytes = 40 * MiB;
    mem.dropped_above_4g_bytes = 1024 * MiB;
    return (struct report){ .loader = "BOOTIA32 0.1", .cpu_vendor = "GenuineIntel",
                            .cpu_family = 6, .cpu_model = 6, .mem = &mem,
                            .fb_base = 0xC0000000u, .fb_end = 0xC0000000u + 4 * MiB,
                            .page_tables = 513, .null_unmapped = true, .text_ro = true,
                            .heap_base = 0x1710000, .heap_bytes = 64 * MiB, .passed = 7 };
}

static int find(uint32_t n, const char *text)
{
    for (uint32_t i = 0; i < n; i++)
        if (strstr(out[i], text))
            return (int)i;
    return -1;
}

static void a_good_boot_names_loader_cpu_ram_map_paging_heap_verdict_then_ready(void **state)
{
    (void)state;
    struct report r = three_gib();
    uint32_t n = report_lines(&r, out);
    assert_true(n <= REPORT_ROWS);
    assert_string_equal(out[0], KERNEL_NAME " " KERNEL_VERSION ", loaded by BOOTIA32 0.1");
    assert_true(find(n, "CPU    GenuineIntel family 6 model 6") == 1);
    assert_true(find(n, "RAM    2000 MiB usable, 40 MiB reserved") == 2);
    assert_true(find(n, "1024 MiB above 4 GiB not used") == 3);
    int map = find(n, "Memory map (MiB):");
    assert_true(map == 4);
    assert_string_equal(out[map + 1], "      0.00 -     0.62  RAM");
    assert_string_equal(out[map + 2], "      1.00 -  2048.00  RAM");
    assert_string_equal(out[map + 3], "   3072.00 -  3076.00  framebuffer");
    assert_true(find(n, "Paging on, 513 page tables, null unmapped, text read-only") > map);
    assert_true(find(n, "Heap   65536 KiB at 0x01710000") > map);
    assert_string_equal(out[n - 2], "Self-test (quick): 7 passed, 0 failed");
    assert_string_equal(out[n - 1], "ready");
    for (uint32_t i = 0; i < n; i++)
        assert_true(strlen(out[i]) <= REPORT_COLS);
}

static void many_ranges_fit_the_rows_with_one_more_line(void **state)
{
    (void)state;
    struct report r = three_gib();
    mem.nram = 30;
    for (uint32_t i = 0; i < 30; i++)
        mem.ram[i] = (struct region){ i * 8 * MiB, i * 8 * MiB + 4 * MiB };
    r.failed = 1;
    r.full = true;
    r.loader = "a loader name far too long to fit on one line of sixty-four columns";
    uint32_t n = report_lines(&r, out);
    assert_true(n <= REPORT_ROWS);
    assert_true(find(n, "... 22 more ranges") > 0); /* 31 ranges, 9 shown */
    assert_string_equal(out[n - 1], "Self-test (full): 7 passed, 1 failed");
    for (uint32_t i = 0; i < n; i++)
        assert_true(strlen(out[i]) <= REPORT_COLS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_good_boot_names_loader_cpu_ram_map_paging_heap_verdict_then_ready),
        cmocka_unit_test(many_ranges_fit_the_rows_with_one_more_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
