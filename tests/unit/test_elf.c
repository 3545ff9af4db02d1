/* test_elf.c - specifies elf_check: which kernel images the loader accepts and how it refuses the rest. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>

#include "loader/core/elf.h"
#include "loader/core/elf32.h"
#include "tests/unit/elf_builder.h"

/* The loader's own ELF definitions must agree with the system's. */
_Static_assert(sizeof(struct elf32_ehdr) == sizeof(Elf32_Ehdr), "ehdr size");
_Static_assert(sizeof(struct elf32_phdr) == sizeof(Elf32_Phdr), "phdr size");
_Static_assert(offsetof(struct elf32_ehdr, e_phoff) == offsetof(Elf32_Ehdr, e_phoff), "e_phoff");
_Static_assert(offsetof(struct elf32_ehdr, e_phnum) == offsetof(Elf32_Ehdr, e_phnum), "e_phnum");
_Static_assert(offsetof(struct elf32_phdr, p_memsz) == offsetof(Elf32_Phdr, p_memsz), "p_memsz");
_Static_assert(ELF32_EI_CLASS == EI_CLASS && ELF32_EI_DATA == EI_DATA, "ident indices");
_Static_assert(ELF32_EI_VERSION == EI_VERSION && ELF32_NIDENT == EI_NIDENT, "ident indices");
_Static_assert(ELF32_CLASS32 == ELFCLASS32 && ELF32_DATA2LSB == ELFDATA2LSB, "ident values");
_Static_assert(ELF32_EV_CURRENT == EV_CURRENT && ELF32_ET_EXEC == ET_EXEC, "version, type");
_Static_assert(ELF32_EM_386 == EM_386 && ELF32_PT_LOAD == PT_LOAD, "machine, PT_LOAD");
_Static_assert(ELF32_PT_INTERP == PT_INTERP && ELF32_MAG0 == ELFMAG0, "PT_INTERP, magic");

#define NAME "\\kernel.elf"
#define TEXT 0x100000u   /* 1 MiB, where our kernels link */
#define DATA 0x200000u

static struct elf_builder *b;

static int setup(void **state)
{
    (void)state;
    b = malloc(sizeof *b);
    return b ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(b);
    return 0;
}

/* A kernel with text at 1 MiB (entry at its start) and data + bss at 2 MiB. */
static void two_segment_kernel(void)
{
    eb_init(b, TEXT + 0x10);
    eb_load(b, EB_DATA, TEXT, 0x800, 0x800);
    eb_load(b, EB_DATA + 0x800, DATA, 0x100, 0x3000);
}

static void expect_refused(const char *needle)
{
    struct elf_image img;
    struct diag d;
    assert_false(elf_check(b->buf, b->size, NAME, &img, &d));
    if (!strstr(d.msg, needle) || strncmp(d.msg, NAME ": ", strlen(NAME ": ")) != 0)
        fail_msg("message \"%s\" does not name the file and contain \"%s\"", d.msg, needle);
}

static void accepts_two_segments_and_lists_them_sorted_by_paddr(void **state)
{
    (void)state;
    eb_init(b, TEXT + 0x10);
    eb_load(b, EB_DATA + 0x800, DATA, 0x100, 0x3000); /* listed first, loads higher */
    eb_add(b, PT_NOTE, EB_DATA, 0, 0, 0x10, 0x10);    /* not loaded */
    eb_load(b, EB_DATA, 0x300000, 0, 0);             /* empty: ignored */
    eb_load(b, EB_DATA, TEXT, 0x800, 0x800);

    struct elf_image img;
    struct diag d;
    assert_true(elf_check(b->buf, b->size, NAME, &img, &d));
    assert_string_equal(d.msg, "");
    assert_int_equal(img.entry, TEXT + 0x10);
    assert_int_equal(img.nsegs, 2);
    assert_int_equal(img.segs[0].paddr, TEXT);
    assert_int_equal(img.segs[0].memsz, 0x800);
    assert_int_equal(img.segs[0].filesz, 0x800);
    assert_int_equal(img.segs[0].offset, EB_DATA);
    assert_int_equal(img.segs[1].paddr, DATA);
    assert_int_equal(img.segs[1].memsz, 0x3000);
    assert_int_equal(img.segs[1].filesz, 0x100);
    assert_int_equal(img.segs[1].offset, EB_DATA + 0x800);
    assert_int_equal(img.lowest, TEXT);
    assert_int_equal(img.highest, DATA + 0x3000);
}

static void translates_a_higher_half_entry_to_its_physical_address(void **state)
{
    (void)state;
    eb_init(b, 0xC0100020u);
    eb_add(b, PT_LOAD, EB_DATA, 0xC0100000u, TEXT, 0x800, 0x800);
    struct elf_image img;
    struct diag d;
    assert_true(elf_check(b->buf, b->size, NAME, &img, &d));
    assert_int_equal(img.entry, TEXT + 0x20);
}

