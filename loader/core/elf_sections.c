/* elf_sections.c - the section header table and the unloaded sections, for Multiboot2 tag 9. */
#include "elf_sections.h"
#include "elf32.h"

#define SECTION_ALIGN 16u

static uint32_t align16(uint32_t v)
{
    return (v + SECTION_ALIGN - 1) & ~(SECTION_ALIGN - 1);
}

static void read_shdr(const uint8_t *file, const struct elf_sections *s, uint32_t i,
                      struct elf32_shdr *sh)
{
    diag_memcpy(sh, file + s->shoff + i * s->entsize, sizeof *sh);
}

/* A section we copy: in the file, not loaded by a segment, not empty. */
static bool copied(const struct elf32_shdr *sh)
{
    return sh->sh_addr == 0 && sh->sh_type != ELF32_SHT_NOBITS && sh->sh_size > 0;
}

bool elf_sections_plan(const uint8_t *file, uint32_t size, const char *name,
                       struct elf_sections *s, struct diag *d)
{
    struct elf32_ehdr eh;
    diag_memset(s, 0, sizeof *s);
    d->msg[0] = '\0';
    diag_memcpy(&eh, file, sizeof eh);
    if (eh.e_shoff == 0 || eh.e_shnum == 0)
        return true; /* stripped of its table: no tag 9, nothing wrong */
    if (eh.e_shentsize < sizeof(struct elf32_shdr) || eh.e_shnum > ELF_SECTIONS_MAX ||
        eh.e_shoff > size || (uint64_t)eh.e_shnum * eh.e_shentsize > size - eh.e_shoff) {
        diag_set(d, "%s: ELF e_shoff = 0x%x: section header table (%u x %u bytes) not inside "
                    "the file (%u bytes)", name, eh.e_shoff, eh.e_shnum, eh.e_shentsize, size);
        return false;
    }
    s->num = eh.e_shnum;
    s->entsize = eh.e_shentsize;
    s->shndx = eh.e_shstrndx;
    s->shoff = eh.e_shoff;
    uint64_t bytes = align16(s->num * s->entsize);
    for (uint32_t i = 0; i < s->num; i++) {
        struct elf32_shdr sh;
        read_shdr(file, s, i, &sh);
        if (!copied(&sh))
            continue;
        if (sh.sh_offset > size || sh.sh_size > size - sh.sh_offset) {
            diag_set(d, "%s: ELF section %u: sh_offset 0x%x + sh_size 0x%x past end of file "
                        "(%u bytes)", name, i, sh.sh_offset, sh.sh_size, size);
            return false;
        }
        bytes += align16(sh.sh_size); /* each <= size < 4 GiB, at most 4096 of them */
    }
    if (bytes > UINT32_MAX - SECTION_ALIGN) {
        diag_set(d, "%s: ELF sections to copy: 0x%llx bytes", name, (unsigned long long)bytes);
        return false;
    }
    s->bytes = (uint32_t)bytes;
    return true;
}

void elf_sections_copy(const uint8_t *file, const struct elf_sections *s, uint8_t *dst,
                       uint32_t dst_phys)
{
    uint32_t table = s->num * s->entsize;
    uint32_t at = align16(table);
    diag_memcpy(dst, file + s->shoff, table);
    for (uint32_t i = 0; i < s->num; i++) {
        struct elf32_shdr sh;
        read_shdr(file, s, i, &sh);
        if (!copied(&sh))
            continue;
        diag_memcpy(dst + at, file + sh.sh_offset, sh.sh_size);
        uint32_t addr = dst_phys + at;
        diag_memcpy(dst + i * s->entsize + __builtin_offsetof(struct elf32_shdr, sh_addr), &addr,
                    sizeof addr);
        at += align16(sh.sh_size);
    }
}
