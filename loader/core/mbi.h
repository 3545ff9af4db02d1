/* mbi.h - builds the Multiboot2 boot information in a buffer the loader owns. */
#ifndef LOADER_MBI_H
#define LOADER_MBI_H

#include <stdbool.h>
#include <stdint.h>
#include "../../shared/bootinfo.h"

struct mbi_builder {
    uint8_t *buf;
    uint32_t cap;
    uint32_t len;
    bool overflow; /* set once anything did not fit; mbi_end then fails */
};

/* `buf` must be 8-byte aligned. */
void mbi_begin(struct mbi_builder *b, void *buf, uint32_t cap);
/* Appends a zeroed tag of `size` bytes (head included), 8-byte aligned; returns it
 * with type and size filled, or NULL on overflow. */
void *mbi_add_tag(struct mbi_builder *b, uint32_t type, uint32_t size);
bool mbi_add_string(struct mbi_builder *b, uint32_t type, const char *s);
bool mbi_add_module(struct mbi_builder *b, uint32_t start, uint32_t end, const char *s);
bool mbi_add_meminfo(struct mbi_builder *b, uint32_t lower_kib, uint32_t upper_kib);
bool mbi_add_mmap(struct mbi_builder *b, const struct mb2_mmap_entry *e, uint32_t n);
bool mbi_add_efi_mmap(struct mbi_builder *b, const void *map, uint32_t map_size,
                      uint32_t desc_size, uint32_t desc_version);
bool mbi_add_framebuffer(struct mbi_builder *b, const struct mb2_tag_framebuffer *fb);
bool mbi_add_efi32(struct mbi_builder *b, uint32_t system_table);
bool mbi_add_efi64(struct mbi_builder *b, uint64_t system_table);
bool mbi_add_acpi(struct mbi_builder *b, uint32_t type, const void *rsdp, uint32_t len);
/* Tag 9: `num` section headers of `entsize` bytes each, copied from `table`. */
bool mbi_add_elf_sections(struct mbi_builder *b, uint32_t num, uint32_t entsize,
                          uint32_t shndx, const void *table);
bool mbi_add_load_base(struct mbi_builder *b, uint32_t base);
/* Appends the end tag and writes total_size. Returns the total, or 0 on overflow. */
uint32_t mbi_end(struct mbi_builder *b);

#endif
