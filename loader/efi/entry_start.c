/* entry_start.c - chainloading (LoadImage, StartImage) and the reset actions. */
#include "entry_start.h"

#include "../core/menu.h"
#include "../core/utf8.h"

#define VAR_ATTRS                                                                                  \
    (EFI_VARIABLE_NON_VOLATILE | EFI_VARIABLE_BOOTSERVICE_ACCESS | EFI_VARIABLE_RUNTIME_ACCESS)

static EFI_GUID global_var = EFI_GLOBAL_VARIABLE;
static EFI_GUID loaded_image_guid = LOADED_IMAGE_PROTOCOL;
static EFI_GUID device_path_guid = DEVICE_PATH_PROTOCOL;

#define DP_HEAD 4u         /* type, subtype, 16-bit length */
#define DP_BYTES_MAX 1024u /* the volume's path and ours; OVMF's are ~100 bytes */
#define DP_VOLUME_MAX (DP_BYTES_MAX - DP_HEAD - CFG_PATH_MAX * 2 - DP_HEAD)

/* The volume's device path (up to its end node) with a file-path node for `path` and
 * an end node after it, in `buf`: what LoadImage wants. gnu-efi's FileDevicePath does
 * the same but pulls 40 KiB of its library into the loader. False when too long. */
static bool file_device_path(EFI_BOOT_SERVICES *bs, EFI_HANDLE device, const CHAR16 *path,
                             uint8_t *buf)
{
    uint8_t *vol;
    if (EFI_ERROR(bs->HandleProtocol(device, &device_path_guid, (void **)&vol)))
        return false;
    uint32_t n = 0;
    /* Node by node to the end node (type 0x7f); a node shorter than its head ends it. */
    while (vol[n] != END_DEVICE_PATH_TYPE) {
        uint32_t len = (uint32_t)vol[n + 2] | (uint32_t)vol[n + 3] << 8;
        if (len < DP_HEAD || n + len > DP_VOLUME_MAX)
            return false;
        n += len;
    }
    diag_memcpy(buf, vol, n);
    uint32_t plen = 0;
    while (path[plen])
        plen++;
    uint32_t node = DP_HEAD + (plen + 1) * 2;
    buf[n] = MEDIA_DEVICE_PATH, buf[n + 1] = MEDIA_FILEPATH_DP;
    buf[n + 2] = (uint8_t)node, buf[n + 3] = (uint8_t)(node >> 8);
    diag_memcpy(buf + n + DP_HEAD, path, (plen + 1) * 2);
    n += node;
    buf[n] = END_DEVICE_PATH_TYPE, buf[n + 1] = END_ENTIRE_DEVICE_PATH_SUBTYPE;
    buf[n + 2] = DP_HEAD, buf[n + 3] = 0;
    return true;
}

_Static_assert(sizeof(CHAR16) == sizeof(uint16_t), "CHAR16 is UCS-2 (-fshort-wchar)");

