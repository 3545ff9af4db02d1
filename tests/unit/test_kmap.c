/* test_kmap.c - the kernel's mapping table (kernel/mm/kmap.c): what kmap_build puts in
 * it for a few machine geometries, what kmap_lookup answers (the self-test's question),
 * and that kmap_install's page tables, walked independently, answer the same. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/mm/frames.h"
#include "kernel/mm/kmap.h"
#include "kernel/mm/paging.h"
#include "tests/unit/pt_walk.h"
#include "tests/unit/sim_phys.h"

#define KiB 1024ull
#define MiB (1024 * KiB)
#define GiB (1024 * MiB)

/* Page-table frames come from here, outside every geometry's RAM. */
#define FRAMES_BASE (200 * MiB)
#define FRAMES_END (216 * MiB)

static struct memmap regions;
static struct kernel_layout layout;
static struct boot_view view;
static struct kmap km;

/*
 * The usual machine (not to scale):
 *
 *   0    4K       640K   1M  image 1M..1M+256K   128M        3.5G        3.5G+8M
 *   |null|--low RAM--|   |--RAM ............-----|  (hole)    |--fb------|
 *                        [text..rodata RO][data][guard][stack]
 *   boot information at 0x9000 (in low RAM); module at 0xF0000000, outside RAM.
 */
#define IMAGE_START (1 * MiB)
#define IMAGE_END (1 * MiB + 256 * KiB)
#define TEXT_START (1 * MiB + 4 * KiB)
#define RODATA_END (1 * MiB + 100 * KiB + 123) /* not page aligned: rounded down */
#define GUARD (1 * MiB + 200 * KiB)
#define STACK_BOTTOM (GUARD + 4 * KiB)
#define STACK_TOP (STACK_BOTTOM + 16 * KiB)
#define INFO_ADDR 0x9000u
#define INFO_SIZE 0x1234u
#define MODULE_START 0xF0000000u
#define MODULE_END (0xF0000000u + 8 * KiB + 1)
#define FB_ADDR (3584 * MiB)

static void usual_machine(void)
{
    memset(&regions, 0, sizeof regions);
    regions.ram[0] = (struct region){0, 640 * KiB};
    regions.ram[1] = (struct region){1 * MiB, 128 * MiB};
    regions.nram = 2;
    layout = (struct kernel_layout){
        .image_start = IMAGE_START, .image_end = IMAGE_END, .text_start = TEXT_START,
        .rodata_end = RODATA_END, .stack_guard = GUARD, .stack_bottom = STACK_BOTTOM,
        .stack_top = STACK_TOP,
    };
    memset(&view, 0, sizeof view);
    view.info_addr = INFO_ADDR;
    view.total_size = INFO_SIZE;
    view.nmodules = 1;
    view.modules[0] = (struct boot_module){MODULE_START, MODULE_END, "far module"};
    view.fb.present = view.fb.usable = true;
    view.fb.addr = FB_ADDR;
    view.fb.base = FB_ADDR;
    view.fb.end = FB_ADDR + 8 * MiB;
}

static const char *why(uint64_t va)
{
    static struct kmap_range r;
    return kmap_find(&km, va, &r) ? r.why : "(unmapped)";
}

