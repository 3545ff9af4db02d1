/* image.h - a flat load of the kernel file (Multiboot2's address tag, the a.out
 * kludge; Multiboot 1's address fields) and the entry address. */
#ifndef LOADER_IMAGE_H
#define LOADER_IMAGE_H

#include <stdbool.h>
#include <stdint.h>
#include "diag.h"
#include "elf.h"
#include "mb2_header.h"

/* A flat load, whichever protocol asked for it. */
struct flat_load {
    const char *what;       /* names the fields in messages: "Multiboot2 address tag" */
    const char *entry_what; /* names the entry: "Multiboot2 entry address tag" */
    uint32_t offset;        /* of the header in the file */
    uint32_t header_addr, load_addr, load_end_addr, bss_end_addr, entry;
    bool from_start_marker; /* load_addr 0xFFFFFFFF loads from the file's start (Multiboot2) */
};

/* The image GRUB loads for a flat load `f`, as one segment: the file from offset
 * f->offset - (header_addr - load_addr), up to load_end_addr (0: the end of the file),
 * at load_addr, zeroed up to bss_end_addr (0: no bss). Checked like an ELF segment:
 * inside the file, below 4 GiB, with the entry in the bytes that come
 * from the file. Fills `img` (one segment) or returns false with one line in `d`. */
bool image_flat(uint32_t file_size, const struct flat_load *f, const char *name,
                struct elf_image *img, struct diag *d);

/* The image GRUB loads for a header with an address tag (`h->has_address`), as one
 * segment: the file from offset h->offset - (header_addr - load_addr) (0 when
 * load_addr is 0xFFFFFFFF), up to load_end_addr (0: the end of the file), at
 * load_addr, zeroed up to bss_end_addr (0: no bss). Checked like an ELF segment:
 * inside the file, below 4 GiB, and an entry address tag (required:
 * a flat file has no other entry) in the bytes that come from the file.
 * Fills `img` (one segment) or returns false with one line in `d`. */
bool image_from_address_tag(uint32_t file_size, const struct mb2h_info *h, const char *name,
                            struct elf_image *img, struct diag *d);

/* The entry address tag's `entry` (a physical address) must lie in the bytes of a
 * segment of `img` that come from the file: the zero-filled tail is no code. */
bool image_entry_check(const struct elf_image *img, uint32_t entry, const char *name,
                       struct diag *d);

#endif
