/* relocate.h - picks a load base for a kernel with a Multiboot2 relocatable header tag. */
#ifndef LOADER_RELOCATE_H
#define LOADER_RELOCATE_H

#include <stdbool.h>
#include <stdint.h>
#include "diag.h"

#define RELOC_PREF_NONE 0u
#define RELOC_PREF_LOWEST 1u
#define RELOC_PREF_HIGHEST 2u

/* The image as linked and what its relocatable tag (type 10) allows. */
struct reloc_request {
    uint64_t link_lo;   /* lowest p_paddr of the image as linked */
    uint64_t size;      /* bytes from link_lo to one past the image's last byte */
    uint32_t min_addr;  /* no byte of the image below this */
    uint32_t max_addr;  /* the image ends (exclusive) at or below this */
    uint32_t align;     /* the load base is a multiple of this (0 or 1: no constraint) */
    uint32_t preference; /* RELOC_PREF_*: none is treated as lowest */
};

/* Chooses the load base B (where link_lo goes; every segment moves by B - link_lo)
 * from the EFI memory map as it is now (`map_size` bytes, `desc_size` apart): B is
 * a multiple of both `align` and the 4 KiB page, B >= min_addr, B >= 4 KiB (page 0
 * stays empty), B + size <= max_addr and <= 4 GiB, and every page of
 * [B, B + size) is EFI conventional memory, i.e. free for AllocatePages at this
 * moment (adjacent conventional descriptors count as one range). Among those,
 * the lowest (preference none or lowest) or the highest (preference highest).
 * Returns true and *base, or false with one line in `d` naming `file`: align not a
 * power of two, min_addr > max_addr, a zero size, a malformed map, or no fit. */
bool reloc_choose(const uint8_t *efi_map, uint32_t map_size, uint32_t desc_size,
                  const struct reloc_request *r, const char *file, uint64_t *base,
                  struct diag *d);

#endif