static void usual_machine_table_answers_every_kind_of_page(void **state)
{
    (void)state;
    usual_machine();
    kmap_build(&km, &regions, &layout, &view);
    assert_int_equal(km.nram, 2);

    assert_int_equal(kmap_lookup(&km, 0), KMAP_ABSENT);
    assert_string_equal(why(0xFFF), "null page");
    assert_int_equal(kmap_lookup(&km, 0x1000), KMAP_RW);
    assert_string_equal(why(0x1000), "RAM");
    assert_string_equal(why(INFO_ADDR + INFO_SIZE - 1), "boot information");
    assert_int_equal(kmap_lookup(&km, 640 * KiB), KMAP_ABSENT); /* the hole below 1 MiB */
    assert_false(kmap_find(&km, 640 * KiB, NULL));
    assert_int_equal(kmap_lookup(&km, IMAGE_START), KMAP_RW); /* below text */
    assert_int_equal(kmap_lookup(&km, TEXT_START), KMAP_RO);
    assert_string_equal(why(TEXT_START), "kernel text and constants");
    assert_int_equal(kmap_lookup(&km, 1 * MiB + 96 * KiB), KMAP_RO);
    assert_int_equal(kmap_lookup(&km, 1 * MiB + 100 * KiB), KMAP_RW); /* shares .data */
    assert_int_equal(kmap_lookup(&km, GUARD), KMAP_ABSENT);
    assert_string_equal(why(GUARD + 4095), "stack guard");
    assert_string_equal(why(STACK_BOTTOM), "boot stack");
    assert_int_equal(kmap_lookup(&km, 128 * MiB - 1), KMAP_RW);
    assert_int_equal(kmap_lookup(&km, 128 * MiB), KMAP_ABSENT);
    /* Outside RAM, and mapped all the same: the kernel reads its modules. */
    assert_int_equal(kmap_lookup(&km, MODULE_START), KMAP_RW);
    assert_string_equal(why(MODULE_START), "module");
    assert_int_equal(kmap_lookup(&km, MODULE_START + 8 * KiB), KMAP_RW); /* partial page */
    assert_int_equal(kmap_lookup(&km, MODULE_START + 12 * KiB), KMAP_ABSENT);
    assert_int_equal(kmap_lookup(&km, FB_ADDR), KMAP_FB);
    assert_int_equal(kmap_lookup(&km, FB_ADDR + 8 * MiB - 1), KMAP_FB);
    assert_int_equal(kmap_lookup(&km, FB_ADDR + 8 * MiB), KMAP_ABSENT);
    assert_int_equal(kmap_lookup(&km, 0xFFFFF000u), KMAP_ABSENT);
}

/* Refused by boot_fb_decide (here: EGA text at 0xB8000): not in the table, so not
 * mapped, and the self-test expects the page absent. */
static void framebuffer_that_is_not_usable_is_left_out(void **state)
{
    (void)state;
    usual_machine();
    view.fb = (struct boot_fb){.present = true, .addr = 0xB8000, .type = MB2_FB_TYPE_EGA_TEXT};
    kmap_build(&km, &regions, &layout, &view);
    for (uint32_t i = 0; i < km.n; i++)
        assert_string_not_equal(km.r[i].why, "framebuffer");
    assert_int_equal(kmap_lookup(&km, 0xB8000), KMAP_ABSENT);
}

/*
 * Everything outside RAM: a loader that put the kernel, the boot information and a
 * module in memory the map does not call RAM. All three are mapped, text stays RO.
 *
 *   0      16M  RAM  64M      96M image..      100M  info   104M module
 *   |null..|---------|        |-----------|          |--|    |------|
 */
static void image_info_and_module_outside_ram_are_mapped(void **state)
{
    (void)state;
    usual_machine();
    regions.ram[0] = (struct region){16 * MiB, 64 * MiB};
    regions.nram = 1;
    layout = (struct kernel_layout){
        .image_start = 96 * MiB, .image_end = 97 * MiB, .text_start = 96 * MiB,
        .rodata_end = 96 * MiB + 64 * KiB, .stack_guard = 96 * MiB + 512 * KiB,
        .stack_bottom = 96 * MiB + 516 * KiB, .stack_top = 96 * MiB + 532 * KiB,
    };
    view.info_addr = 100 * MiB + 8;
    view.total_size = 4096; /* straddles two pages */
    view.modules[0] = (struct boot_module){104 * MiB, 105 * MiB, "m"};
    view.fb.usable = false;
    kmap_build(&km, &regions, &layout, &view);
    assert_int_equal(kmap_lookup(&km, 96 * MiB), KMAP_RO);
    assert_int_equal(kmap_lookup(&km, 96 * MiB + 64 * KiB), KMAP_RW);
    assert_int_equal(kmap_lookup(&km, 96 * MiB + 512 * KiB), KMAP_ABSENT);
    assert_int_equal(kmap_lookup(&km, 100 * MiB), KMAP_RW);
    assert_int_equal(kmap_lookup(&km, 100 * MiB + 4 * KiB), KMAP_RW);
    assert_int_equal(kmap_lookup(&km, 100 * MiB + 8 * KiB), KMAP_ABSENT);
    assert_int_equal(kmap_lookup(&km, 105 * MiB - 1), KMAP_RW);
    assert_int_equal(kmap_lookup(&km, 0), KMAP_ABSENT); /* no RAM there at all */
}

