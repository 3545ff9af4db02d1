/* efi_memmap.c - GetMemoryMap into a fixed buffer, and the ExitBootServices retry loop. */
#include "memmap.h"
#include "console.h"
#include "../arch.h"

/* Room for this many more descriptors than the first map had, on top of doubling:
 * every allocation the loader makes afterwards may split a free range in two. */
#define MAP_SLACK_DESCS 64
/* ExitBootServices fails with EFI_INVALID_PARAMETER when the map changed since
 * GetMemoryMap (a timer event may allocate). Each retry shrinks that window to a
 * few instructions, so a handful of tries suffice; the bound keeps us from hanging. */
#define EBS_TRIES 8

static EFI_STATUS get_map(EFI_BOOT_SERVICES *bs, struct efi_map *m)
{
    m->size = m->cap;
    return bs->GetMemoryMap(&m->size, (EFI_MEMORY_DESCRIPTOR *)m->buf, &m->key, &m->desc_size,
                            &m->desc_version);
}

EFI_STATUS efi_map_alloc(EFI_BOOT_SERVICES *bs, struct efi_map *m)
{
    UINTN size = 0, key, desc_size = 0;
    UINT32 version;
    EFI_STATUS st = bs->GetMemoryMap(&size, NULL, &key, &desc_size, &version);
    if (st != EFI_BUFFER_TOO_SMALL) /* an empty buffer cannot hold any map */
        return con_error(EFI_ERROR(st) ? st : EFI_DEVICE_ERROR,
                         "GetMemoryMap sizing call: map bytes = %u", (unsigned)size);
    if (desc_size < sizeof(EFI_MEMORY_DESCRIPTOR))
        return con_error(EFI_UNSUPPORTED,
                         "GetMemoryMap: descriptor size = %u, below the %u bytes of "
                         "EFI_MEMORY_DESCRIPTOR", (unsigned)desc_size,
                         (unsigned)sizeof(EFI_MEMORY_DESCRIPTOR));
    UINTN cap = 2 * size + MAP_SLACK_DESCS * desc_size;
    EFI_PHYSICAL_ADDRESS addr = 0;
    st = alloc_low_pages(bs, EfiLoaderData, EFI_SIZE_TO_PAGES(cap), &addr);
    if (EFI_ERROR(st))
        return con_error(st, "no memory for the memory map: bytes = %u", (unsigned)cap);
    /* Only sized: nothing reads this map before efi_map_refresh or the final one, and
     * one full GetMemoryMap costs OVMF about 0.1 M cycles. */
    m->buf = (uint8_t *)(UINTN)addr;
    m->cap = EFI_SIZE_TO_PAGES(cap) * EFI_PAGE_SIZE;
    m->size = 0;
    m->key = 0;
    m->desc_size = desc_size;
    m->desc_version = version;
    return EFI_SUCCESS;
}

EFI_STATUS efi_map_refresh(EFI_BOOT_SERVICES *bs, struct efi_map *m)
{
    EFI_STATUS st = get_map(bs, m);
    if (EFI_ERROR(st))
        return con_error(st, "GetMemoryMap: buffer bytes = %u, needed = %u", (unsigned)m->cap,
                         (unsigned)m->size);
    return EFI_SUCCESS;
}

/* UEFI 2.x, 7.4 ExitBootServices: between a successful GetMemoryMap and
 * ExitBootServices nothing may allocate or free, or the key goes stale. After a
 * failed ExitBootServices only GetMemoryMap and ExitBootServices may be called, so
 * the retry goes straight back to GetMemoryMap with the buffer we already own. */
EFI_STATUS efi_exit_boot_services(EFI_HANDLE image, EFI_BOOT_SERVICES *bs, struct efi_map *m,
                                  efi_map_ready_fn ready, void *ctx)
{
    EFI_STATUS st = EFI_INVALID_PARAMETER;
    for (int tries = 0; tries < EBS_TRIES && st == EFI_INVALID_PARAMETER; tries++) {
        st = get_map(bs, m);
        if (EFI_ERROR(st))
            return con_error(st, "GetMemoryMap before ExitBootServices: buffer bytes = %u, "
                                 "needed = %u", (unsigned)m->cap, (unsigned)m->size);
        EFI_STATUS r = ready(m, ctx);
        if (EFI_ERROR(r))
            return r;
        con_firmware_gone();
        st = bs->ExitBootServices(image, m->key);
    }
    if (EFI_ERROR(st))
        return con_error(st, "ExitBootServices: tries = %u", EBS_TRIES);
    return EFI_SUCCESS;
}
