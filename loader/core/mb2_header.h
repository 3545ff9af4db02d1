/* mb2_header.h - finds and checks the Multiboot2 header inside a kernel image. */
#ifndef LOADER_MB2_HEADER_H
#define LOADER_MB2_HEADER_H

#include <stdbool.h>
#include <stdint.h>
#include "diag.h"

#define MB2H_MAX_REQUESTS 32

/* What the kernel's header asks of us, decoded. */
struct mb2h_info {
    uint32_t offset; /* of the header in the file */
    uint32_t length; /* header_length */
    uint32_t nrequests;
    uint32_t requests[MB2H_MAX_REQUESTS]; /* info request tag: tag types wanted */
    bool requests_optional;               /* the info request tag itself is optional */
    bool has_fb;
    uint32_t fb_width, fb_height, fb_depth;
    bool has_entry;
    uint32_t entry;
    bool has_module_align;
    bool has_console_flags;
    uint32_t console_flags;
    bool has_relocatable;
    uint32_t reloc_min, reloc_max, reloc_align, reloc_preference;
    bool has_address; /* a.out kludge; refused by policy */
    bool has_efi_bs;  /* keep boot services; refused by policy */
    bool optional_address, optional_efi_bs; /* the same, optional: skipped with a note */
};

/* Searches the first 32 KiB of `file` (8-byte aligned) for the header, checks magic,
 * architecture (i386), checksum, length within the file and every tag within the
 * header and well-formed, and fills `out`. Returns false with one line in `d`. */
/* The relocatable tag's range and alignment: align a power of two (0 and 1 mean
 * none), min_addr <= max_addr. False with a message naming the field otherwise. */
bool mb2h_reloc_range_valid(uint32_t min_addr, uint32_t max_addr, uint32_t align,
                            const char *name, struct diag *d);
bool mb2h_parse(const uint8_t *file, uint32_t size, const char *name, struct mb2h_info *out,
                struct diag *d);

/* Policy: refuses (false + `d`) what this loader cannot honour: a required info
 * request for a tag type not set in `can_give` (bit n = tag type n), a required
 * address tag, a required EFI boot-services tag, an unknown required header tag
 * (reported by mb2h_parse). */
bool mb2h_supported(const struct mb2h_info *h, uint64_t can_give, const char *name,
                    struct diag *d);

#endif
