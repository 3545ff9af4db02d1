/* mb1_info.h - builds the Multiboot 1 information structure in a buffer the loader owns. */
#ifndef LOADER_MB1_INFO_H
#define LOADER_MB1_INFO_H

#include <stdbool.h>
#include <stdint.h>
#include "../../shared/bootinfo.h"
#include "../../shared/multiboot1.h"

/* The buffer holds the structure first, then what it points to, in the order added:
 *   [ mb1_info | strings | module array, module strings | memory map ]
 * Pointers in it are physical: `phys` is where the buffer lies (below 4 GiB). The
 * builder is a value: copy it after the parts known before ExitBootServices and
 * add the memory map to a copy on each try, as main.c does with Multiboot2's. */
struct mb1_builder {
    uint8_t *buf;
    uint32_t phys, cap, len;
    uint32_t mods_off, mods_cap; /* the module array, once reserved */
    bool overflow;               /* set once anything did not fit; mb1i_end then fails */
};

/* `buf` must be 4-byte aligned. Starts with a zeroed structure, flags 0. */
void mb1i_begin(struct mb1_builder *b, void *buf, uint32_t phys, uint32_t cap);
/* flags bit 2 */
bool mb1i_cmdline(struct mb1_builder *b, const char *s);
/* flags bit 9 */
bool mb1i_loader_name(struct mb1_builder *b, const char *s);
/* flags bit 3: room for `n` modules, added then by mb1i_add_module in order; with
 * n = 0, nothing (the flag stays clear, as under GRUB). */
bool mb1i_mods(struct mb1_builder *b, uint32_t n);
bool mb1i_add_module(struct mb1_builder *b, uint32_t start, uint32_t end, const char *s);
/* flags bit 5: the section header table elf_sections_copy wrote at `table_phys`. */
void mb1i_elf_sections(struct mb1_builder *b, uint32_t num, uint32_t entsize, uint32_t shndx,
                       uint32_t table_phys);
/* flags bit 12, from the framebuffer the Multiboot2 tag would carry: RGB only (GOP
 * has no other kind); false, with nothing set, otherwise. */
bool mb1i_framebuffer(struct mb1_builder *b, const struct mb2_tag_framebuffer *fb);
/* flags bit 0 */
void mb1i_meminfo(struct mb1_builder *b, uint32_t lower_kib, uint32_t upper_kib);
/* flags bit 6: the sanitized map (mmap_from_efi, the same entries as tag 6) as
 * size-prefixed entries, 20-byte bodies. */
bool mb1i_mmap(struct mb1_builder *b, const struct mb2_mmap_entry *e, uint32_t n);
/* The bytes used (structure and everything after it), or 0 after an overflow. */
uint32_t mb1i_end(const struct mb1_builder *b);

#endif