/* Later ranges win: a module over page 0 leaves the null page unmapped. */
static void null_page_stays_absent_under_a_module(void **state)
{
    (void)state;
    usual_machine();
    view.modules[0] = (struct boot_module){0, 8 * KiB, "low"};
    kmap_build(&km, &regions, &layout, &view);
    assert_int_equal(kmap_lookup(&km, 0), KMAP_ABSENT);
    assert_int_equal(kmap_lookup(&km, 4 * KiB), KMAP_RW);
}

static void empty_module_adds_no_range(void **state)
{
    (void)state;
    usual_machine();
    view.modules[0] = (struct boot_module){0x300000, 0x300000, ""};
    kmap_build(&km, &regions, &layout, &view);
    for (uint32_t i = 0; i < km.n; i++)
        assert_string_not_equal(km.r[i].why, "module");
}

/* A fresh machine for kmap_install: zeroed memory, a frame pool, an empty directory. */
static void boot(void)
{
    sim_phys_reset();
    struct memmap pool;
    memset(&pool, 0, sizeof pool);
    pool.free[0] = (struct region){FRAMES_BASE, FRAMES_END};
    pool.nfree = 1;
    assert_true(frames_init(&pool));
    assert_true(paging_init());
}

/* Every page of the 4 GiB space: the tables kmap_install built say what kmap_lookup
 * says, and mapped_bytes counts exactly the present pages. */
static void check_install_matches_lookup(void)
{
    boot();
    uint64_t mapped_bytes = 0;
    assert_true(kmap_install(&km, &mapped_bytes));
    uint32_t cr3 = paging_directory();
    uint64_t present = 0;
    for (uint64_t va = 0; va < 4 * GiB; va += PAGE_SIZE) {
        struct ptw_result r = ptw_translate(cr3, (uint32_t)va);
        enum kmap_prot want = kmap_lookup(&km, va);
        if (want == KMAP_ABSENT) {
            if (r.present)
                fail_msg("va=0x%llx present, table says absent", (unsigned long long)va);
            continue;
        }
        if (!r.present)
            fail_msg("va=0x%llx absent, table says %s", (unsigned long long)va, why(va));
        assert_int_equal(r.pa, va);
        assert_int_equal(r.writable, want != KMAP_RO);
        assert_int_equal(r.pte & (PTE_PCD | PTE_PWT), 0);
        present++;
    }
    assert_int_equal(mapped_bytes, present * PAGE_SIZE);
}

static void usual_machine_page_tables_match_the_table(void **state)
{
    (void)state;
    usual_machine();
    kmap_build(&km, &regions, &layout, &view);
    check_install_matches_lookup();
}

static void outside_ram_page_tables_match_the_table(void **state)
{
    image_info_and_module_outside_ram_are_mapped(state);
    check_install_matches_lookup();
}

int main(void)
{
    sim_phys_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(usual_machine_table_answers_every_kind_of_page),
        cmocka_unit_test(framebuffer_that_is_not_usable_is_left_out),
        cmocka_unit_test(image_info_and_module_outside_ram_are_mapped),
        cmocka_unit_test(null_page_stays_absent_under_a_module),
        cmocka_unit_test(empty_module_adds_no_range),
        cmocka_unit_test(usual_machine_page_tables_match_the_table),
        cmocka_unit_test(outside_ram_page_tables_match_the_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
