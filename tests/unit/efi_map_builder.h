/* efi_map_builder.h - an OVMF-shaped raw EFI memory map built one descriptor at a time,
 * for the loader's placement and relocation tests. Descriptors are 48 bytes apart, as
 * OVMF reports them (more than sizeof(struct efi_mem_desc)), with junk in the tail. */
#ifndef TESTS_UNIT_EFI_MAP_BUILDER_H
#define TESTS_UNIT_EFI_MAP_BUILDER_H

#include <stdint.h>
#include <string.h>

#include "shared/bootinfo.h"

#define DESC_SIZE 48u
#define MAX_DESCS 16u
#define PAGES(bytes) ((bytes) / EFI_PAGE_SIZE)

static uint8_t map[MAX_DESCS * DESC_SIZE];
static uint32_t map_size;

/* Appends [base, base + bytes), write-back cacheable. */
static inline void add(uint32_t type, uint64_t base, uint64_t bytes)
{
    struct efi_mem_desc m = { .type = type, .phys_start = base, .num_pages = PAGES(bytes),
                              .attribute = EFI_MEMORY_WB };
    memset(map + map_size, 0xA5, DESC_SIZE); /* the unused tail holds junk on real firmware */
    memcpy(map + map_size, &m, sizeof m);
    map_size += DESC_SIZE;
}

#endif
