/* test_efi_file.c - specifies how the loader reads a file from its boot volume: whole, in
 * one Read, checked against a pinned SHA-256; every failure one line naming the path,
 * and no page kept. The firmware is tests/unit/mock_efi.c plus a volume here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "loader/efi/file.h"
#include "loader/efi/pages.h"
#include "tests/unit/fake_com1.h"
#include "tests/unit/mock_efi.h"

/* ---- The volume: a root directory of named files ---- */

struct mock_file {
    const char *name;    /* as the loader asks for it, '\'-separated */
    const void *data;    /* NULL: never read (the test expects a refusal first) */
    UINT64 size;         /* what GetInfo says */
    UINTN delivers;      /* bytes Read gives at most (a short read below size) */
    bool dir;            /* a directory: GetInfo says EFI_FILE_DIRECTORY */
};

static struct mock_file volume[4];
static uint32_t nvolume;
static CHAR16 last_opened[300];
static int opens, closes, reads;

struct open_file {
    EFI_FILE_PROTOCOL proto; /* first: the loader holds a pointer to it */
    const struct mock_file *file;
};
static struct open_file handle;

static EFI_STATUS EFIAPI mock_close(EFI_FILE_HANDLE f)
{
    assert_ptr_equal(f, &handle.proto);
    closes++;
    return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI mock_get_info(EFI_FILE_HANDLE f, EFI_GUID *type, UINTN *len, VOID *buf)
{
    EFI_GUID info_guid = EFI_FILE_INFO_ID;
    const struct mock_file *m = ((struct open_file *)f)->file;
    assert_memory_equal(type, &info_guid, sizeof info_guid);
    UINTN need = SIZE_OF_EFI_FILE_INFO + (strlen(m->name) + 1) * sizeof(CHAR16);
    if (*len < need) {
        *len = need;
        return EFI_BUFFER_TOO_SMALL;
    }
    EFI_FILE_INFO *info = buf;
    memset(info, 0, need);
    info->Size = need;
    info->FileSize = m->size;
    info->Attribute = m->dir ? EFI_FILE_DIRECTORY : 0;
    return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI mock_read(EFI_FILE_HANDLE f, UINTN *len, VOID *buf)
{
    const struct mock_file *m = ((struct open_file *)f)->file;
    assert_non_null(m->data);
    reads++;
    UINTN n = *len < m->delivers ? *len : m->delivers;
    memcpy(buf, m->data, n);
    *len = n;
    return EFI_SUCCESS;
}

/* True when the UCS-2 `w` spells the ASCII `a`. */
static bool wide_equals(const CHAR16 *w, const char *a)
{
    for (; *a; a++, w++)
        if (*w != (CHAR16)*a)
            return false;
    return *w == 0;
}

static EFI_STATUS EFIAPI mock_open(EFI_FILE_HANDLE root, EFI_FILE_HANDLE *out, CHAR16 *name,
                                   UINT64 mode, UINT64 attributes)
{
    (void)root;
    (void)attributes;
    assert_int_equal(mode, EFI_FILE_MODE_READ);
    size_t i = 0;
    for (; name[i] && i + 1 < sizeof last_opened / sizeof last_opened[0]; i++)
        last_opened[i] = name[i];
    last_opened[i] = 0;
    for (uint32_t k = 0; k < nvolume; k++) {
        if (wide_equals(name, volume[k].name)) {
            handle.file = &volume[k];
            *out = &handle.proto;
            opens++;
            return EFI_SUCCESS;
        }
    }
    return EFI_NOT_FOUND;
}

static EFI_FILE_PROTOCOL root_dir;

static struct efi_blob blob; /* what the last read gave */

static EFI_STATUS read_file(const char *path)
{
    return efi_file_read(&mock_bs, &root_dir, path, false, &blob);
}

/* As the loader reads the kernel and modules: pinned (or not) by boot.cfg. */
static EFI_STATUS read_pinned(const char *path, const uint8_t *pin)
{
    return efi_file_read_pinned(&mock_bs, &root_dir, path, pin, "\\boot.cfg", 0, &blob);
}

static void add_file(const char *name, const void *data, UINT64 size)
{
    volume[nvolume++] = (struct mock_file){ name, data, size, (UINTN)size, false };
}

static int firmware_up(void **state)
{
    (void)state;
    mock_efi_up();
    fake_com1_reset(false);
    nvolume = 0;
    opens = closes = reads = 0;
    memset(&handle, 0, sizeof handle);
    handle.proto.Close = mock_close;
    handle.proto.GetInfo = mock_get_info;
    handle.proto.Read = mock_read;
    root_dir.Open = mock_open;
    return 0;
}

/* Every test ends with every page given back and every opened file closed, as a
 * loader returning to the firmware must leave them. */
static int firmware_down(void **state)
{
    (void)state;
    mock_efi_down();
    assert_int_equal(opens, closes);
    return 0;
}

static const uint8_t ABC[] = "abc";
/* FIPS 180-2, appendix B.1: SHA-256("abc") */
static const uint8_t ABC_SHA256[32] = {
    0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
    0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
};
/* SHA-256 of the empty string (NIST): a pin that "abc" does not match */
static const uint8_t EMPTY_SHA256[32] = {
    0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
    0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
};

static void reads_a_file_whole_in_one_read_with_a_nul_after_it(void **state)
{
    (void)state;
    static uint8_t kernel[5000];
    for (size_t i = 0; i < sizeof kernel; i++)
        kernel[i] = (uint8_t)(i * 7 + 1);
    add_file("\\kernel.elf", kernel, sizeof kernel);
    assert_int_equal(read_file("\\kernel.elf"), EFI_SUCCESS);
    assert_int_equal(blob.size, sizeof kernel);
    assert_memory_equal(blob.data, kernel, sizeof kernel);
    assert_int_equal(blob.data[sizeof kernel], 0);
    assert_int_equal(blob.pages, 3); /* two for 5000 bytes, one more for the NUL */
    assert_int_equal(mock_pages_out, 3);
    assert_int_equal(reads, 1);
    assert_int_equal(closes, 1);
    assert_int_equal(mock_last_max_address, 0xFFFFEFFFull); /* below 4 GiB, ends fit 32 bits */
    assert_string_equal(mock_conout, "");
}

/* Refusal matrix row 23. */
static void a_missing_kernel_is_refused_naming_the_path(void **state)
{
    (void)state;
    assert_int_equal(read_pinned("\\nothere.elf", NULL), EFI_NOT_FOUND);
    assert_string_equal(mock_conout, "loader: error: cannot open file: path = \\nothere.elf "
                                     "(EFI status EFI_NOT_FOUND)\r\n");
    assert_int_equal(mock_pages_out, 0);
}

/* Refusal matrix row 24: a module named in boot.cfg, with a pin, that is not there. */
static void a_missing_module_is_refused_naming_the_path(void **state)
{
    (void)state;
    add_file("\\kernel.elf", ABC, 3);
    assert_int_equal(read_pinned("\\nothere.mod", ABC_SHA256), EFI_NOT_FOUND);
    assert_string_equal(mock_conout, "loader: error: cannot open file: path = \\nothere.mod "
                                     "(EFI status EFI_NOT_FOUND)\r\n");
    assert_int_equal(mock_pages_out, 0);
}

/* boot.cfg is optional: its absence is no error and prints nothing. */
static void a_missing_optional_file_is_not_found_silently(void **state)
{
    (void)state;
    assert_int_equal(efi_file_read(&mock_bs, &root_dir, "\\boot.cfg", true, &blob),
                     EFI_NOT_FOUND);
    assert_string_equal(mock_conout, "");
}

/* Refusal matrix row 26: 300 MiB of module, far less free memory; refused before a
 * single byte is read. */
static void a_module_larger_than_free_memory_is_refused_with_its_size(void **state)
{
    (void)state;
    add_file("\\big.mod", NULL, 314572800);
    assert_int_equal(read_pinned("\\big.mod", NULL), EFI_OUT_OF_RESOURCES);
    assert_string_equal(mock_conout, "loader: error: no memory for file: \\big.mod "
                                     "size = 314572800 "
                                     "(EFI status EFI_OUT_OF_RESOURCES)\r\n");
    assert_int_equal(reads, 0);
    assert_int_equal(closes, 1);
}

/* Sizes are 32-bit in the boot information: a file of 4 GiB or more cannot be handed on. */
static void a_file_of_4_gib_is_refused_before_any_allocation(void **state)
{
    (void)state;
    add_file("\\huge.mod", NULL, 0x100000000ull);
    assert_int_equal(read_file("\\huge.mod"), EFI_BAD_BUFFER_SIZE);
    assert_string_equal(mock_conout, "loader: error: file too large: \\huge.mod size = 4294967296 "
                                     "(EFI status EFI_BAD_BUFFER_SIZE)\r\n");
    assert_int_equal(mock_pages_out, 0);
    assert_int_equal(reads, 0);
}

/* A read that stops early (a bad sector, a truncated FAT chain) is as bad as a failed one,
 * and the buffer goes back to the firmware at once. */
static void a_short_read_is_a_device_error_and_gives_its_pages_back(void **state)
{
    (void)state;
    static uint8_t kernel[9000];
    add_file("\\kernel.elf", kernel, sizeof kernel);
    volume[0].delivers = 4096;
    assert_int_equal(read_file("\\kernel.elf"), EFI_DEVICE_ERROR);
    assert_string_equal(mock_conout, "loader: error: cannot read file: \\kernel.elf bytes read = "
                                     "4096 of 9000 (EFI status EFI_DEVICE_ERROR)\r\n");
    assert_int_equal(mock_pages_out, 0);
    assert_int_equal(closes, 1);
}

/* x64 firmware may hand out pages above 4 GiB despite AllocateMaxAddress (seen with
 * buggy firmware); a 32-bit kernel could not reach them, so they go back unread. */
static void pages_above_4_gib_are_given_back_and_refused(void **state)
{
    (void)state;
    add_file("\\kernel.elf", ABC, 3);
    mock_hand_out_at = 0x100000000ull;
    assert_int_equal(read_file("\\kernel.elf"), EFI_OUT_OF_RESOURCES);
    assert_string_equal(mock_conout, "loader: error: no memory for file: \\kernel.elf size = 3 "
                                     "(EFI status EFI_OUT_OF_RESOURCES)\r\n");
    assert_int_equal(mock_pages_out, 0);
    assert_int_equal(reads, 0);
}

/* boot.cfg authors write Unix paths; the firmware wants backslashes. */
static void forward_slashes_become_backslashes(void **state)
{
    (void)state;
    add_file("\\boot\\initrd.img", ABC, 3);
    assert_int_equal(read_file("/boot/initrd.img"), EFI_SUCCESS);
    assert_true(wide_equals(last_opened, "\\boot\\initrd.img"));
    assert_int_equal(blob.size, 3);
}

/* A module goes right after the kernel when that is free (as GRUB puts it), else as
 * low as it fits: below 1 MiB, below 4 MiB, then anywhere below 4 GiB. The pretend
 * firmware has nothing at the address nor below 4 MiB, so all four are asked. */
static void a_module_is_placed_after_the_kernel_else_as_low_as_it_fits(void **state)
{
    (void)state;
    add_file("\\initrd", ABC, 3);
    assert_int_equal(efi_file_read_pinned(&mock_bs, &root_dir, "\\initrd", NULL, "\\boot.cfg",
                                          0x140000, &blob), EFI_SUCCESS);
    assert_int_equal(mock_nasked, 4);
    assert_int_equal(mock_asked[0], 0x140000); /* AllocateAddress */
    assert_int_equal(mock_asked[1], 0xFFFFF);
    assert_int_equal(mock_asked[2], 0x3FFFFF);
    assert_int_equal(mock_asked[3], 0xFFFFEFFF);
    assert_int_equal(blob.size, 3);
}

/* A directory opens like a file; reading it gave "EFI_DEVICE_ERROR ... bytes read = 84". */
static void a_directory_is_refused_as_a_directory(void **state)
{
    (void)state;
    add_file("\\EFI", NULL, 84);
    volume[nvolume - 1].dir = true;
    assert_int_equal(read_pinned("\\EFI", NULL), EFI_INVALID_PARAMETER);
    assert_string_equal(mock_conout, "loader: error: \\EFI is a directory, not a file "
                                     "(EFI status EFI_INVALID_PARAMETER)\r\n");
    assert_int_equal(reads, 0);
    assert_int_equal(mock_pages_out, 0);
}

/* boot.cfg is UTF-8; the firmware's names are UCS-2: e-acute is one CHAR16, 0xE9. */
static void a_utf8_path_is_opened_as_ucs2(void **state)
{
    (void)state;
    assert_int_equal(read_file("\\k\xc3\xa9.elf"), EFI_NOT_FOUND);
    assert_int_equal(last_opened[0], L'\\');
    assert_int_equal(last_opened[1], L'k');
    assert_int_equal(last_opened[2], 0xE9);
    assert_int_equal(last_opened[3], L'.');
    assert_int_equal(last_opened[7], 0);
}

static void an_overlong_path_is_refused_without_opening_anything(void **state)
{
    (void)state;
    char path[300];
    memset(path, 'a', sizeof path - 1);
    path[0] = '\\';
    path[sizeof path - 1] = 0;
    assert_int_equal(read_file(path), EFI_INVALID_PARAMETER);
    assert_true(strncmp(mock_conout, "loader: error: path too long or not UTF-8: path = \\aaaa",
                        55) == 0);
    assert_int_equal(opens, 0);
}

static void a_file_matching_its_pin_is_accepted(void **state)
{
    (void)state;
    add_file("\\kernel.elf", ABC, 3);
    assert_int_equal(read_pinned("\\kernel.elf", ABC_SHA256), EFI_SUCCESS);
    assert_memory_equal(blob.data, "abc", 4);
    assert_string_equal(mock_conout, "");
}

/* Refusal matrix rows 25 and 55: the line names the file, the digest it has, and where
 * the pin came from; its pages stay in the ledger and go back with the rest. */
static void a_file_not_matching_its_pin_is_refused_naming_its_digest(void **state)
{
    (void)state;
    add_file("\\pinned.mod", ABC, 3);
    assert_int_equal(read_pinned("\\pinned.mod", EMPTY_SHA256), EFI_SECURITY_VIOLATION);
    assert_string_equal(mock_conout,
                        "loader: error: \\pinned.mod: sha256 = "
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad: "
                        "not the digest pinned in \\boot.cfg "
                        "(EFI status EFI_SECURITY_VIOLATION)\r\n");
    assert_int_equal(mock_pages_out, 2);
    assert_int_equal(pages_release_all(&mock_bs), 2);
}

/* A pin differing only in its last byte is still a mismatch: every byte is compared. */
static void a_pin_differing_in_its_last_byte_is_a_mismatch(void **state)
{
    (void)state;
    uint8_t pin[32];
    memcpy(pin, ABC_SHA256, sizeof pin);
    pin[31] ^= 1;
    add_file("\\kernel.elf", ABC, 3);
    assert_int_equal(read_pinned("\\kernel.elf", pin), EFI_SECURITY_VIOLATION);
}

/* A status without a name is printed whole: on x64 its error bit is bit 63. */
static void an_unnamed_status_is_printed_whole(void **state)
{
    (void)state;
    assert_int_equal(con_error(EFIERR(99), "odd firmware"), EFIERR(99));
    assert_string_equal(mock_conout,
                        "loader: error: odd firmware (EFI status 0x8000000000000063)\r\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, firmware_up, firmware_down)
        T(reads_a_file_whole_in_one_read_with_a_nul_after_it),
        T(a_missing_kernel_is_refused_naming_the_path),
        T(a_missing_module_is_refused_naming_the_path),
        T(a_missing_optional_file_is_not_found_silently),
        T(a_module_larger_than_free_memory_is_refused_with_its_size),
        T(a_file_of_4_gib_is_refused_before_any_allocation),
        T(a_short_read_is_a_device_error_and_gives_its_pages_back),
        T(pages_above_4_gib_are_given_back_and_refused),
        T(forward_slashes_become_backslashes),
        T(an_overlong_path_is_refused_without_opening_anything),
        T(a_directory_is_refused_as_a_directory),
        T(a_module_is_placed_after_the_kernel_else_as_low_as_it_fits),
        T(a_utf8_path_is_opened_as_ucs2),
        T(a_file_matching_its_pin_is_accepted),
        T(a_file_not_matching_its_pin_is_refused_naming_its_digest),
        T(a_pin_differing_in_its_last_byte_is_a_mismatch),
        T(an_unnamed_status_is_printed_whole),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
