/* efi_span.h - EFI memory descriptors reduced to type and [base, end), and the
 * coverage walk shared by the placement checks (placement.c) and the relocation
 * search (relocate.c). Pure C, host-tested through both. */
#ifndef LOADER_EFI_SPAN_H
#define LOADER_EFI_SPAN_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"

#define EFI_SPAN_NONE UINT64_MAX /* "every byte covered" from efi_span_first_uncovered */

/* end is exclusive and saturates at UINT64_MAX: a hostile map must not wrap. */
struct efi_span {
    uint32_t type;
    uint64_t base, end;
};

/* A map of whole descriptors, each at least the specification's struct; false
 * with a message naming both sizes otherwise. */
bool efi_span_map_valid(uint32_t map_size, uint32_t desc_size, const char *file, struct diag *d);

/* Descriptor i of a map whose descriptors are desc_size bytes apart (never sizeof). */
struct efi_span efi_span_at(const uint8_t *map, uint32_t desc_size, uint32_t i);

/* Lowest address in [base, end) that no descriptor of a type `wanted` accepts
 * covers, or EFI_SPAN_NONE. The map is unsorted and a range may span touching
 * descriptors, so the covered prefix grows by whichever wanted descriptor holding
 * its end reaches furthest: O(n) per descriptor crossed. */
uint64_t efi_span_first_uncovered(const uint8_t *map, uint32_t n, uint32_t desc_size,
                                  uint64_t base, uint64_t end, bool (*wanted)(uint32_t type));

#endif
