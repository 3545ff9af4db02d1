/* elf.c - checks an ELF32 i386 kernel image and lists the segments to load. */
#include "elf.h"
#include "elf32.h"

#define ADDR_LIMIT (1ull << 32) /* a 32-bit kernel cannot reach 4 GiB */

/* One PT_LOAD as we keep it while checking: vaddr is only needed for e_entry. */
struct load {
    struct elf_segment seg;
    uint32_t vaddr;
};

/* Headers are copied out rather than cast: the file buffer and e_phoff carry no
 * alignment promise. */
static void read_ehdr(const uint8_t *file, struct elf32_ehdr *eh)
{
    diag_memcpy(eh, file, sizeof *eh);
}

static bool check_ident(const struct elf32_ehdr *eh, const char *name, struct diag *d)
{
    const uint8_t *id = eh->e_ident;
    if (id[ELF32_EI_MAG0] != ELF32_MAG0 || id[1] != ELF32_MAG1 || id[2] != ELF32_MAG2 ||
        id[3] != ELF32_MAG3) {
        diag_set(d, "%s: ELF magic = %02x %02x %02x %02x: not 7f 45 4c 46 (not an ELF file)",
                 name, id[0], id[1], id[2], id[3]);
        return false;
    }
    if (id[ELF32_EI_CLASS] != ELF32_CLASS32) {
        diag_set(d, "%s: ELF EI_CLASS = %u: not ELFCLASS32 (1)", name, id[ELF32_EI_CLASS]);
        return false;
    }
    if (id[ELF32_EI_DATA] != ELF32_DATA2LSB) {
        diag_set(d, "%s: ELF EI_DATA = %u: not ELFDATA2LSB (1, little-endian)", name,
                 id[ELF32_EI_DATA]);
        return false;
    }
    if (id[ELF32_EI_VERSION] != ELF32_EV_CURRENT) {
        diag_set(d, "%s: ELF EI_VERSION = %u: not EV_CURRENT (1)", name,
                 id[ELF32_EI_VERSION]);
        return false;
    }
    return true;
}

static bool check_header(const struct elf32_ehdr *eh, uint32_t size, const char *name,
                         struct diag *d)
{
    if (eh->e_version != ELF32_EV_CURRENT) {
        diag_set(d, "%s: ELF e_version = %u: not EV_CURRENT (1)", name, eh->e_version);
        return false;
    }
    if (eh->e_machine != ELF32_EM_386) {
        diag_set(d, "%s: ELF e_machine = %u: not EM_386 (3)", name, eh->e_machine);
        return false;
    }
    if (eh->e_type != ELF32_ET_EXEC) {
        diag_set(d, "%s: ELF e_type = %u: not ET_EXEC (2)", name, eh->e_type);
        return false;
    }
    if (eh->e_ehsize < sizeof(struct elf32_ehdr) || eh->e_ehsize > size) {
        diag_set(d, "%s: ELF e_ehsize = %u: not between %u and the file size %u", name,
                 eh->e_ehsize, (unsigned)sizeof(struct elf32_ehdr), size);
        return false;
    }
    if (eh->e_phnum > ELF_MAX_PHDRS) {
        diag_set(d, "%s: ELF e_phnum = %u: more than %u program headers", name, eh->e_phnum,
                 ELF_MAX_PHDRS);
        return false;
    }
    if (eh->e_phnum == 0) {
        diag_set(d, "%s: ELF e_phnum = 0: no program headers, nothing to load", name);
        return false;
    }
    if (eh->e_phentsize < sizeof(struct elf32_phdr)) {
        diag_set(d, "%s: ELF e_phentsize = %u: smaller than an ELF32 program header (%u)",
                 name, eh->e_phentsize, (unsigned)sizeof(struct elf32_phdr));
        return false;
    }
    /* 64-bit arithmetic: e_phoff near 2^32 must not wrap into the file. */
    uint64_t table_end = (uint64_t)eh->e_phoff + (uint64_t)eh->e_phnum * eh->e_phentsize;
    if (eh->e_phoff < sizeof(struct elf32_ehdr) || table_end > size) {
        diag_set(d,
                 "%s: ELF e_phoff = 0x%x: program header table (%u x %u bytes) not inside "
                 "the file after the header (%u bytes)",
                 name, eh->e_phoff, eh->e_phnum, eh->e_phentsize, size);
        return false;
    }
    return true;
}

/* Checks one PT_LOAD with memsz > 0 against the file and the physical address space. */
static bool check_load(const struct elf32_phdr *ph, uint32_t i, uint32_t size,
                       const char *name, struct diag *d)
{
    if (ph->p_offset + ph->p_filesz < ph->p_offset) {
        diag_set(d, "%s: ELF phdr %u: p_offset 0x%x + p_filesz 0x%x wraps 32 bits", name, i,
                 ph->p_offset, ph->p_filesz);
        return false;
    }
    if (ph->p_offset + ph->p_filesz > size) {
        diag_set(d, "%s: ELF phdr %u: p_offset 0x%x + p_filesz 0x%x past end of file (%u bytes)",
                 name, i, ph->p_offset, ph->p_filesz, size);
        return false;
    }
    /* A segment in page 0 (real kernels put their GDT and TSS there) is no defect:
     * the placement check refuses it only where the map has no free RAM. */
    uint64_t end = (uint64_t)ph->p_paddr + ph->p_memsz;
    if (end >= ADDR_LIMIT) {
        diag_set(d, "%s: ELF phdr %u: p_paddr 0x%x + p_memsz 0x%x = 0x%llx: reaches 4 GiB", name,
                 i, ph->p_paddr, ph->p_memsz, (unsigned long long)end);
        return false;
    }
    return true;
}

