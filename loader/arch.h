/* arch.h - everything that differs between BOOTIA32.EFI and BOOTX64.EFI, in one place. */
#ifndef LOADER_ARCH_H
#define LOADER_ARCH_H

#include "efi/console.h"
#include "efi/pages.h"
#include "efi/kernel_load.h"
#include "core/mbi.h"

/* The kernel is 32-bit: every byte it is handed (staged segments, boot information,
 * memory map copy, modules, the handoff code, stack and GDT) must lie below 4 GiB,
 * and every end address (the stack top, a module's end) must fit 32 bits as well.
 * So the highest byte an allocation may cover is the last one of the page below
 * the top page; AllocateMaxAddress takes the highest allowed address. */
#define LOADER_MAX_ADDR 0xFFFFEFFFull

/* The jump to the kernel: runs `njobs` copy jobs on the stack ending at `stack_top`,
 * then enters `entry` with EAX = `magic` (the protocol's), EBX = `mbi`, in the i386
 * state. Called after ExitBootServices; all pointers are below 4 GiB. */
typedef void (*handoff_fn)(uint32_t entry, uint32_t mbi, uint32_t stack_top,
                           const struct copy_job *jobs, uint32_t njobs, uint32_t magic)
    __attribute__((noreturn));

/* AllocatePages below LOADER_MAX_ADDR. On ia32 that is all memory anyway; on x64
 * the firmware would otherwise hand out pages above 4 GiB on large machines. A
 * range the firmware returns above the limit anyway is given back and refused. */
static inline EFI_STATUS alloc_low_pages(EFI_BOOT_SERVICES *bs, EFI_MEMORY_TYPE type,
                                         UINTN pages, EFI_PHYSICAL_ADDRESS *addr)
{
    *addr = LOADER_MAX_ADDR;
    EFI_STATUS st = pages_alloc(bs, AllocateMaxAddress, type, pages, addr);
    if (!EFI_ERROR(st) && *addr + ((UINT64)pages << EFI_PAGE_SHIFT) - 1 > LOADER_MAX_ADDR) {
        pages_free(bs, *addr, pages);
        return EFI_OUT_OF_RESOURCES;
    }
    return st;
}

/* Boot information, the buffers it points to, ELF sections and modules go as low as
 * they fit: below 1 MiB (where GRUB puts the boot information), else below 4 MiB (a
 * higher-half kernel that maps only its first 4 MiB before reading EBX + its base can
 * still reach them), else anywhere below 4 GiB, with *above_4mib set (if given) so
 * that the caller can say so. */
#define LOW_1MIB_LAST 0xFFFFFull
#define LOW_4MIB_LAST 0x3FFFFFull
static inline EFI_STATUS alloc_low_first(EFI_BOOT_SERVICES *bs, EFI_MEMORY_TYPE type,
                                         UINTN pages, EFI_PHYSICAL_ADDRESS *addr,
                                         bool *above_4mib)
{
    static const EFI_PHYSICAL_ADDRESS tiers[] = { LOW_1MIB_LAST, LOW_4MIB_LAST };
    for (uint32_t i = 0; i < sizeof tiers / sizeof tiers[0]; i++) {
        *addr = tiers[i];
        if (!EFI_ERROR(pages_alloc(bs, AllocateMaxAddress, type, pages, addr))) {
            if (above_4mib)
                *above_4mib = false;
            return EFI_SUCCESS;
        }
    }
    if (above_4mib)
        *above_4mib = true;
    return alloc_low_pages(bs, type, pages, addr);
}

#ifdef __x86_64__

#define ARCH_LOADER "BOOTX64"
#define ARCH_EFI_SYSTAB_TAG MB2_TAG_EFI64

static inline bool arch_add_efi_systab(struct mbi_builder *b, EFI_SYSTEM_TABLE *st)
{
    return mbi_add_efi64(b, (uint64_t)(UINTN)st);
}

/* handoff_x64.asm: position-independent bytes, copied before they run. */
extern const uint8_t handoff_x64_start[] __attribute__((visibility("hidden")));
extern const uint8_t handoff_x64_end[] __attribute__((visibility("hidden")));

/* The firmware may have loaded us above 4 GiB, and the handoff drops to 32-bit code
 * that can only address the low 4 GiB; it also needs memory the firmware lets it
 * execute (EfiLoaderCode: OVMF maps LoaderData no-execute). So the handoff is
 * copied into loader code pages below 4 GiB, which stay live until the kernel's
 * entry (added to `live`). */
static inline EFI_STATUS handoff_place(EFI_BOOT_SERVICES *bs, handoff_fn *fn,
                                       struct range64 *live, uint32_t *nlive)
{
    UINTN bytes = (UINTN)(handoff_x64_end - handoff_x64_start);
    UINTN pages = EFI_SIZE_TO_PAGES(bytes);
    EFI_PHYSICAL_ADDRESS a;
    EFI_STATUS st = alloc_low_pages(bs, EfiLoaderCode, pages, &a);
    if (EFI_ERROR(st))
        return con_error(st, "no loader code memory below 4 GiB for the handoff: bytes = %u",
                         (unsigned)bytes);
    bs->CopyMem((void *)(UINTN)a, (void *)handoff_x64_start, bytes);
    *fn = (handoff_fn)(UINTN)a;
    live[(*nlive)++] = (struct range64){ a, (UINT64)pages << EFI_PAGE_SHIFT };
    return EFI_SUCCESS;
}

#else /* ia32 */

#define ARCH_LOADER "BOOTIA32"
#define ARCH_EFI_SYSTAB_TAG MB2_TAG_EFI32

static inline bool arch_add_efi_systab(struct mbi_builder *b, EFI_SYSTEM_TABLE *st)
{
    return mbi_add_efi32(b, (uint32_t)(UINTN)st);
}

/* handoff_ia32 runs where it is, inside our image (already a live range). */
static inline EFI_STATUS handoff_place(EFI_BOOT_SERVICES *bs, handoff_fn *fn,
                                       struct range64 *live, uint32_t *nlive)
{
    (void)bs, (void)live, (void)nlive;
    *fn = handoff_ia32;
    return EFI_SUCCESS;
}

#endif

#endif
