/* fuzz_elf.c - libFuzzer harness: elf_check on arbitrary bytes, asserting what acceptance promises. */
#include <stdlib.h>
#include <stddef.h>
#include <stdint.h>

#include "loader/core/elf.h"
#include "loader/core/elf_sections.h"

/* An accepted image must describe loads the loader can copy blindly. */
static void check_promises(const struct elf_image *img, uint32_t size)
{
    if (img->nsegs == 0 || img->nsegs > ELF_MAX_SEGMENTS)
        abort();
    uint64_t prev_end = 0;
    int entry_found = 0;
    for (uint32_t i = 0; i < img->nsegs; i++) {
        const struct elf_segment *s = &img->segs[i];
        uint64_t end = (uint64_t)s->paddr + s->memsz;
        if (s->memsz == 0 || s->filesz > s->memsz || (uint64_t)s->offset + s->filesz > size ||
            end > UINT32_MAX || s->paddr < prev_end) /* page 0 may load (placement decides) */
            abort();
        if (img->entry >= s->paddr && img->entry < s->paddr + s->filesz)
            entry_found = 1;
        prev_end = end;
    }
    if (!entry_found || img->lowest != img->segs[0].paddr || img->highest != prev_end)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct elf_image img;
    struct diag d;
    if (size > UINT32_MAX)
        return 0;
    if (!elf_check(data, (uint32_t)size, "\\kernel.elf", &img, &d)) {
        if (d.msg[0] == '\0')
            abort(); /* a refusal always says why */
        return 0;
    }
    check_promises(&img, (uint32_t)size);
    /* Tag 9's source: a plan that passes is copied without reading outside the file. */
    struct elf_sections s;
    if (!elf_sections_plan(data, (uint32_t)size, "\\kernel.elf", &s, &d)) {
        if (d.msg[0] == '\0')
            abort();
        return 0;
    }
    if (s.bytes) {
        uint8_t *dst = malloc(s.bytes);
        if (!dst)
            return 0;
        elf_sections_copy(data, &s, dst, 0x100000);
        free(dst);
    }
    return 0;
}
