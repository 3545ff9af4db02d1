/* elf_sections.h - the kernel's ELF section headers for tag 9, and the sections they
 * name that were not loaded (symbols, strings), copied where the kernel can read them. */
#ifndef LOADER_ELF_SECTIONS_H
#define LOADER_ELF_SECTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include "diag.h"

#define ELF_SECTIONS_MAX 4096u /* more section headers than this is refused */

struct elf_sections {
    uint32_t num, entsize, shndx; /* as tag 9 gives them; num 0: no table */
    uint32_t shoff;               /* of the table in the file */
    uint32_t bytes;               /* what elf_sections_copy writes: table + copied sections */
};

/* Reads e_shoff, e_shnum, e_shentsize, e_shstrndx of the ELF `file` (already passed by
 * elf_check) and checks the table and every section it would copy lie inside the file.
 * A file without section headers gives num 0. False with one line in `d`. */
bool elf_sections_plan(const uint8_t *file, uint32_t size, const char *name,
                       struct elf_sections *s, struct diag *d);

/* Writes the section header table to `dst` (which lies at physical `dst_phys`), then,
 * 16-byte aligned, every section with sh_addr 0, file bytes (not NOBITS) and a size,
 * setting sh_addr in the copied header to where its bytes now lie, as GRUB does. */
void elf_sections_copy(const uint8_t *file, const struct elf_sections *s, uint8_t *dst,
                       uint32_t dst_phys);

#endif
