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
    uint32_t nrequests; /* over every info request tag (GRUB allows several) */
    uint32_t requests[MB2H_MAX_REQUESTS]; /* info request tags: tag types wanted */
    bool request_required[MB2H_MAX_REQUESTS]; /* its tag's flags bit 0 was clear */
    bool wants_timeline; /* some request names MB2_TAG_BOOT_TIMELINE (our extension) */
    bool has_fb;
    uint32_t fb_width, fb_height, fb_depth;
    bool has_entry;
    uint32_t entry;
    bool has_module_align;
    bool has_console_flags;
    uint32_t console_flags;
    bool has_relocatable;
    uint32_t reloc_min, reloc_max, reloc_align, reloc_preference;
    bool has_address; /* a.out kludge: load the file flat (aout.c), as GRUB does */
    uint32_t header_addr, load_addr, load_end_addr, bss_end_addr;
    bool has_efi_bs;      /* keep boot services; refused by policy */
    bool optional_efi_bs; /* the same, optional: skipped with a note */
    /* A shape GRUB boots that the specification does not quite allow (an odd end
     * tag, an impossible header_length): booted, and the caller prints this as a
     * note. Empty when the header is clean. */
    struct diag note;
};

/* The relocatable tag's range and alignment: align a power of two (0 and 1 mean
 * none), min_addr <= max_addr. False with a message naming the field otherwise. */
bool mb2h_reloc_range_valid(uint32_t min_addr, uint32_t max_addr, uint32_t align,
                            const char *name, struct diag *d);
/* Searches the first 32 KiB of `file` (8-byte aligned) for the header, checks magic,
 * architecture (i386), checksum, every tag well-formed, and fills `out`. The tag list
 * ends at the first tag of type 0 that starts inside header_length, whatever its size
 * (GRUB's rule). A header_length that cannot be right (below 16, past the file or the
 * first 32 KiB) is only in the checksum for GRUB: the tags are then walked to an end
 * tag inside the file and the first 32 KiB, and out->note names the field.
 * Returns false with one line in `d`. */
bool mb2h_parse(const uint8_t *file, uint32_t size, const char *name, struct mb2h_info *out,
                struct diag *d);

/* Policy: refuses (false + `d`) what this loader cannot honour: a required info
 * request for a tag type not set in `can_give` (bit n = tag type n: the caller sets
 * every type it gives, and every type it could give but has no instance of, such as
 * modules when none is configured), a required EFI boot-services tag, a required
 * console without a framebuffer. Type 0 and our timeline type are always fine. */
bool mb2h_supported(const struct mb2h_info *h, uint64_t can_give, const char *name,
                    struct diag *d);

/* The tag types (bit n = type n) this loader gives a kernel, given whether the
 * firmware has a framebuffer and ACPI 1.0 / 2.0 tables, and the loader's width. */
uint64_t mb2h_can_give(bool have_fb, bool acpi_old, bool acpi_new, bool efi64);

#endif
