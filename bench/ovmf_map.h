/* ovmf_map.h - a synthetic OVMF-like EFI memory map of 3 GiB RAM, for the host benchmarks. */
#ifndef BENCH_OVMF_MAP_H
#define BENCH_OVMF_MAP_H

#include <stdint.h>
#include "kernel/mm/memmap.h"

#define BENCH_RAM_BYTES (3ull << 30)
#define BENCH_DESC_SIZE 48u          /* OVMF's stride: step by it, not by sizeof */
#define BENCH_KERNEL_BASE 0x100000u  /* where our kernel image sits (1 MiB) */
#define BENCH_KERNEL_BYTES 0x20000u

/* Writes about 120 descriptors, `BENCH_DESC_SIZE` apart and in a fixed shuffled
 * order (firmware maps are not guaranteed sorted), covering RAM [0, 3 GiB) the way
 * OVMF lays it out: low conventional memory, NVS work areas, one large conventional
 * block, then many small boot-services, loader, runtime and ACPI pieces near the top,
 * plus MMIO above RAM. Returns the map size in bytes (0 if `cap` is too small). */
uint32_t ovmf_map_build(uint8_t *buf, uint32_t cap);

/* The regions mm_init would hand the frame allocator for that map: built from it
 * with memmap_from_efi, minus frame 0 and the kernel image. Aborts on failure. */
void ovmf_regions(struct memmap *m);

#endif
