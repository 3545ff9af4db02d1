/* efi_gop.h - describes the GOP linear framebuffer as a Multiboot2 framebuffer tag. */
#ifndef LOADER_EFI_GOP_H
#define LOADER_EFI_GOP_H

#include "console.h"
#include <stdbool.h>
#include "../../shared/bootinfo.h"

/* Finds GOP; when `want_w` x `want_h` is non-zero (boot.cfg's resolution, else the
 * kernel's framebuffer header tag), switches to the offered mode closest to it
 * first (a note line names it when it is not exact). Fills `fb` (an RGB tag, 32 bpp,
 * pitch in bytes) and returns true; false when there is no GOP or the mode has no
 * linear framebuffer (PixelBltOnly): then the kernel gets no framebuffer tag. */
bool efi_gop_framebuffer(EFI_BOOT_SERVICES *bs, uint32_t want_w, uint32_t want_h,
                         struct mb2_tag_framebuffer *fb);

/* Puts back the mode the firmware had before efi_gop_framebuffer changed it: a
 * loader that returns to the firmware leaves the screen as it found it. */
void efi_gop_restore(void);

#endif
