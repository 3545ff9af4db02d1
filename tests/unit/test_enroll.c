/* test_enroll.c - loader/core/enroll.c: which files `make sign` accepts as our loader,
 * and that the digest lands where the loader reads it (struct enroll_block). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/core/enroll.h"

#define IMG_SIZE 4096u
#define PE_AT 0x80u
#define BLOCK_AT 0x400u

/* A minimal PE file: MZ, e_lfanew, "PE\0\0", machine; and the loader's block. */
static uint8_t *fake_loader(uint16_t machine, bool with_block)
{
    uint8_t *f = calloc(1, IMG_SIZE);
    f[0] = 'M', f[1] = 'Z';
    f[0x3c] = PE_AT;
    memcpy(f + PE_AT, "PE\0\0", 4);
    f[PE_AT + 4] = (uint8_t)machine, f[PE_AT + 5] = (uint8_t)(machine >> 8);
    if (with_block) {
        struct enroll_block b = {.version = ENROLL_VERSION};
        memcpy(b.magic, ENROLL_MAGIC, ENROLL_MAGIC_SIZE);
        memcpy(f + BLOCK_AT, &b, sizeof b);
    }
    return f;
}

static void a_file_without_mz_is_refused_as_not_a_loader(void **state)
{
    (void)state;
    uint8_t *f = fake_loader(0x8664, true);
    f[0] = 0x7f; /* an ELF, say */
    uint32_t at;
    struct diag d;
    assert_false(enroll_find(f, IMG_SIZE, "boot.cfg", &at, &d));
    assert_string_equal(d.msg, "boot.cfg: no MZ header (size = 4096): not a UEFI loader");
    free(f);
}

static void a_pe_signature_outside_the_file_is_refused(void **state)
{
    (void)state;
    uint8_t *f = fake_loader(0x8664, true);
    f[0x3c] = 0xfe, f[0x3d] = 0xff; /* e_lfanew = 0xfffe */
    uint32_t at;
    struct diag d;
    assert_false(enroll_find(f, IMG_SIZE, "x.efi", &at, &d));
    assert_string_equal(d.msg,
                        "x.efi: e_lfanew = 0xfffe: no PE signature there: not a UEFI loader");
    free(f);
}

static void a_pe_for_another_machine_is_refused(void **state)
{
    (void)state;
    uint8_t *f = fake_loader(0xaa64, true);
    uint32_t at;
    struct diag d;
    assert_false(enroll_find(f, IMG_SIZE, "BOOTAA64.EFI", &at, &d));
    assert_string_equal(d.msg,
                        "BOOTAA64.EFI: PE machine = 0xaa64: not i386 (0x14c) or x86-64 (0x8664)");
    free(f);
}

static void a_pe_without_the_block_is_refused(void **state)
{
    (void)state;
    uint8_t *f = fake_loader(0x14c, false);
    memcpy(f + 0x200, ENROLL_MAGIC, ENROLL_MAGIC_SIZE); /* the string alone, NUL after it */
    uint32_t at;
    struct diag d;
    assert_false(enroll_find(f, IMG_SIZE, "grubia32.efi", &at, &d));
    assert_string_equal(d.msg, "grubia32.efi: enroll blocks (magic \"boot.cfg sha256:\", "
                               "version 1) = 0: not one (not our loader, or built without one)");
    free(f);
}

static void two_blocks_are_refused(void **state)
{
    (void)state;
    uint8_t *f = fake_loader(0x14c, true);
    memcpy(f + BLOCK_AT + 0x100, f + BLOCK_AT, ENROLL_BLOCK_SIZE);
    uint32_t at;
    struct diag d;
    assert_false(enroll_find(f, IMG_SIZE, "x.efi", &at, &d));
    assert_non_null(strstr(d.msg, "= 2: not one"));
    free(f);
}

static void a_truncated_file_is_refused(void **state)
{
    (void)state;
    uint8_t *f = fake_loader(0x14c, true);
    uint32_t at;
    struct diag d;
    assert_false(enroll_find(f, 10, "x.efi", &at, &d));
    assert_false(enroll_find(f, BLOCK_AT + ENROLL_BLOCK_SIZE - 1, "x.efi", &at, &d));
    assert_true(enroll_find(f, BLOCK_AT + ENROLL_BLOCK_SIZE, "x.efi", &at, &d));
    free(f);
}

static void the_digest_is_written_where_the_loader_reads_it(void **state)
{
    (void)state;
    uint8_t *f = fake_loader(0x8664, true);
    uint8_t digest[SHA256_DIGEST_SIZE];
    struct diag d;
    sha256("kernel = \\kernel.elf\n", 21, digest);
    struct enroll_block before;
    memcpy(&before, f + BLOCK_AT, sizeof before);
    assert_false(enroll_present(&before));
    assert_true(enroll_write(f, IMG_SIZE, "BOOTX64.EFI", digest, &d));
    /* The loader's view: the struct at the block's place. */
    struct enroll_block after;
    memcpy(&after, f + BLOCK_AT, sizeof after);
    assert_true(enroll_present(&after));
    assert_memory_equal(after.sha256, digest, SHA256_DIGEST_SIZE);
    /* Nothing else changed. */
    uint8_t *g = fake_loader(0x8664, true);
    memcpy(g + BLOCK_AT, &after, sizeof after);
    assert_memory_equal(f, g, IMG_SIZE);
    /* Enrolling again (boot.cfg changed) overwrites the digest. */
    sha256("x", 1, digest);
    assert_true(enroll_write(f, IMG_SIZE, "BOOTX64.EFI", digest, &d));
    memcpy(&after, f + BLOCK_AT, sizeof after);
    assert_memory_equal(after.sha256, digest, SHA256_DIGEST_SIZE);
    free(f);
    free(g);
}

static void a_block_with_a_wrong_version_or_flag_is_not_enrolled(void **state)
{
    (void)state;
    struct enroll_block b = {.version = ENROLL_VERSION, .enrolled = 1};
    memcpy(b.magic, ENROLL_MAGIC, ENROLL_MAGIC_SIZE);
    assert_true(enroll_present(&b));
    b.enrolled = 2;
    assert_false(enroll_present(&b));
    b.enrolled = 1, b.version = 2;
    assert_false(enroll_present(&b));
    b.version = ENROLL_VERSION, b.magic[0] = 'B';
    assert_false(enroll_present(&b));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_file_without_mz_is_refused_as_not_a_loader),
        cmocka_unit_test(a_pe_signature_outside_the_file_is_refused),
        cmocka_unit_test(a_pe_for_another_machine_is_refused),
        cmocka_unit_test(a_pe_without_the_block_is_refused),
        cmocka_unit_test(two_blocks_are_refused),
        cmocka_unit_test(a_truncated_file_is_refused),
        cmocka_unit_test(the_digest_is_written_where_the_loader_reads_it),
        cmocka_unit_test(a_block_with_a_wrong_version_or_flag_is_not_enrolled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
