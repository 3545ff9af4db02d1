/* image.h - what the Multiboot2 header says about loading the kernel image: the
 * address tag's flat load (the a.out kludge) and the entry address tag. */
#ifndef LOADER_IMAGE_H
#define LOADER_IMAGE_H

#include <stdbool.h>
#include <stdint.h>
#include "diag.h"
#include "elf.h"
#include "mb2_header.h"

/* The image GRUB loads for a header with an address tag (`h->has_address`), as one
 * segment: the file from offset h->offset - (header_addr - load_addr) (0 when
 * load_addr is 0xFFFFFFFF), up to load_end_addr (0: the end of the file), at
 * load_addr, zeroed up to bss_end_addr (0: no bss). Checked like an ELF segment:
 * inside the file, not in page 0, below 4 GiB, and an entry address tag (required:
 * a flat file has no other entry) in the bytes that come from the file.
 * Fills `img` (one segment) or returns false with one line in `d`. */
bool image_from_address_tag(uint32_t file_size, const struct mb2h_info *h, const char *name,
                            struct elf_image *img, struct diag *d);

/* The entry address tag's `entry` (a physical address) must lie in the bytes of a
 * segment of `img` that come from the file: the zero-filled tail is no code. */
bool image_entry_check(const struct elf_image *img, uint32_t entry, const char *name,
                       struct diag *d);

#endif
