/* efi_memtype.c - the table of efi_memtype.h, one copy for each program that links it
 * (a static table in the header was one copy per user: 768 bytes of the loader). */
#include "efi_memtype.h"

const struct efi_memtype *efi_memtype(uint32_t type)
{
    static const struct efi_memtype rows[] = {
        /*                                 name                   mb2 type                   place  claim  kernel */
        [EFI_MT_RESERVED] =              {"Reserved",            MB2_MMAP_RESERVED,          false, false, EFI_USE_NONE},
        [EFI_MT_LOADER_CODE] =           {"LoaderCode",          MB2_MMAP_AVAILABLE,         true,  false, EFI_USE_ALLOC},
        [EFI_MT_LOADER_DATA] =           {"LoaderData",          MB2_MMAP_AVAILABLE,         true,  false, EFI_USE_ALLOC},
        [EFI_MT_BOOT_SERVICES_CODE] =    {"BootServicesCode",    MB2_MMAP_AVAILABLE,         true,  false, EFI_USE_ALLOC},
        [EFI_MT_BOOT_SERVICES_DATA] =    {"BootServicesData",    MB2_MMAP_AVAILABLE,         true,  false, EFI_USE_ALLOC},
        [EFI_MT_RUNTIME_SERVICES_CODE] = {"RuntimeServicesCode", MB2_MMAP_RESERVED,          false, false, EFI_USE_MAP},
        [EFI_MT_RUNTIME_SERVICES_DATA] = {"RuntimeServicesData", MB2_MMAP_RESERVED,          false, false, EFI_USE_MAP},
        [EFI_MT_CONVENTIONAL] =          {"Conventional",        MB2_MMAP_AVAILABLE,         true,  true,  EFI_USE_ALLOC},
        [EFI_MT_UNUSABLE] =              {"Unusable",            MB2_MMAP_BADRAM,            false, false, EFI_USE_NONE},
        [EFI_MT_ACPI_RECLAIM] =          {"ACPIReclaim",         MB2_MMAP_ACPI_RECLAIMABLE,  false, false, EFI_USE_MAP},
        [EFI_MT_ACPI_NVS] =              {"ACPINVS",             MB2_MMAP_NVS,               false, false, EFI_USE_MAP},
        [EFI_MT_MMIO] =                  {"MMIO",                MB2_MMAP_RESERVED,          false, false, EFI_USE_NONE},
        [EFI_MT_MMIO_PORT_SPACE] =       {"MMIOPortSpace",       MB2_MMAP_RESERVED,          false, false, EFI_USE_NONE},
        [EFI_MT_PAL_CODE] =              {"PalCode",             MB2_MMAP_RESERVED,          false, false, EFI_USE_NONE},
        [EFI_MT_PERSISTENT] =            {"Persistent",          MB2_MMAP_RESERVED,          false, false, EFI_USE_NONE},
        [EFI_MT_UNACCEPTED] =            {"Unaccepted",          MB2_MMAP_RESERVED,          false, false, EFI_USE_NONE},
    };
    static const struct efi_memtype unknown = {"unknown type", MB2_MMAP_RESERVED, false, false,
                                               EFI_USE_NONE};
    return type < sizeof rows / sizeof rows[0] ? &rows[type] : &unknown;
}