EFI_STATUS efi_chainload(EFI_HANDLE image, EFI_SYSTEM_TABLE *st, const EFI_LOADED_IMAGE *li,
                         const struct cfg_entry *e)
{
    EFI_BOOT_SERVICES *bs = st->BootServices;
    CHAR16 path[CFG_PATH_MAX], options[CFG_CMDLINE_MAX];
    uint32_t bad_at;
    EFI_HANDLE child = NULL;
    EFI_LOADED_IMAGE *cli;
    /* boot.cfg checked both: UTF-8 that UCS-2 holds, within these sizes. */
    int32_t nopt = utf8_to_ucs2(e->cmdline, diag_strlen(e->cmdline), (uint16_t *)options,
                                CFG_CMDLINE_MAX, &bad_at);
    if (utf8_to_ucs2(e->efi, diag_strlen(e->efi), (uint16_t *)path, CFG_PATH_MAX, &bad_at) < 0 ||
        nopt < 0)
        return con_error(EFI_INVALID_PARAMETER, "entry = %s: efi = %s: not a UCS-2 path", e->title,
                         e->efi);
    uint8_t dp[DP_BYTES_MAX];
    if (!file_device_path(bs, li->DeviceHandle, path, dp))
        return con_error(EFI_UNSUPPORTED, "entry = %s: efi = %s: no device path for the volume",
                         e->title, e->efi);
    EFI_STATUS s = bs->LoadImage(FALSE, image, (EFI_DEVICE_PATH *)dp, NULL, 0, &child);
    if (EFI_ERROR(s))
        return con_error(s, "entry = %s: efi = %s: LoadImage failed", e->title, e->efi);
    if (!EFI_ERROR(bs->HandleProtocol(child, &loaded_image_guid, (void **)&cli))) {
        cli->LoadOptions = options;
        cli->LoadOptionsSize = (UINT32)((nopt + 1) * sizeof(CHAR16));
    }
    con_print("starting %s (efi = %s)", e->title, e->efi);
    s = bs->StartImage(child, NULL, NULL);
    struct diag t;
    con_print("%s returned: %s", e->efi, efi_status_text(s, &t));
    return s;
}

void efi_entry_availability(EFI_RUNTIME_SERVICES *rt, struct boot_config *cfg)
{
    UINT64 supported = 0;
    UINTN size = sizeof supported;
    UINT32 attrs;
    if (EFI_ERROR(
            rt->GetVariable(L"OsIndicationsSupported", &global_var, &attrs, &size, &supported)))
        supported = 0; /* no variable: the firmware offers none of the indications */
    menu_mark_unavailable(cfg, supported & EFI_OS_INDICATIONS_BOOT_TO_FW_UI);
}

/* Asks the firmware to open its setup UI at the next boot, then resets. */
static EFI_STATUS firmware_setup(EFI_RUNTIME_SERVICES *rt, const struct cfg_entry *e)
{
    UINT64 ind = 0;
    UINTN size = sizeof ind;
    UINT32 attrs;
    if (e->unavailable)
        return con_error(EFI_UNSUPPORTED,
                         "entry = %s: unavailable: OsIndicationsSupported lacks "
                         "EFI_OS_INDICATIONS_BOOT_TO_FW_UI",
                         e->title);
    if (EFI_ERROR(rt->GetVariable(L"OsIndications", &global_var, &attrs, &size, &ind)))
        ind = 0; /* not set yet */
    ind |= EFI_OS_INDICATIONS_BOOT_TO_FW_UI;
    EFI_STATUS s = rt->SetVariable(L"OsIndications", &global_var, VAR_ATTRS, sizeof ind, &ind);
    if (EFI_ERROR(s))
        return con_error(s, "entry = %s: cannot set OsIndications", e->title);
    con_print("entry = %s: restarting into the firmware's setup", e->title);
    rt->ResetSystem(EfiResetCold, EFI_SUCCESS, 0, NULL);
    return EFI_DEVICE_ERROR; /* ResetSystem does not return */
}

EFI_STATUS efi_entry_action(EFI_SYSTEM_TABLE *st, const struct cfg_entry *e)
{
    EFI_RUNTIME_SERVICES *rt = st->RuntimeServices;
    switch (e->kind) {
    case CFG_FIRMWARE_SETUP:
        return firmware_setup(rt, e);
    case CFG_REBOOT:
        con_print("entry = %s: restarting", e->title);
        rt->ResetSystem(EfiResetCold, EFI_SUCCESS, 0, NULL);
        break;
    case CFG_POWEROFF:
        con_print("entry = %s: powering off", e->title);
        rt->ResetSystem(EfiResetShutdown, EFI_SUCCESS, 0, NULL);
        break;
    default:
        break;
    }
    return con_error(EFI_DEVICE_ERROR, "entry = %s: the reset did not happen", e->title);
}
