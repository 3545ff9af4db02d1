/* efi_file.c - SimpleFileSystem access: open the boot volume, read one file whole. */
#include "file.h"

#include <stddef.h>

#include "console.h"
#include "../arch.h"
#include "../core/sha256.h"
#include "../core/utf8.h"

#define FILE_PATH_MAX 260 /* CHAR16s, like a FAT long name plus directories */
#define FILE_SIZE_MAX 0xfffff000u /* we hand out 32-bit sizes */

EFI_STATUS efi_loaded_image(EFI_HANDLE image, EFI_BOOT_SERVICES *bs, EFI_LOADED_IMAGE **li)
{
    EFI_GUID li_guid = LOADED_IMAGE_PROTOCOL;
    EFI_STATUS st = bs->HandleProtocol(image, &li_guid, (void **)li);
    if (EFI_ERROR(st))
        return con_error(st, "no LoadedImage protocol: image handle = 0x%x",
                         (unsigned)(UINTN)image);
    return EFI_SUCCESS;
}

/* EFI_LOADED_IMAGE up to ImageSize as the firmware lays it out (see efi_file.h). */
struct uefi_loaded_image_head {
    UINT32 Revision;
    EFI_HANDLE ParentHandle;
    EFI_SYSTEM_TABLE *SystemTable;
    EFI_HANDLE DeviceHandle;
    EFI_DEVICE_PATH *FilePath;
    VOID *Reserved;
    UINT32 LoadOptionsSize;
    VOID *LoadOptions;
    VOID *ImageBase;
    UINT64 ImageSize __attribute__((aligned(8)));
};
_Static_assert(offsetof(struct uefi_loaded_image_head, ImageSize) == (sizeof(void *) == 4 ? 40 : 72),
               "EFI_LOADED_IMAGE.ImageSize: offset 40 on IA32, 72 on x64 (UEFI natural alignment)");
_Static_assert(offsetof(struct uefi_loaded_image_head, ImageBase) ==
                   offsetof(EFI_LOADED_IMAGE, ImageBase),
               "gnu-efi and UEFI agree up to ImageBase");

struct range64 efi_image_range(const EFI_LOADED_IMAGE *li)
{
    const struct uefi_loaded_image_head *h = (const void *)li;
    return (struct range64){ (UINTN)h->ImageBase, h->ImageSize };
}

EFI_STATUS efi_volume_open(EFI_BOOT_SERVICES *bs, const EFI_LOADED_IMAGE *li,
                           EFI_FILE_HANDLE *root)
{
    EFI_GUID fs_guid = SIMPLE_FILE_SYSTEM_PROTOCOL;
    EFI_FILE_IO_INTERFACE *fs;
    EFI_STATUS st = bs->HandleProtocol(li->DeviceHandle, &fs_guid, (void **)&fs);
    if (EFI_ERROR(st))
        return con_error(st, "boot volume has no SimpleFileSystem: device handle = 0x%x",
                         (unsigned)(UINTN)li->DeviceHandle);
    st = fs->OpenVolume(fs, root);
    if (EFI_ERROR(st))
        return con_error(st, "cannot open the boot volume: device handle = 0x%x",
                         (unsigned)(UINTN)li->DeviceHandle);
    return EFI_SUCCESS;
}

_Static_assert(sizeof(CHAR16) == sizeof(uint16_t), "CHAR16 is UCS-2 (-fshort-wchar)");

/* Decodes a UTF-8 path (boot.cfg checked it) into the firmware's UCS-2; '/' is
 * accepted as a separator too. False if too long or not UTF-8 that UCS-2 holds. */
static bool wide_path(const char *path, CHAR16 *out)
{
    uint32_t bad_at;
    if (utf8_to_ucs2(path, diag_strlen(path), (uint16_t *)out, FILE_PATH_MAX, &bad_at) < 0)
        return false;
    for (; *out; out++)
        if (*out == L'/')
            *out = L'\\';
    return true;
}

/* The file's size and attributes from EFI_FILE_INFO; the buffer has room for a long name. */
static EFI_STATUS file_size(EFI_FILE_HANDLE f, UINT64 *size, UINT64 *attr)
{
    EFI_GUID info_guid = EFI_FILE_INFO_ID;
    union {
        EFI_FILE_INFO info;
        UINT8 raw[SIZE_OF_EFI_FILE_INFO + FILE_PATH_MAX * sizeof(CHAR16)];
    } buf;
    UINTN len = sizeof buf;
    EFI_STATUS st = f->GetInfo(f, &info_guid, &len, &buf);
    if (!EFI_ERROR(st)) {
        *size = buf.info.FileSize;
        *attr = buf.info.Attribute;
    }
    return st;
}

