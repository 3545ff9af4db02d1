/* elf.h - checks an ELF32 i386 kernel image and lists what must be loaded where. */
#ifndef LOADER_ELF_H
#define LOADER_ELF_H

#include <stdbool.h>
#include <stdint.h>
#include "diag.h"

#define ELF_MAX_SEGMENTS 16 /* more PT_LOAD headers than this is refused */
#define ELF_MAX_PHDRS 256   /* "absurdly many" program headers */

struct elf_segment {
    uint32_t paddr;  /* where it must lie physically (p_paddr) */
    uint32_t memsz;  /* bytes in memory; memsz - filesz are zeroed */
    uint32_t filesz; /* bytes copied from the file */
    uint32_t offset; /* of those bytes in the file */
};

struct elf_image {
    uint32_t entry;
    uint32_t nsegs; /* PT_LOAD segments with memsz > 0, sorted by paddr */
    struct elf_segment segs[ELF_MAX_SEGMENTS];
    uint32_t lowest;  /* lowest paddr of any segment */
    uint32_t highest; /* one past the highest byte of any segment */
};

/* Checks `file` (`size` bytes, named `name` in messages) as an ELF32 little-endian
 * EM_386 ET_EXEC image: header, program header table inside the file, each PT_LOAD
 * inside the file with overflow-safe arithmetic, p_filesz <= p_memsz, no overlap,
 * nothing reaching 4 GiB (page 0 is the placement check's to judge), entry inside a loaded segment.
 * Returns true and fills `img`, or false with one line in `d`. */
bool elf_check(const uint8_t *file, uint32_t size, const char *name, struct elf_image *img,
               struct diag *d);

#endif
