/* elf_builder.h - builds small ELF32 i386 images in memory for the loader's host tests.
 *
 * Uses the host's <elf.h> on purpose: the loader defines its own constants, and
 * images built from the system's definitions cross-check them.
 */
#ifndef TESTS_UNIT_ELF_BUILDER_H
#define TESTS_UNIT_ELF_BUILDER_H

#include <elf.h>
#include <stdint.h>
#include <string.h>

#define EB_CAP 0x4000u        /* bytes of image the builder can hold */
#define EB_PHOFF 0x34u        /* program headers right after the ELF header */
#define EB_MAX_PH 64u         /* room reserved for program headers */
#define EB_DATA 0x1000u       /* first byte of segment data */
_Static_assert(EB_PHOFF + EB_MAX_PH * sizeof(Elf32_Phdr) <= EB_DATA, "phdr room overlaps data");

struct elf_builder {
    _Alignas(8) uint8_t buf[EB_CAP];
    uint32_t size; /* bytes of the image that count as the file */
};

static inline Elf32_Ehdr *eb_ehdr(struct elf_builder *b)
{
    return (Elf32_Ehdr *)b->buf;
}

static inline Elf32_Phdr *eb_phdr(struct elf_builder *b, unsigned i)
{
    return (Elf32_Phdr *)(b->buf + EB_PHOFF + i * sizeof(Elf32_Phdr));
}

/* A valid header with no program headers yet; the file ends after the table room. */
static inline void eb_init(struct elf_builder *b, uint32_t entry)
{
    memset(b, 0, sizeof *b);
    Elf32_Ehdr *eh = eb_ehdr(b);
    memcpy(eh->e_ident, ELFMAG, SELFMAG);
    eh->e_ident[EI_CLASS] = ELFCLASS32;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_ident[EI_VERSION] = EV_CURRENT;
    eh->e_type = ET_EXEC;
    eh->e_machine = EM_386;
    eh->e_version = EV_CURRENT;
    eh->e_entry = entry;
    eh->e_phoff = EB_PHOFF;
    eh->e_ehsize = sizeof(Elf32_Ehdr);
    eh->e_phentsize = sizeof(Elf32_Phdr);
    b->size = EB_DATA;
}

/* Appends a program header; grows the file to hold offset + filesz when it fits. */
static inline Elf32_Phdr *eb_add(struct elf_builder *b, uint32_t type, uint32_t offset,
                                 uint32_t vaddr, uint32_t paddr, uint32_t filesz,
                                 uint32_t memsz)
{
    Elf32_Ehdr *eh = eb_ehdr(b);
    Elf32_Phdr *ph = eb_phdr(b, eh->e_phnum++);
    *ph = (Elf32_Phdr){ .p_type = type, .p_offset = offset, .p_vaddr = vaddr,
                        .p_paddr = paddr, .p_filesz = filesz, .p_memsz = memsz,
                        .p_flags = PF_R | PF_X, .p_align = 0x1000 };
    uint64_t end = (uint64_t)offset + filesz;
    if (end > b->size && end <= EB_CAP)
        b->size = (uint32_t)end;
    return ph;
}

/* A PT_LOAD whose virtual and physical addresses agree, as in our kernels. */
static inline Elf32_Phdr *eb_load(struct elf_builder *b, uint32_t offset, uint32_t paddr,
                                  uint32_t filesz, uint32_t memsz)
{
    return eb_add(b, PT_LOAD, offset, paddr, paddr, filesz, memsz);
}

#endif
