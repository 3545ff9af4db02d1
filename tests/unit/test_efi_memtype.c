/* test_efi_memtype.c - shared/lib/efi_memtype.h, the one table of what each UEFI memory
 * type means: every type the specification defines, and unknown ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "shared/lib/efi_memtype.h"

#define N EFI_USE_NONE
#define M EFI_USE_MAP
#define A EFI_USE_ALLOC

/* The specification's types, written out here independently of the table. */
static const struct {
    uint32_t type;
    uint32_t mb2;
    bool placeable, claimable;
    enum efi_kernel_use kernel;
} want[] = {
    {EFI_MT_RESERVED, MB2_MMAP_RESERVED, false, false, N},
    {EFI_MT_LOADER_CODE, MB2_MMAP_AVAILABLE, true, false, A},
    {EFI_MT_LOADER_DATA, MB2_MMAP_AVAILABLE, true, false, A},
    {EFI_MT_BOOT_SERVICES_CODE, MB2_MMAP_AVAILABLE, true, false, A},
    {EFI_MT_BOOT_SERVICES_DATA, MB2_MMAP_AVAILABLE, true, false, A},
    {EFI_MT_RUNTIME_SERVICES_CODE, MB2_MMAP_RESERVED, false, false, M},
    {EFI_MT_RUNTIME_SERVICES_DATA, MB2_MMAP_RESERVED, false, false, M},
    {EFI_MT_CONVENTIONAL, MB2_MMAP_AVAILABLE, true, true, A},
    {EFI_MT_UNUSABLE, MB2_MMAP_BADRAM, false, false, N},
    {EFI_MT_ACPI_RECLAIM, MB2_MMAP_ACPI_RECLAIMABLE, false, false, M},
    {EFI_MT_ACPI_NVS, MB2_MMAP_NVS, false, false, M},
    {EFI_MT_MMIO, MB2_MMAP_RESERVED, false, false, N},
    {EFI_MT_MMIO_PORT_SPACE, MB2_MMAP_RESERVED, false, false, N},
    {EFI_MT_PAL_CODE, MB2_MMAP_RESERVED, false, false, N},
    {EFI_MT_PERSISTENT, MB2_MMAP_RESERVED, false, false, N},
    {EFI_MT_UNACCEPTED, MB2_MMAP_RESERVED, false, false, N},
};

static void every_specified_type_has_its_row(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const struct efi_memtype *r = efi_memtype(want[i].type);
        assert_non_null(r->name);
        assert_int_equal(r->mb2, want[i].mb2);
        assert_int_equal(r->placeable, want[i].placeable);
        assert_int_equal(r->claimable, want[i].claimable);
        assert_int_equal(r->kernel, want[i].kernel);
    }
}

static void persistent_memory_is_reserved_never_placed_never_mapped(void **state)
{
    (void)state;
    const struct efi_memtype *r = efi_memtype(EFI_MT_PERSISTENT);
    assert_int_equal(r->mb2, MB2_MMAP_RESERVED);
    assert_false(r->placeable);
    assert_false(r->claimable);
    assert_int_equal(r->kernel, EFI_USE_NONE);
    assert_string_equal(r->name, "Persistent");
}

static void unknown_types_are_reserved_everywhere(void **state)
{
    (void)state;
    const uint32_t unknown[] = {16, 17, 0x6FFFFFFF, 0x70000000, 0x7FFFFFFF, 0x80000000,
                                0xFFFFFFFF};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        const struct efi_memtype *r = efi_memtype(unknown[i]);
        assert_int_equal(r->mb2, MB2_MMAP_RESERVED);
        assert_false(r->placeable);
        assert_false(r->claimable);
        assert_int_equal(r->kernel, EFI_USE_NONE);
        assert_string_equal(r->name, "unknown type");
    }
}

/* Only free memory can be claimed before ExitBootServices, and whatever can be
 * claimed can also be placed on and allocated by the kernel. */
static void claimable_implies_placeable_and_allocatable(void **state)
{
    (void)state;
    for (uint32_t t = 0; t < 32; t++) {
        const struct efi_memtype *r = efi_memtype(t);
        if (r->claimable) {
            assert_true(r->placeable);
            assert_int_equal(r->kernel, EFI_USE_ALLOC);
        }
        if (r->placeable)
            assert_int_equal(r->mb2, MB2_MMAP_AVAILABLE);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_specified_type_has_its_row),
        cmocka_unit_test(persistent_memory_is_reserved_never_placed_never_mapped),
        cmocka_unit_test(unknown_types_are_reserved_everywhere),
        cmocka_unit_test(claimable_implies_placeable_and_allocatable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
