/* mb1_header.h - finds and checks the Multiboot 1 header inside a kernel image. */
#ifndef LOADER_MB1_HEADER_H
#define LOADER_MB1_HEADER_H

#include <stdbool.h>
#include <stdint.h>
#include "diag.h"
#include "elf.h"

/* What mb1h_parse found. */
enum mb1h_status {
    MB1H_OK,     /* a valid header: `out` is filled */
    MB1H_ABSENT, /* no magic anywhere a header could be: not a Multiboot 1 kernel */
    MB1H_BAD,    /* a header that is wrong (checksum, place, flags, fields): `d` says how */
};

/* What the kernel's header asks of us, decoded. */
struct mb1h_info {
    uint32_t offset; /* of the header in the file */
    uint32_t flags;
    bool page_align_mods; /* flags bit 0 */
    bool wants_meminfo;   /* flags bit 1 */
    bool has_video;       /* flags bit 2 */
    uint32_t mode_type, width, height, depth;
    bool has_address; /* flags bit 16 */
    uint32_t header_addr, load_addr, load_end_addr, bss_end_addr, entry_addr;
};

/* Searches the first 8192 bytes of `file` (4-byte aligned) for the header, checks
 * magic + flags + checksum == 0, that no requirement bit (0-15) other than 0, 1, 2 is
 * set, and that the fields the flags promise lie in the file. A header found where it
 * may not be (unaligned, past 8192 bytes) is named as such. MB1H_BAD and
 * MB1H_ABSENT come with one line in `d`. */
enum mb1h_status mb1h_parse(const uint8_t *file, uint32_t size, const char *name,
                            struct mb1h_info *out, struct diag *d);

/* The image the address fields (flags bit 16) describe, checked as Multiboot2's
 * address tag is (image_flat): one segment, or false with one line in `d`. */
bool mb1h_flat_image(uint32_t file_size, const struct mb1h_info *h, const char *name,
                     struct elf_image *img, struct diag *d);

#endif
