/* efi_gop.c - GOP mode selection and the framebuffer description (Multiboot2 tag 8). */
#include "gop.h"
#include "console.h"
#include "../core/gop_mode.h"

/* UEFI 2.x, 12.9: every GOP pixel format with a linear framebuffer uses 32 bits per
 * pixel; PixelsPerScanLine counts pixels, so the pitch in bytes is 4 times it. */
#define GOP_BYTES_PER_PIXEL 4u
#define GOP_BPP 32u
#define BYTE_BITS 8u

/* Position of the lowest set bit and the length of the run of ones from there. */
static void mask_field(UINT32 mask, uint8_t *pos, uint8_t *size)
{
    uint8_t p = 0, n = 0;
    if (mask) {
        while (!(mask & 1u))
            mask >>= 1, p++;
        while (mask & 1u)
            mask >>= 1, n++;
    }
    *pos = p;
    *size = n;
}

/* The mode the firmware had before our first SetMode, for efi_gop_restore. */
static EFI_GRAPHICS_OUTPUT_PROTOCOL *changed_gop;
static UINT32 original_mode;

/* GOP modes we look at; firmware offers a few dozen (OVMF 30). Modes past this are
 * ignored, and the choice is among the first ones. */
#define GOP_MODES_MAX 128u

/* Switches to the offered mode closest to w x h (gop_mode.c); a note line says so
 * when it is not exactly w x h. Keeps the current mode when nothing better exists or
 * SetMode fails. */
static void set_mode(EFI_GRAPHICS_OUTPUT_PROTOCOL *gop, EFI_BOOT_SERVICES *bs, uint32_t w,
                     uint32_t h)
{
    struct gop_mode_offer offers[GOP_MODES_MAX];
    uint32_t n = gop->Mode->MaxMode < GOP_MODES_MAX ? gop->Mode->MaxMode : GOP_MODES_MAX;
    for (UINT32 mode = 0; mode < n; mode++) {
        EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info;
        UINTN size;
        offers[mode] = (struct gop_mode_offer){ 0, 0, false };
        if (EFI_ERROR(gop->QueryMode(gop, mode, &size, &info)))
            continue; /* unqueryable: never chosen */
        offers[mode] = (struct gop_mode_offer){ info->HorizontalResolution,
                                                info->VerticalResolution,
                                                info->PixelFormat != PixelBltOnly };
        bs->FreePool(info);
    }
    int best = gop_mode_closest(offers, n, w, h);
    if (best < 0) {
        con_print("note: GOP offers no mode with a framebuffer for %ux%u; keeping %ux%u", w, h,
                  gop->Mode->Info->HorizontalResolution, gop->Mode->Info->VerticalResolution);
        return;
    }
    uint32_t bw = offers[best].width, bh = offers[best].height;
    if (bw != w || bh != h)
        con_print("note: resolution %ux%u is not offered by GOP; closest offered: %ux%u", w, h,
                  bw, bh);
    if ((UINT32)best == gop->Mode->Mode)
        return;
    UINT32 before = gop->Mode->Mode;
    EFI_STATUS st = gop->SetMode(gop, (UINT32)best);
    if (EFI_ERROR(st)) {
        struct diag text;
        con_print("note: GOP SetMode %ux%u failed (EFI status %s); keeping the current mode",
                  bw, bh, efi_status_text(st, &text));
        return;
    }
    if (!changed_gop) {
        changed_gop = gop;
        original_mode = before;
    }
}

bool efi_gop_framebuffer(EFI_BOOT_SERVICES *bs, uint32_t want_w, uint32_t want_h,
                         struct mb2_tag_framebuffer *fb)
{
    EFI_GUID gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;
    EFI_GRAPHICS_OUTPUT_PROTOCOL *gop;
    if (EFI_ERROR(bs->LocateProtocol(&gop_guid, NULL, (void **)&gop)) || !gop->Mode ||
        !gop->Mode->Info)
        return false;
    if (want_w && want_h)
        set_mode(gop, bs, want_w, want_h);
    const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info = gop->Mode->Info;
    const EFI_PIXEL_BITMASK *m = &info->PixelInformation;
    switch (info->PixelFormat) {
    case PixelRedGreenBlueReserved8BitPerColor: /* byte 0 red, 1 green, 2 blue */
        fb->red_field_position = 0;
        fb->green_field_position = BYTE_BITS;
        fb->blue_field_position = 2 * BYTE_BITS;
        fb->red_mask_size = fb->green_mask_size = fb->blue_mask_size = BYTE_BITS;
        break;
    case PixelBlueGreenRedReserved8BitPerColor: /* byte 0 blue, 1 green, 2 red */
        fb->blue_field_position = 0;
        fb->green_field_position = BYTE_BITS;
        fb->red_field_position = 2 * BYTE_BITS;
        fb->red_mask_size = fb->green_mask_size = fb->blue_mask_size = BYTE_BITS;
        break;
    case PixelBitMask:
        mask_field(m->RedMask, &fb->red_field_position, &fb->red_mask_size);
        mask_field(m->GreenMask, &fb->green_field_position, &fb->green_mask_size);
        mask_field(m->BlueMask, &fb->blue_field_position, &fb->blue_mask_size);
        break;
    default: /* PixelBltOnly: no linear framebuffer to hand over */
        return false;
    }
    fb->type = MB2_TAG_FRAMEBUFFER;
    fb->size = MB2_TAG_FRAMEBUFFER_RGB_SIZE;
    fb->framebuffer_addr = gop->Mode->FrameBufferBase;
    fb->framebuffer_pitch = info->PixelsPerScanLine * GOP_BYTES_PER_PIXEL;
    fb->framebuffer_width = info->HorizontalResolution;
    fb->framebuffer_height = info->VerticalResolution;
    fb->framebuffer_bpp = GOP_BPP;
    fb->framebuffer_type = MB2_FB_TYPE_RGB;
    fb->reserved = 0;
    return true;
}

void efi_gop_restore(void)
{
    if (changed_gop && changed_gop->Mode->Mode != original_mode)
        changed_gop->SetMode(changed_gop, original_mode);
    changed_gop = NULL;
}
