/* efi_file.h - reads whole files from the volume the loader itself was loaded from. */
#ifndef LOADER_EFI_FILE_H
#define LOADER_EFI_FILE_H

#include "console.h"
#include "../core/placement.h"
#include <stdbool.h>
#include <stdint.h>

struct efi_blob {
    uint8_t *data; /* AllocatePages memory (EfiLoaderData), one byte past the end is 0 */
    uint32_t size;
    UINTN pages;
};

/* The loader's own EFI_LOADED_IMAGE (where it was loaded from, and where it lies
 * in memory). Prints the error. */
EFI_STATUS efi_loaded_image(EFI_HANDLE image, EFI_BOOT_SERVICES *bs, EFI_LOADED_IMAGE **li);

/* Where the loader's own image lies in memory (ImageBase, ImageSize), read with the
 * layout UEFI gives EFI_LOADED_IMAGE: UINT64 fields are naturally aligned on IA32 too
 * (UEFI 2.x, 2.3.2), so ImageSize sits at offset 40 there. gnu-efi's ia32 headers
 * align UINT64 to 4 like the i386 SysV ABI and put it at 36: read through them,
 * the size was 2^44 and every staged kernel segment above the loader was refused. */
struct range64 efi_image_range(const EFI_LOADED_IMAGE *li);

/* Opens the root directory of the loader's own volume:
 * LoadedImage->DeviceHandle -> SimpleFileSystem -> OpenVolume. Prints the error. */
EFI_STATUS efi_volume_open(EFI_BOOT_SERVICES *bs, const EFI_LOADED_IMAGE *li,
                           EFI_FILE_HANDLE *root);

/* Reads `path` (ASCII, '\'-separated) whole with one Read call into fresh pages.
 * Returns EFI_NOT_FOUND silently when the file is missing and `missing_ok`;
 * every other failure prints one error line naming the path and the status. */
EFI_STATUS efi_file_read(EFI_BOOT_SERVICES *bs, EFI_FILE_HANDLE root, const char *path,
                         bool missing_ok, struct efi_blob *out);

/* efi_file_read, then with `pin` (a SHA-256 digest, from `pin_source`) refuses a
 * file whose digest differs, before anything else looks at it. The pages stay in
 * the ledger (efi_pages.h) either way. NULL `pin`: no check. `prefer` nonzero (a
 * module): the pages go at that address when it is free, else as low as they fit
 * (below 1 MiB, below 4 MiB, below 4 GiB); 0: anywhere below 4 GiB. */
EFI_STATUS efi_file_read_pinned(EFI_BOOT_SERVICES *bs, EFI_FILE_HANDLE root, const char *path,
                                const uint8_t *pin, const char *pin_source,
                                EFI_PHYSICAL_ADDRESS prefer, struct efi_blob *out);

#endif
