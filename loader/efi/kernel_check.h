/* kernel_check.h - the kernel file's header and image checks before anything is loaded. */
#ifndef LOADER_EFI_KERNEL_CHECK_H
#define LOADER_EFI_KERNEL_CHECK_H

#include "file.h"
#include "../core/config.h"
#include "../core/protocol.h"

/* Chooses the protocol (boot.cfg `protocol`, else a valid Multiboot2 header, else a
 * valid Multiboot 1 header), checks the header and the image it describes, and fills
 * `img` and `pc`. `can_give`: the Multiboot2 tags this boot can provide. Prints the
 * error line (EFI_LOAD_ERROR, or EFI_UNSUPPORTED for a tag we cannot give) or the
 * notes. */
EFI_STATUS kernel_check(const struct efi_blob *k, const char *name, enum cfg_protocol forced,
                        struct elf_image *img, struct proto_choice *pc, uint64_t can_give);

#endif
