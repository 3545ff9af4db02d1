/* test_mb1_info.c - specifies the Multiboot 1 information builder: where each part lies, which flag
 * says so, and overflow. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/core/mb1_info.h"

#define PHYS 0x10000u /* where GRUB puts it, and where these tests pretend it lies */
#define CAP 4096u

static _Alignas(8) uint8_t buf[CAP];
static struct mb1_builder b;

static const struct mb1_info *mi(void)
{
    return (const struct mb1_info *)buf;
}

/* The bytes at physical address `a` of the buffer. */
static const void *at(uint32_t a)
{
    assert_in_range(a, PHYS, PHYS + CAP - 1);
    return buf + (a - PHYS);
}

static void start(void)
{
    memset(buf, 0xAA, sizeof buf);
    mb1i_begin(&b, buf, PHYS, CAP);
}

static void an_empty_structure_has_no_flags_and_120_bytes(void **state)
{
    (void)state;
    start();
    assert_int_equal(mb1i_end(&b), sizeof(struct mb1_info));
    assert_int_equal(mi()->flags, 0);
    assert_int_equal(mi()->boot_device, 0);
    assert_int_equal(mi()->drives_length, 0);
}

static void strings_are_copied_after_the_structure_with_their_flags(void **state)
{
    (void)state;
    start();
    assert_true(mb1i_cmdline(&b, "console=ttyS0 quiet"));
    assert_true(mb1i_loader_name(&b, "efi-mb"));
    assert_int_equal(mi()->flags, MB1_INFO_CMDLINE | MB1_INFO_BOOT_LOADER_NAME);
    assert_int_equal(mi()->cmdline, PHYS + sizeof(struct mb1_info));
    assert_string_equal(at(mi()->cmdline), "console=ttyS0 quiet");
    assert_string_equal(at(mi()->boot_loader_name), "efi-mb");
    assert_int_equal(mi()->boot_loader_name % 4, 0);
}

static void an_empty_cmdline_is_still_given(void **state)
{
    (void)state;
    start();
    assert_true(mb1i_cmdline(&b, ""));
    assert_true(mi()->flags & MB1_INFO_CMDLINE);
    assert_string_equal(at(mi()->cmdline), "");
}

static void modules_are_an_array_of_start_end_string(void **state)
{
    (void)state;
    start();
    assert_true(mb1i_mods(&b, 2));
    assert_true(mb1i_add_module(&b, 0x100000, 0x100123, "\\initrd.img root=1"));
    assert_true(mb1i_add_module(&b, 0x101000, 0x101001, ""));
    assert_int_equal(mi()->flags, MB1_INFO_MODS);
    assert_int_equal(mi()->mods_count, 2);
    assert_int_equal(mi()->mods_addr % 4, 0);
    const struct mb1_module *m = at(mi()->mods_addr);
    assert_int_equal(m[0].mod_start, 0x100000);
    assert_int_equal(m[0].mod_end, 0x100123);
    assert_string_equal(at(m[0].string), "\\initrd.img root=1");
    assert_int_equal(m[1].mod_start, 0x101000);
    assert_string_equal(at(m[1].string), "");
    assert_int_equal(m[1].reserved, 0);
}

static void no_modules_leaves_flag_3_clear(void **state)
{
    (void)state;
    start();
    assert_true(mb1i_mods(&b, 0));
    assert_int_equal(mi()->flags, 0);
    assert_int_equal(mi()->mods_count, 0);
    assert_int_equal(mi()->mods_addr, 0);
}

static void more_modules_than_reserved_is_an_overflow(void **state)
{
    (void)state;
    start();
    assert_true(mb1i_mods(&b, 1));
    assert_true(mb1i_add_module(&b, 0x100000, 0x101000, "a"));
    assert_false(mb1i_add_module(&b, 0x101000, 0x102000, "b"));
    assert_int_equal(mb1i_end(&b), 0);
}

static void elf_sections_point_at_the_copied_table(void **state)
{
    (void)state;
    start();
    mb1i_elf_sections(&b, 12, 40, 11, 0x20000);
    assert_int_equal(mi()->flags, MB1_INFO_ELF_SHDR);
    assert_int_equal(mi()->shdr_num, 12);
    assert_int_equal(mi()->shdr_size, 40);
    assert_int_equal(mi()->shdr_addr, 0x20000);
    assert_int_equal(mi()->shdr_shndx, 11);
}

static void an_rgb_framebuffer_fills_the_bit_12_fields(void **state)
{
    (void)state;
    struct mb2_tag_framebuffer fb = {
        .framebuffer_addr = 0x180000000ull,
        .framebuffer_pitch = 4096,
        .framebuffer_width = 1024,
        .framebuffer_height = 768,
        .framebuffer_bpp = 32,
        .framebuffer_type = MB2_FB_TYPE_RGB,
        .red_field_position = 16,
        .red_mask_size = 8,
        .green_field_position = 8,
        .green_mask_size = 8,
        .blue_field_position = 0,
        .blue_mask_size = 8,
    };
    start();
    assert_true(mb1i_framebuffer(&b, &fb));
    assert_int_equal(mi()->flags, MB1_INFO_FRAMEBUFFER);
    assert_true(mi()->framebuffer_addr == 0x180000000ull); /* 64-bit, above 4 GiB kept */
    assert_int_equal(mi()->framebuffer_pitch, 4096);
    assert_int_equal(mi()->framebuffer_width, 1024);
    assert_int_equal(mi()->framebuffer_height, 768);
    assert_int_equal(mi()->framebuffer_bpp, 32);
    assert_int_equal(mi()->framebuffer_type, MB1_FB_TYPE_RGB);
    assert_int_equal(mi()->red_field_position, 16);
    assert_int_equal(mi()->green_field_position, 8);
    assert_int_equal(mi()->blue_mask_size, 8);
    /* Where multiboot.h (and GRUB) put the colour info: 112, not the spec table's 110. */
    assert_int_equal(buf[112], 16);
    assert_int_equal(buf[113], 8);
    assert_int_equal(buf[110], 0);
    assert_false(mi()->flags & MB1_INFO_VBE);
}

