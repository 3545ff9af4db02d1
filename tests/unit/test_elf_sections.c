/* test_elf_sections.c - specifies tag 9's source: the section header table and the copied unloaded sections. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>

#include "loader/core/elf_sections.h"
#include "loader/core/mbi.h"
#include "tests/unit/elf_builder.h"

#define NAME "\\kernel.elf"
#define SHOFF 0x2000u
#define DST_PHYS 0x9000u

static struct elf_builder b;
static struct elf_sections s;
static struct diag d;
_Alignas(16) static uint8_t dst[0x2000];

/* Sections: 0 null, 1 .text (loaded at 1 MiB), 2 .bss (NOBITS), 3 .symtab (16 bytes at
 * 0x1800), 4 .strtab (5 bytes at 0x1900), table at SHOFF. */
static void image(void)
{
    eb_init(&b, 0x100000);
    Elf32_Ehdr *eh = eb_ehdr(&b);
    eh->e_shoff = SHOFF;
    eh->e_shnum = 5;
    eh->e_shentsize = sizeof(Elf32_Shdr);
    eh->e_shstrndx = 4;
    Elf32_Shdr *sh = (Elf32_Shdr *)(b.buf + SHOFF);
    sh[1] = (Elf32_Shdr){ .sh_type = SHT_PROGBITS, .sh_addr = 0x100000, .sh_offset = 0x1000,
                          .sh_size = 0x100 };
    sh[2] = (Elf32_Shdr){ .sh_type = SHT_NOBITS, .sh_size = 0x4000 };
    sh[3] = (Elf32_Shdr){ .sh_type = SHT_SYMTAB, .sh_offset = 0x1800, .sh_size = 16 };
    sh[4] = (Elf32_Shdr){ .sh_type = SHT_STRTAB, .sh_offset = 0x1900, .sh_size = 5 };
    memcpy(b.buf + 0x1800, "SYMBOLS-16-BYTES", 16);
    memcpy(b.buf + 0x1900, "\0_st\0", 5);
    b.size = SHOFF + 5 * sizeof(Elf32_Shdr);
}

static Elf32_Shdr copied_shdr(unsigned i)
{
    Elf32_Shdr sh;
    memcpy(&sh, dst + i * sizeof sh, sizeof sh);
    return sh;
}

static void the_table_and_the_unloaded_sections_are_copied_with_their_new_addresses(void **state)
{
    (void)state;
    image();
    assert_true(elf_sections_plan(b.buf, b.size, NAME, &s, &d));
    assert_int_equal(s.num, 5);
    assert_int_equal(s.entsize, 40);
    assert_int_equal(s.shndx, 4);
    assert_int_equal(s.bytes, 208 + 16 + 16); /* table (200, to 208), 16, 5 -> 16 */
    elf_sections_copy(b.buf, &s, dst, DST_PHYS);
    assert_int_equal(copied_shdr(1).sh_addr, 0x100000); /* loaded: where the segment put it */
    assert_int_equal(copied_shdr(2).sh_addr, 0);        /* .bss: nothing to copy */
    assert_int_equal(copied_shdr(3).sh_addr, DST_PHYS + 208);
    assert_int_equal(copied_shdr(4).sh_addr, DST_PHYS + 224);
    assert_memory_equal(dst + 208, "SYMBOLS-16-BYTES", 16);
    assert_memory_equal(dst + 224, "\0_st\0", 5);
}

static void a_stripped_file_has_no_table_and_no_error(void **state)
{
    (void)state;
    image();
    eb_ehdr(&b)->e_shnum = 0;
    assert_true(elf_sections_plan(b.buf, b.size, NAME, &s, &d));
    assert_int_equal(s.num, 0);
    assert_int_equal(s.bytes, 0);
}

static void refuses_a_table_past_the_end_of_the_file(void **state)
{
    (void)state;
    image();
    b.size = SHOFF + 100;
    assert_false(elf_sections_plan(b.buf, b.size, NAME, &s, &d));
    assert_string_equal(d.msg, NAME ": ELF e_shoff = 0x2000: section header table (5 x 40 bytes) "
                               "not inside the file (8292 bytes)");
}

static void refuses_a_section_past_the_end_of_the_file(void **state)
{
    (void)state;
    image();
    ((Elf32_Shdr *)(b.buf + SHOFF))[3].sh_size = 0x10000;
    assert_false(elf_sections_plan(b.buf, b.size, NAME, &s, &d));
    assert_string_equal(d.msg, NAME ": ELF section 3: sh_offset 0x1800 + sh_size 0x10000 past end "
                               "of file (8392 bytes)");
}

/* Tag 9 as GRUB 2 lays it out: 32-bit num, entsize, shndx, then the headers. */
static void tag_9_carries_num_entsize_shndx_and_the_headers(void **state)
{
    (void)state;
    _Alignas(8) static uint8_t buf[1024];
    struct mbi_builder mb;
    image();
    assert_true(elf_sections_plan(b.buf, b.size, NAME, &s, &d));
    elf_sections_copy(b.buf, &s, dst, DST_PHYS);
    mbi_begin(&mb, buf, sizeof buf);
    assert_true(mbi_add_elf_sections(&mb, s.num, s.entsize, s.shndx, dst));
    assert_true(mbi_end(&mb));
    const struct mb2_tag_elf_sections *t = (const void *)(buf + 8);
    assert_int_equal(t->type, MB2_TAG_ELF_SECTIONS);
    assert_int_equal(t->size, 20 + 200);
    assert_int_equal(t->num, 5);
    assert_int_equal(t->entsize, 40);
    assert_int_equal(t->shndx, 4);
    assert_memory_equal(t->sections, dst, 200);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_table_and_the_unloaded_sections_are_copied_with_their_new_addresses),
        cmocka_unit_test(a_stripped_file_has_no_table_and_no_error),
        cmocka_unit_test(refuses_a_table_past_the_end_of_the_file),
        cmocka_unit_test(refuses_a_section_past_the_end_of_the_file),
        cmocka_unit_test(tag_9_carries_num_entsize_shndx_and_the_headers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
