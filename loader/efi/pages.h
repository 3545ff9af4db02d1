/* efi_pages.h - every page the loader takes from the firmware, so an error can give it all back. */
#ifndef LOADER_EFI_PAGES_H
#define LOADER_EFI_PAGES_H

#include "console.h"

/* AllocatePages, remembered on success. A loader that returns to the firmware must
 * not leave behind pinned kernel targets, file buffers or maps: the next boot
 * option (another loader, the shell) would find that memory gone. */
EFI_STATUS pages_alloc(EFI_BOOT_SERVICES *bs, EFI_ALLOCATE_TYPE type, EFI_MEMORY_TYPE mem,
                       UINTN pages, EFI_PHYSICAL_ADDRESS *addr);

/* FreePages of one range pages_alloc gave, and forgets it. */
void pages_free(EFI_BOOT_SERVICES *bs, EFI_PHYSICAL_ADDRESS addr, UINTN pages);

/* Frees every range still remembered. Memory allocation services stay
 * callable even after a failed ExitBootServices (UEFI 2.x, 7.4), so this is safe on
 * every error path. Returns the number of pages given back. */
UINTN pages_release_all(EFI_BOOT_SERVICES *bs);

/* How many ranges the ledger holds: a mark for pages_release_from. */
uint32_t pages_held(void);

/* Frees every range taken since pages_held returned `mark` (a refused menu entry's
 * attempt); returns the pages given back. */
UINTN pages_release_from(EFI_BOOT_SERVICES *bs, uint32_t mark);

#endif
