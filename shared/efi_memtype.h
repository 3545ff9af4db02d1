/* efi_memtype.h - the one table of what each UEFI memory type means to the loader and
 * the kernel. Every user of an EFI memory type (the loader's tag 6 builder, kernel
 * placement, relocation, the kernel's regions) reads it; nothing else decides.
 *
 * Columns:
 *   mb2        the Multiboot2 memory-map type (tag 6) the loader reports
 *   placeable  a kernel segment may be placed on it: the firmware gives it up for
 *              good once ExitBootServices returns (UEFI 2.10, 7.2 "Memory Type Usage
 *              after ExitBootServices()")
 *   claimable  AllocatePages can take it now, before ExitBootServices: only free
 *              (conventional) memory
 *   kernel     what the kernel does with it: allocate it (when cacheable write-back),
 *              only map it (RAM the kernel must still read: ACPI tables, runtime
 *              services), or neither
 *
 * Persistent memory (type 14) is non-volatile: its contents outlive a reset, so no
 * one may treat it as free RAM (Linux keeps it apart as pmem, GRUB as type 7 "persistent"
 * never as available). Unaccepted memory (type 15) cannot be touched before the guest
 * accepts it. Both, and every type this table does not know (OEM and OS vendor
 * ranges included), are reserved, never placed on, not mapped. */
#ifndef SHARED_EFI_MEMTYPE_H
#define SHARED_EFI_MEMTYPE_H

#include <stdbool.h>
#include <stdint.h>

#include "bootinfo.h"

enum efi_kernel_use {
    EFI_USE_NONE,  /* not RAM to this kernel: not mapped, never allocated */
    EFI_USE_MAP,   /* RAM the kernel maps but never allocates */
    EFI_USE_ALLOC, /* the kernel may allocate it (if EFI_MEMORY_WB), else maps it only */
};

struct efi_memtype {
    const char *name; /* the specification's name, shortened as in messages */
    uint32_t mb2;     /* MB2_MMAP_* */
    bool placeable;
    bool claimable;
    enum efi_kernel_use kernel;
};

/* The row for `type`; unknown types get the "unknown" row (reserved everywhere). */
static inline const struct efi_memtype *efi_memtype(uint32_t type)
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

#endif
