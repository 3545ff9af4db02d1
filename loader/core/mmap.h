/* mmap.h - turns the firmware's memory map into the Multiboot2 memory map (tag 6). */
#ifndef LOADER_MMAP_H
#define LOADER_MMAP_H

#include <stdbool.h>
#include <stdint.h>
#include "../../shared/bootinfo.h"
#include "diag.h"

#define MMAP_MAX_DESC 1024u /* descriptors accepted from the firmware */

/* Scratch for the sort: one edge where a descriptor starts, one where it ends.
 * The caller provides it (the loader from its handoff allocation). */
struct mmap_edge {
    uint64_t pos;
    int32_t delta; /* +1 start, -1 end */
    uint32_t rank; /* how reserved the descriptor's type is */
};
#define MMAP_SCRATCH_EDGES(ndesc) (2u * (ndesc))

/* Builds a sorted, non-overlapping, merged Multiboot2 map from the EFI map
 * (`map_size` bytes of descriptors, `desc_size` apart). Boot-services and loader
 * memory and conventional memory are reported available; where descriptors
 * overlap, the more reserved type wins (reserved > NVS > bad RAM > ACPI
 * reclaimable > available; mmap.c says why); zero-length entries are dropped.
 * Writes at most `cap` entries to `out`, sets *n. Returns false with one line in
 * `d` for a bad descriptor size, a map size not a multiple of it, an empty map,
 * more than MMAP_MAX_DESC descriptors, scratch for fewer than
 * MMAP_SCRATCH_EDGES(descriptors) edges, a descriptor whose length overflows
 * 64 bits, or too many entries for `cap`. */
bool mmap_from_efi(const uint8_t *efi_map, uint32_t map_size, uint32_t desc_size,
                   struct mb2_mmap_entry *out, uint32_t cap, uint32_t *n,
                   struct mmap_edge *scratch, uint32_t scratch_cap, struct diag *d);

/* Multiboot2 type for one EFI memory type. */
uint32_t mmap_type_of_efi(uint32_t efi_type);

/* Gives [base, base + len) the Multiboot2 `type` in a sorted, non-overlapping map of
 * *n entries (what mmap_from_efi makes): entries the range cuts are split, a hole
 * inside the range is filled, every other byte keeps its type, and the result is
 * sorted and merged again (touching entries of one type become one). Used to
 * report modules as reserved. A zero `len` changes nothing. Returns false, with
 * the map untouched, when the range wraps 64 bits or the result would need more
 * than `cap` entries (it needs at most two more than before). */
bool mmap_carve(struct mb2_mmap_entry *e, uint32_t *n, uint32_t cap, uint64_t base,
                uint64_t len, uint32_t type);

/* mem_lower / mem_upper in KiB from a sanitized map (tag 4). */
void mmap_basic_meminfo(const struct mb2_mmap_entry *e, uint32_t n, uint32_t *lower_kib,
                        uint32_t *upper_kib);

#endif