static void accepts_segments_that_touch_without_overlapping(void **state)
{
    (void)state;
    eb_init(b, TEXT);
    eb_load(b, EB_DATA, TEXT, 0x800, 0x1000);
    eb_load(b, EB_DATA + 0x800, TEXT + 0x1000, 0x100, 0x100);
    struct elf_image img;
    struct diag d;
    assert_true(elf_check(b->buf, b->size, NAME, &img, &d));
    assert_int_equal(img.nsegs, 2);
}

static void refuses_a_file_shorter_than_the_elf_header(void **state)
{
    (void)state;
    two_segment_kernel();
    b->size = 40;
    expect_refused("file size = 40");
}

static void refuses_bad_magic(void **state)
{
    (void)state;
    two_segment_kernel();
    b->buf[0] = 'M', b->buf[1] = 'Z';
    expect_refused("ELF magic = 4d 5a 4c 46");
}

static void refuses_a_64_bit_image(void **state)
{
    (void)state;
    two_segment_kernel();
    eb_ehdr(b)->e_ident[EI_CLASS] = ELFCLASS64;
    expect_refused("EI_CLASS = 2: not ELFCLASS32");
}

static void refuses_a_big_endian_image(void **state)
{
    (void)state;
    two_segment_kernel();
    eb_ehdr(b)->e_ident[EI_DATA] = ELFDATA2MSB;
    expect_refused("EI_DATA = 2");
}

static void refuses_a_wrong_elf_version(void **state)
{
    (void)state;
    two_segment_kernel();
    eb_ehdr(b)->e_version = 7;
    expect_refused("e_version = 7");
}

static void refuses_a_machine_other_than_i386(void **state)
{
    (void)state;
    two_segment_kernel();
    eb_ehdr(b)->e_machine = EM_X86_64;
    expect_refused("e_machine = 62: not EM_386 (3)");
}

static void refuses_a_shared_object(void **state)
{
    (void)state;
    two_segment_kernel();
    eb_ehdr(b)->e_type = ET_DYN;
    expect_refused("e_type = 3: not ET_EXEC");
}

static void refuses_a_short_program_header_entry_size(void **state)
{
    (void)state;
    two_segment_kernel();
    eb_ehdr(b)->e_phentsize = 16;
    expect_refused("e_phentsize = 16");
}

static void refuses_a_bad_elf_header_size(void **state)
{
    (void)state;
    two_segment_kernel();
    eb_ehdr(b)->e_ehsize = 20;
    expect_refused("e_ehsize = 20");
}

static void refuses_program_headers_past_end_of_file(void **state)
{
    (void)state;
    two_segment_kernel();
    eb_ehdr(b)->e_phoff = b->size - 40; /* two 32-byte entries need 64 */
    expect_refused("program header table (2 x 32 bytes) not inside the file");
}

static void refuses_a_program_header_offset_that_wraps_32_bits(void **state)
{
    (void)state;
    two_segment_kernel();
    eb_ehdr(b)->e_phoff = 0xFFFFFFF0u;
    expect_refused("e_phoff = 0xfffffff0");
}

static void refuses_offset_plus_filesz_wrapping_32_bits(void **state)
{
    (void)state;
    two_segment_kernel();
    eb_phdr(b, 1)->p_offset = 0xFFFFFF80u;
    eb_phdr(b, 1)->p_filesz = 0x100;
    expect_refused("phdr 1: p_offset 0xffffff80 + p_filesz 0x100 wraps 32 bits");
}

static void refuses_segment_data_past_end_of_file(void **state)
{
    (void)state;
    two_segment_kernel();
    b->size -= 1;
    expect_refused("phdr 1: p_offset 0x1800 + p_filesz 0x100 past end of file");
}

static void refuses_filesz_larger_than_memsz(void **state)
{
    (void)state;
    two_segment_kernel();
    eb_phdr(b, 0)->p_memsz = 0x400;
    expect_refused("phdr 0: p_filesz 0x800 > p_memsz 0x400");
}

/*   text  [0x100000 ........ 0x101800)
 *   data            [0x101000 ... 0x104000)   overlap */
static void refuses_segments_overlapping_physically(void **state)
{
    (void)state;
    two_segment_kernel();
    eb_phdr(b, 0)->p_memsz = 0x1800;
    eb_phdr(b, 1)->p_paddr = eb_phdr(b, 1)->p_vaddr = TEXT + 0x1000;
    expect_refused("PT_LOAD at p_paddr 0x100000 (p_memsz 0x1800) overlaps PT_LOAD at p_paddr "
                   "0x101000");
}

/* Real kernels link their GDT and TSS at physical 0: page 0 is left to the placement
 * check, which refuses it only where the firmware's map has no free RAM. */
static void accepts_a_segment_in_page_zero(void **state)
{
    (void)state;
    two_segment_kernel();
    eb_phdr(b, 1)->p_paddr = 0;
    struct elf_image img;
    struct diag d;
    assert_true(elf_check(b->buf, b->size, NAME, &img, &d));
    assert_int_equal(img.lowest, 0);
    assert_int_equal(img.segs[0].paddr, 0);
}

