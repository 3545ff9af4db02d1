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
#ifndef SHARED_LIB_EFI_MEMTYPE_H
#define SHARED_LIB_EFI_MEMTYPE_H

#include <stdbool.h>
#include <stdint.h>

#include "../bootinfo.h"

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
const struct efi_memtype *efi_memtype(uint32_t type);

#endif
