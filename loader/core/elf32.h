/* elf32.h - the few ELF32 layouts and constants the loader reads (System V gABI, i386 psABI).
 *
 * The loader is freestanding and cannot use <elf.h>; the host tests build their
 * images with Debian's <elf.h>, which cross-checks these values.
 */
#ifndef LOADER_ELF32_H
#define LOADER_ELF32_H

#include <stdint.h>

#define ELF32_NIDENT 16
#define ELF32_EI_MAG0 0
#define ELF32_EI_CLASS 4
#define ELF32_EI_DATA 5
#define ELF32_EI_VERSION 6
#define ELF32_MAG0 0x7fu
#define ELF32_MAG1 'E'
#define ELF32_MAG2 'L'
#define ELF32_MAG3 'F'
#define ELF32_CLASS32 1u     /* ELFCLASS32 */
#define ELF32_DATA2LSB 1u    /* ELFDATA2LSB: little-endian */
#define ELF32_EV_CURRENT 1u  /* EV_CURRENT */
#define ELF32_ET_EXEC 2u     /* ET_EXEC */
#define ELF32_EM_386 3u      /* EM_386 */
#define ELF32_PT_LOAD 1u     /* PT_LOAD */
#define ELF32_PT_INTERP 3u   /* PT_INTERP: a dynamically linked program, never a kernel */

struct elf32_ehdr {
    uint8_t e_ident[ELF32_NIDENT];
    uint16_t e_type;
    uint16_t e_machine;
    uint32_t e_version;
    uint32_t e_entry;
    uint32_t e_phoff;
    uint32_t e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize;
    uint16_t e_phentsize;
    uint16_t e_phnum;
    uint16_t e_shentsize;
    uint16_t e_shnum;
    uint16_t e_shstrndx;
};
_Static_assert(sizeof(struct elf32_ehdr) == 52, "ELF32 header layout");

struct elf32_phdr {
    uint32_t p_type;
    uint32_t p_offset;
    uint32_t p_vaddr;
    uint32_t p_paddr;
    uint32_t p_filesz;
    uint32_t p_memsz;
    uint32_t p_flags;
    uint32_t p_align;
};
_Static_assert(sizeof(struct elf32_phdr) == 32, "ELF32 program header layout");

#define ELF32_SHT_NOBITS 8u   /* SHT_NOBITS: occupies no file bytes (.bss) */
#define ELF32_SHN_XINDEX 0xffffu /* e_shstrndx is in section 0's sh_link */

struct elf32_shdr {
    uint32_t sh_name;
    uint32_t sh_type;
    uint32_t sh_flags;
    uint32_t sh_addr;
    uint32_t sh_offset;
    uint32_t sh_size;
    uint32_t sh_link;
    uint32_t sh_info;
    uint32_t sh_addralign;
    uint32_t sh_entsize;
};
_Static_assert(sizeof(struct elf32_shdr) == 40, "ELF32 section header layout");

#endif