static void refuses_a_segment_reaching_4_gib(void **state)
{
    (void)state;
    two_segment_kernel();
    eb_phdr(b, 1)->p_paddr = 0xFFFFF000u;
    eb_phdr(b, 1)->p_memsz = 0x2000;
    expect_refused("p_paddr 0xfffff000 + p_memsz 0x2000 = 0x100001000: reaches 4 GiB");
}

static void refuses_an_entry_outside_every_segment(void **state)
{
    (void)state;
    two_segment_kernel();
    eb_ehdr(b)->e_entry = 0x180000;
    expect_refused("e_entry = 0x180000: not inside any PT_LOAD");
}

static void refuses_an_entry_in_zero_filled_memory(void **state)
{
    (void)state;
    two_segment_kernel();
    eb_ehdr(b)->e_entry = DATA + 0x200;
    expect_refused("e_entry = 0x200200: in the zero-filled part");
}

static void refuses_an_image_without_pt_load(void **state)
{
    (void)state;
    eb_init(b, TEXT);
    eb_add(b, PT_NOTE, EB_DATA, 0, 0, 0x10, 0x10);
    expect_refused("no PT_LOAD segment");
}

static void refuses_an_image_without_program_headers(void **state)
{
    (void)state;
    eb_init(b, TEXT);
    expect_refused("e_phnum = 0");
}

static void refuses_absurdly_many_program_headers(void **state)
{
    (void)state;
    two_segment_kernel();
    eb_ehdr(b)->e_phnum = 0xFFFF;
    expect_refused("e_phnum = 65535: more than 256");
}

static void refuses_more_pt_load_segments_than_it_can_hold(void **state)
{
    (void)state;
    eb_init(b, TEXT);
    for (uint32_t i = 0; i <= ELF_MAX_SEGMENTS; i++)
        eb_load(b, EB_DATA, TEXT + i * 0x1000, 0x10, 0x10);
    expect_refused("more than 16 PT_LOAD segments (phdr 16)");
}

static void accepts_exactly_the_maximum_of_pt_load_segments(void **state)
{
    (void)state;
    eb_init(b, TEXT);
    for (uint32_t i = 0; i < ELF_MAX_SEGMENTS; i++)
        eb_load(b, EB_DATA, TEXT + i * 0x1000, 0x10, 0x10);
    struct elf_image img;
    struct diag d;
    assert_true(elf_check(b->buf, b->size, NAME, &img, &d));
    assert_int_equal(img.nsegs, ELF_MAX_SEGMENTS);
}

static void refuses_a_dynamically_linked_program(void **state)
{
    (void)state;
    two_segment_kernel();
    eb_add(b, PT_INTERP, EB_DATA, 0, 0, 0x10, 0x10);
    expect_refused("PT_INTERP");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accepts_two_segments_and_lists_them_sorted_by_paddr),
        cmocka_unit_test(translates_a_higher_half_entry_to_its_physical_address),
        cmocka_unit_test(accepts_segments_that_touch_without_overlapping),
        cmocka_unit_test(accepts_exactly_the_maximum_of_pt_load_segments),
        cmocka_unit_test(refuses_a_file_shorter_than_the_elf_header),
        cmocka_unit_test(refuses_bad_magic),
        cmocka_unit_test(refuses_a_64_bit_image),
        cmocka_unit_test(refuses_a_big_endian_image),
        cmocka_unit_test(refuses_a_wrong_elf_version),
        cmocka_unit_test(refuses_a_machine_other_than_i386),
        cmocka_unit_test(refuses_a_shared_object),
        cmocka_unit_test(refuses_a_short_program_header_entry_size),
        cmocka_unit_test(refuses_a_bad_elf_header_size),
        cmocka_unit_test(refuses_program_headers_past_end_of_file),
        cmocka_unit_test(refuses_a_program_header_offset_that_wraps_32_bits),
        cmocka_unit_test(refuses_offset_plus_filesz_wrapping_32_bits),
        cmocka_unit_test(refuses_segment_data_past_end_of_file),
        cmocka_unit_test(refuses_filesz_larger_than_memsz),
        cmocka_unit_test(refuses_segments_overlapping_physically),
        cmocka_unit_test(accepts_a_segment_in_page_zero),
        cmocka_unit_test(refuses_a_segment_reaching_4_gib),
        cmocka_unit_test(refuses_an_entry_outside_every_segment),
        cmocka_unit_test(refuses_an_entry_in_zero_filled_memory),
        cmocka_unit_test(refuses_an_image_without_pt_load),
        cmocka_unit_test(refuses_an_image_without_program_headers),
        cmocka_unit_test(refuses_absurdly_many_program_headers),
        cmocka_unit_test(refuses_more_pt_load_segments_than_it_can_hold),
        cmocka_unit_test(refuses_a_dynamically_linked_program),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
