/* efi_memmap.h - the firmware memory map and the ExitBootServices handshake. */
#ifndef LOADER_EFI_MEMMAP_H
#define LOADER_EFI_MEMMAP_H

#include "console.h"
#include <stdint.h>

struct efi_map {
    uint8_t *buf; /* preallocated: GetMemoryMap never needs to allocate later */
    UINTN cap;    /* bytes in buf */
    UINTN size;   /* bytes of descriptors in the last map */
    UINTN key;
    UINTN desc_size;
    UINT32 desc_version;
};

/* Sizes the map and allocates `buf` with generous slack, so that the map can be
 * fetched after more allocations without growing; the buffer holds no map yet
 * (size 0), desc_size is the firmware's. Prints the error. */
EFI_STATUS efi_map_alloc(EFI_BOOT_SERVICES *bs, struct efi_map *m);

/* The map as it is now, into the buffer efi_map_alloc sized. Prints the error. */
EFI_STATUS efi_map_refresh(EFI_BOOT_SERVICES *bs, struct efi_map *m);

/* Called between GetMemoryMap and ExitBootServices with the fresh map. It must not
 * call the firmware when it returns EFI_SUCCESS (that would change the map key);
 * any other status aborts the exit with boot services still up. */
typedef EFI_STATUS (*efi_map_ready_fn)(const struct efi_map *m, void *ctx);

/* GetMemoryMap -> ready() -> ExitBootServices, retried a bounded number of times
 * while the firmware reports a stale key. On EFI_SUCCESS boot services are gone:
 * the caller may not call the firmware again, ConOut included. */
EFI_STATUS efi_exit_boot_services(EFI_HANDLE image, EFI_BOOT_SERVICES *bs, struct efi_map *m,
                                  efi_map_ready_fn ready, void *ctx);

#endif