/* Collects the PT_LOAD segments worth loading into `out`, sets *n. */
static bool collect(const uint8_t *file, uint32_t size, const struct elf32_ehdr *eh,
                    const char *name, struct load *out, uint32_t *n, struct diag *d)
{
    *n = 0;
    for (uint32_t i = 0; i < eh->e_phnum; i++) {
        struct elf32_phdr ph;
        diag_memcpy(&ph, file + eh->e_phoff + i * eh->e_phentsize, sizeof ph);
        if (ph.p_type == ELF32_PT_INTERP) {
            diag_set(d, "%s: ELF phdr %u: p_type = PT_INTERP (3): a dynamically linked "
                        "program, not a static kernel", name, i);
            return false;
        }
        if (ph.p_type != ELF32_PT_LOAD)
            continue;
        if (ph.p_filesz > ph.p_memsz) {
            diag_set(d, "%s: ELF phdr %u: p_filesz 0x%x > p_memsz 0x%x", name, i, ph.p_filesz,
                     ph.p_memsz);
            return false;
        }
        if (ph.p_memsz == 0) /* occupies nothing; linkers emit these harmlessly */
            continue;
        if (!check_load(&ph, i, size, name, d))
            return false;
        if (*n == ELF_MAX_SEGMENTS) {
            diag_set(d, "%s: ELF: more than %u PT_LOAD segments (phdr %u)", name,
                     ELF_MAX_SEGMENTS, i);
            return false;
        }
        out[*n].seg = (struct elf_segment){ ph.p_paddr, ph.p_memsz, ph.p_filesz, ph.p_offset };
        out[*n].vaddr = ph.p_vaddr;
        (*n)++;
    }
    if (*n == 0) {
        diag_set(d, "%s: ELF: no PT_LOAD segment with p_memsz > 0 among %u program headers",
                 name, eh->e_phnum);
        return false;
    }
    return true;
}

/* Insertion sort by paddr: at most ELF_MAX_SEGMENTS entries. */
static void sort_by_paddr(struct load *l, uint32_t n)
{
    for (uint32_t i = 1; i < n; i++) {
        struct load key = l[i];
        uint32_t j = i;
        for (; j > 0 && l[j - 1].seg.paddr > key.seg.paddr; j--)
            l[j] = l[j - 1];
        l[j] = key;
    }
}

static bool check_overlap(const struct load *l, uint32_t n, const char *name, struct diag *d)
{
    for (uint32_t i = 1; i < n; i++) {
        const struct elf_segment *a = &l[i - 1].seg, *b = &l[i].seg;
        if ((uint64_t)a->paddr + a->memsz > b->paddr) {
            diag_set(d,
                     "%s: ELF: PT_LOAD at p_paddr 0x%x (p_memsz 0x%x) overlaps PT_LOAD at "
                     "p_paddr 0x%x",
                     name, a->paddr, a->memsz, b->paddr);
            return false;
        }
    }
    return true;
}

/* The entry is a virtual address; the kernel starts with paging off, so it is
 * translated through the segment holding it to the physical address we jump to.
 * It must lie in bytes that come from the file: the zero-filled tail is no code. */
static bool find_entry(const struct load *l, uint32_t n, uint32_t entry, const char *name,
                       uint32_t *phys, struct diag *d)
{
    for (uint32_t i = 0; i < n; i++) {
        uint64_t off = (uint64_t)entry - l[i].vaddr;
        if (entry < l[i].vaddr || off >= l[i].seg.memsz)
            continue;
        if (off >= l[i].seg.filesz) {
            diag_set(d, "%s: ELF e_entry = 0x%x: in the zero-filled part of the PT_LOAD at "
                        "p_vaddr 0x%x", name, entry, l[i].vaddr);
            return false;
        }
        *phys = l[i].seg.paddr + (uint32_t)off;
        return true;
    }
    diag_set(d, "%s: ELF e_entry = 0x%x: not inside any PT_LOAD segment", name, entry);
    return false;
}

bool elf_check(const uint8_t *file, uint32_t size, const char *name, struct elf_image *img,
               struct diag *d)
{
    struct elf32_ehdr eh;
    struct load loads[ELF_MAX_SEGMENTS];
    uint32_t n, entry;

    d->msg[0] = '\0';
    if (size < sizeof eh) {
        diag_set(d, "%s: file size = %u: shorter than an ELF32 header (%u bytes)", name, size,
                 (unsigned)sizeof eh);
        return false;
    }
    read_ehdr(file, &eh);
    if (!check_ident(&eh, name, d) || !check_header(&eh, size, name, d) ||
        !collect(file, size, &eh, name, loads, &n, d))
        return false;
    sort_by_paddr(loads, n);
    if (!check_overlap(loads, n, name, d) || !find_entry(loads, n, eh.e_entry, name, &entry, d))
        return false;

    diag_memset(img, 0, sizeof *img);
    img->entry = entry;
    img->nsegs = n;
    for (uint32_t i = 0; i < n; i++)
        img->segs[i] = loads[i].seg;
    img->lowest = loads[0].seg.paddr;
    img->highest = loads[n - 1].seg.paddr + loads[n - 1].seg.memsz; /* < 4 GiB, checked */
    return true;
}
