/* memmap.h - physical memory as sorted, merged regions, built from the EFI map.
 *
 * Policy (memblock-like): everything starts reserved; only RAM the map calls usable
 * AND write-back cacheable is added as free; then reservations (frame 0, kernel,
 * boot information, stack, structures the kernel allocates) are carved out again.
 * Everything is clipped at 4 GiB and what lies above is counted, not used. */
#ifndef KERNEL_MM_MEMMAP_H
#define KERNEL_MM_MEMMAP_H

#include <stdbool.h>
#include <stdint.h>

#define MEMMAP_MAX_REGIONS 512
#define MEMMAP_MAX_DESCS 8192 /* input descriptors (real firmware gives a few hundred) */

struct region {
    uint64_t base; /* page aligned */
    uint64_t end;  /* exclusive, page aligned, <= 4 GiB */
};

struct memmap {
    struct region ram[MEMMAP_MAX_REGIONS];  /* all RAM below 4 GiB (usable + reserved RAM), merged: what paging maps */
    uint32_t nram;
    struct region free[MEMMAP_MAX_REGIONS]; /* usable minus reservations, merged */
    uint32_t nfree;
    uint32_t efi_entries;
    uint64_t usable_bytes;            /* usable below 4 GiB before reservations */
    uint64_t reserved_bytes;          /* RAM-ish below 4 GiB that is not usable */
    uint64_t dropped_above_4g_bytes;  /* usable memory the map lists above 4 GiB */
};

/* Builds `m` from a raw EFI memory map (`size` bytes, descriptors `desc_size`
 * apart, desc_size >= 40 and a multiple of 8). Returns false with a one-line reason
 * in `err` (size `errlen`) for a malformed map, more than MEMMAP_MAX_DESCS
 * descriptors, more than MEMMAP_MAX_REGIONS regions after merging, or a map with
 * no usable memory below 4 GiB. O(n log n) in descriptors. Not reentrant (one
 * static sort buffer). */
bool memmap_from_efi(struct memmap *m, const uint8_t *map, uint32_t size, uint32_t desc_size,
                     char *err, uint32_t errlen);

/* Same from a Multiboot2 memory map (tag 6 entries, entry_size >= 24 and a multiple
 * of 8), for loaders without tag 17: type 1 is free, 3 and 4 are RAM. */
bool memmap_from_mb2(struct memmap *m, const uint8_t *entries, uint32_t size,
                     uint32_t entry_size, char *err, uint32_t errlen);

/* Removes [base, base+len) from the free regions (page-rounded outward). `ram` is
 * untouched: reserved RAM is still mapped. If a split would need more than
 * MEMMAP_MAX_REGIONS regions, the smaller piece is dropped from free (memory is
 * lost, never handed out twice). */
void memmap_reserve(struct memmap *m, uint64_t base, uint64_t len);

/* Finds `len` bytes (rounded up to pages) of free memory, lowest first, and
 * reserves it. Returns the base, or 0 when none is left or len is 0 (page 0 is
 * never handed out, even before mm_init reserves it). */
uint64_t memmap_alloc(struct memmap *m, uint64_t len);

#endif
