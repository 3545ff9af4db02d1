/* kernel_check.c - which header boots the kernel file, that protocol's checks, and the
 * one-line notes for shapes booted but never silently. */
#include "kernel_check.h"

#include "console.h"
#include "../core/elf.h"
#include "../core/image.h"
#include "../core/mb1_header.h"
#include "../core/mb2_header.h"
#include "../../shared/multiboot1.h"

/* A Multiboot 1 kernel: its header's defect first; with the address fields (flags
 * bit 16) a flat image, otherwise ELF32 loaded by program headers as for Multiboot2. */
static EFI_STATUS check_mb1(const struct efi_blob *k, const char *name, struct elf_image *img,
                            const struct proto_choice *pc, const struct diag *hd)
{
    struct diag d;
    const struct mb1h_info *h = &pc->mb1;
    if (!pc->header_ok)
        return con_error(EFI_LOAD_ERROR, "%s", hd->msg);
    if (h->has_address ? !mb1h_flat_image(k->size, h, name, img, &d)
                       : !elf_check(k->data, k->size, name, img, &d))
        return con_error(EFI_LOAD_ERROR, "%s", d.msg);
    if (pc->note.msg[0])
        con_print("note: %s (the Multiboot 1 header boots it instead)", pc->note.msg);
    con_print("note: %s: Multiboot 1 header at offset 0x%x, flags 0x%x: booting it as a "
              "Multiboot 1 kernel", name, h->offset, h->flags);
    if (h->has_address)
        con_print("note: %s: Multiboot 1 address fields: loading the file flat, 0x%x bytes at "
                  "0x%x, zeroed to 0x%x", name, img->segs[0].filesz, img->lowest, img->highest);
    if (h->has_video && h->mode_type == MB1_VIDEO_EGA_TEXT)
        con_print("note: %s: Multiboot 1 header asks for EGA text (mode_type 1): UEFI has no "
                  "text mode, giving the framebuffer instead", name);
    else if (h->has_video && h->depth && h->depth != 32)
        con_print("note: %s: Multiboot 1 header video depth = %u: GOP linear modes are 32 bpp",
                  name, h->depth);
    return EFI_SUCCESS;
}

/* Which header boots the kernel (protocol.c), then that protocol's checks. For
 * Multiboot2 the header first: with an address tag the file is a flat image (GRUB's
 * a.out kludge) and need not be ELF. Otherwise an ELF error comes before a header
 * error, as it always has. */
EFI_STATUS kernel_check(const struct efi_blob *k, const char *name, enum cfg_protocol forced,
                        struct elf_image *img, struct proto_choice *pc, uint64_t can_give)
{
    struct diag d, hd;
    proto_choose(k->data, k->size, forced, name, pc, &hd);
    if (pc->which == PROTO_MULTIBOOT1)
        return check_mb1(k, name, img, pc, &hd);
    struct mb2h_info *h = &pc->mb2;
    bool header_ok = pc->header_ok;
    if (header_ok && h->has_address) {
        if (!image_from_address_tag(k->size, h, name, img, &d))
            return con_error(EFI_LOAD_ERROR, "%s", d.msg);
    } else if (!elf_check(k->data, k->size, name, img, &d)) {
        return con_error(EFI_LOAD_ERROR, "%s", d.msg);
    } else if (!header_ok) {
        return con_error(EFI_LOAD_ERROR, "%s", hd.msg);
    } else if (h->has_entry && !image_entry_check(img, h->entry, name, &d)) {
        return con_error(EFI_LOAD_ERROR, "%s", d.msg);
    }
    if (!mb2h_supported(h, can_give, name, &d))
        return con_error(EFI_UNSUPPORTED, "%s", d.msg);
    /* Shapes GRUB boots and the specification frowns on, and what the kernel asked
     * for and may do without: booted, but never silently. */
    if (h->note.msg[0])
        con_print("note: %s", h->note.msg);
    if (h->has_address)
        con_print("note: %s: Multiboot2 address tag: loading the file flat, 0x%x bytes at "
                  "0x%x, zeroed to 0x%x", name, img->segs[0].filesz, img->lowest,
                  img->highest);
    if (h->optional_efi_bs)
        con_print("note: %s: optional Multiboot2 EFI boot services tag skipped: we exit boot "
                  "services", name);
    if (h->has_fb && h->fb_depth && h->fb_depth != 32)
        con_print("note: %s: Multiboot2 framebuffer tag depth = %u: GOP linear modes are 32 "
                  "bpp", name, h->fb_depth);
    return EFI_SUCCESS;
}