/* Pages for a file: at `prefer` when that is free and ends below 4 GiB (modules go
 * right after the kernel, as GRUB puts them), else as low as they fit; `prefer` 0
 * (boot.cfg, the kernel file: only read from) anywhere below 4 GiB. */
static EFI_STATUS file_pages(EFI_BOOT_SERVICES *bs, UINTN pages, EFI_PHYSICAL_ADDRESS prefer,
                             EFI_PHYSICAL_ADDRESS *addr)
{
    if (!prefer)
        return alloc_low_pages(bs, EfiLoaderData, pages, addr);
    *addr = prefer;
    if (prefer + ((UINT64)pages << EFI_PAGE_SHIFT) - 1 <= LOADER_MAX_ADDR &&
        !EFI_ERROR(pages_alloc(bs, AllocateAddress, EfiLoaderData, pages, addr)))
        return EFI_SUCCESS;
    return alloc_low_first(bs, EfiLoaderData, pages, addr, NULL);
}

static EFI_STATUS read_at(EFI_BOOT_SERVICES *bs, EFI_FILE_HANDLE root, const char *path,
                          bool missing_ok, EFI_PHYSICAL_ADDRESS prefer, struct efi_blob *out)
{
    CHAR16 wpath[FILE_PATH_MAX];
    EFI_FILE_HANDLE f;
    UINT64 size = 0, attr = 0;
    if (!wide_path(path, wpath))
        return con_error(EFI_INVALID_PARAMETER, "path too long or not UTF-8: path = %s", path);
    EFI_STATUS st = root->Open(root, &f, wpath, EFI_FILE_MODE_READ, 0);
    if (st == EFI_NOT_FOUND && missing_ok)
        return st;
    if (EFI_ERROR(st))
        return con_error(st, "cannot open file: path = %s", path);
    st = file_size(f, &size, &attr);
    if (EFI_ERROR(st)) {
        f->Close(f);
        return con_error(st, "cannot read file size: path = %s", path);
    }
    /* Open succeeds on a directory; its Read would list entries, not give bytes. */
    if (attr & EFI_FILE_DIRECTORY) {
        f->Close(f);
        return con_error(EFI_INVALID_PARAMETER, "%s is a directory, not a file", path);
    }
    if (size > FILE_SIZE_MAX) {
        f->Close(f);
        return con_error(EFI_BAD_BUFFER_SIZE, "file too large: %s size = %llu", path,
                         (unsigned long long)size);
    }
    /* One page more than needed: the byte after the data is a NUL, so text files
     * can be handed to parsers that like terminated strings. */
    UINTN pages = EFI_SIZE_TO_PAGES((UINTN)size) + 1;
    EFI_PHYSICAL_ADDRESS addr = 0;
    st = file_pages(bs, pages, prefer, &addr); /* the kernel reads it */
    if (EFI_ERROR(st)) {
        f->Close(f);
        return con_error(st, "no memory for file: %s size = %llu", path,
                         (unsigned long long)size);
    }
    UINTN got = (UINTN)size;
    st = f->Read(f, &got, (void *)(UINTN)addr);
    f->Close(f);
    if (!EFI_ERROR(st) && got != (UINTN)size)
        st = EFI_DEVICE_ERROR; /* a short read is as bad as a failed one */
    if (EFI_ERROR(st)) {
        pages_free(bs, addr, pages);
        return con_error(st, "cannot read file: %s bytes read = %u of %u", path,
                         (unsigned)got, (unsigned)size);
    }
    out->data = (uint8_t *)(UINTN)addr;
    out->data[size] = 0;
    out->size = (uint32_t)size;
    out->pages = pages;
    return EFI_SUCCESS;
}

EFI_STATUS efi_file_read(EFI_BOOT_SERVICES *bs, EFI_FILE_HANDLE root, const char *path,
                         bool missing_ok, struct efi_blob *out)
{
    return read_at(bs, root, path, missing_ok, 0, out);
}

EFI_STATUS efi_file_read_pinned(EFI_BOOT_SERVICES *bs, EFI_FILE_HANDLE root, const char *path,
                                const uint8_t *pin, const char *pin_source,
                                EFI_PHYSICAL_ADDRESS prefer, struct efi_blob *out)
{
    uint8_t got[SHA256_DIGEST_SIZE];
    char hex[SHA256_HEX_SIZE];
    EFI_STATUS st = read_at(bs, root, path, false, prefer, out);
    if (EFI_ERROR(st) || !pin)
        return st;
    sha256(out->data, out->size, got);
    for (uint32_t i = 0; i < SHA256_DIGEST_SIZE; i++) {
        if (got[i] != pin[i]) {
            sha256_hex(got, hex);
            return con_error(EFI_SECURITY_VIOLATION,
                             "%s: sha256 = %s: not the digest pinned in %s", path, hex,
                             pin_source);
        }
    }
    return EFI_SUCCESS;
}