static void a_framebuffer_other_than_rgb_is_not_given(void **state)
{
    (void)state;
    struct mb2_tag_framebuffer fb = {.framebuffer_type = MB2_FB_TYPE_EGA_TEXT};
    start();
    assert_false(mb1i_framebuffer(&b, &fb));
    assert_int_equal(mi()->flags, 0);
}

static void meminfo_sets_flag_0(void **state)
{
    (void)state;
    start();
    mb1i_meminfo(&b, 639, 130048);
    assert_int_equal(mi()->flags, MB1_INFO_MEMORY);
    assert_int_equal(mi()->mem_lower, 639);
    assert_int_equal(mi()->mem_upper, 130048);
}

/*
 * tag 6:  [ 0 avail 0x9f000 )[ 0x9f000 resv 0xa0000 ) ... [ 1 MiB avail 5 GiB )
 * mb1:    size=20 | addr | len | type, three times, 24 bytes apart
 */
static void the_memory_map_is_tag_6s_entries_size_prefixed(void **state)
{
    (void)state;
    const struct mb2_mmap_entry e[] = {
        {0, 0x9f000, MB2_MMAP_AVAILABLE, 0},
        {0x9f000, 0x1000, MB2_MMAP_RESERVED, 0},
        {0x100000, 0x13ff00000ull, MB2_MMAP_AVAILABLE, 0},
    };
    start();
    assert_true(mb1i_cmdline(&b, "x")); /* so the map does not start aligned by luck */
    assert_true(mb1i_mmap(&b, e, 3));
    assert_int_equal(mi()->flags, MB1_INFO_CMDLINE | MB1_INFO_MMAP);
    assert_int_equal(mi()->mmap_length, 3 * 24);
    assert_int_equal(mi()->mmap_addr % 4, 0);
    const uint8_t *p = at(mi()->mmap_addr);
    for (int i = 0; i < 3; i++, p += 24) {
        struct mb1_mmap_entry m;
        memcpy(&m, p, sizeof m);
        assert_int_equal(m.size, 20);
        assert_true(m.addr == e[i].base_addr);
        assert_true(m.len == e[i].length);
        assert_int_equal(m.type, e[i].type);
    }
    assert_int_equal(mb1i_end(&b), mi()->mmap_addr - PHYS + 3 * 24);
}

static void a_copy_of_the_builder_adds_the_map_again_on_each_try(void **state)
{
    (void)state;
    const struct mb2_mmap_entry e[] = {{0, 0x9f000, MB2_MMAP_AVAILABLE, 0},
                                       {0x100000, 0x100000, MB2_MMAP_AVAILABLE, 0}};
    start();
    assert_true(mb1i_loader_name(&b, "efi-mb"));
    struct mb1_builder try1 = b, try2 = b;
    assert_true(mb1i_mmap(&try1, e, 2));
    uint32_t end1 = mb1i_end(&try1);
    assert_true(mb1i_mmap(&try2, e, 1));
    assert_int_equal(mi()->mmap_length, 24);
    assert_int_equal(mb1i_end(&try2), end1 - 24);
}

static void what_does_not_fit_is_an_overflow(void **state)
{
    (void)state;
    static char big[CAP];
    memset(big, 'x', sizeof big - 1);
    start();
    assert_false(mb1i_cmdline(&b, big));
    assert_int_equal(mi()->flags, 0);
    assert_int_equal(mb1i_end(&b), 0);
    /* Too small for the structure itself, or lying across 4 GiB. */
    mb1i_begin(&b, buf, PHYS, sizeof(struct mb1_info) - 1);
    assert_int_equal(mb1i_end(&b), 0);
    mb1i_begin(&b, buf, 0xFFFFF000u, CAP + 1);
    assert_int_equal(mb1i_end(&b), 0);
    start();
    assert_false(mb1i_mmap(&b, NULL, UINT32_MAX / 8));
    assert_int_equal(mb1i_end(&b), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_empty_structure_has_no_flags_and_120_bytes),
        cmocka_unit_test(strings_are_copied_after_the_structure_with_their_flags),
        cmocka_unit_test(an_empty_cmdline_is_still_given),
        cmocka_unit_test(modules_are_an_array_of_start_end_string),
        cmocka_unit_test(no_modules_leaves_flag_3_clear),
        cmocka_unit_test(more_modules_than_reserved_is_an_overflow),
        cmocka_unit_test(elf_sections_point_at_the_copied_table),
        cmocka_unit_test(an_rgb_framebuffer_fills_the_bit_12_fields),
        cmocka_unit_test(a_framebuffer_other_than_rgb_is_not_given),
        cmocka_unit_test(meminfo_sets_flag_0),
        cmocka_unit_test(the_memory_map_is_tag_6s_entries_size_prefixed),
        cmocka_unit_test(a_copy_of_the_builder_adds_the_map_again_on_each_try),
        cmocka_unit_test(what_does_not_fit_is_an_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
