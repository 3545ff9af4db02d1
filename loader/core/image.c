/* image.c - a flat load (Multiboot2's address tag, Multiboot 1's address fields) and
 * the entry address, checked like ELF segments. */
#include "image.h"

#define ADDR_LIMIT (1ull << 32)     /* a 32-bit kernel cannot reach 4 GiB */
#define LOAD_FROM_START 0xFFFFFFFFu /* load_addr: "load the file from its beginning" */
#define MB2_ADDRESS_WHAT "Multiboot2 address tag"
#define MB2_ENTRY_WHAT "Multiboot2 entry address tag"

/* `what` names the entry field in messages. */
static bool entry_check(const struct elf_image *img, uint32_t entry, const char *what,
                        const char *name, struct diag *d)
{
    for (uint32_t i = 0; i < img->nsegs; i++) {
        const struct elf_segment *s = &img->segs[i];
        if (entry - s->paddr >= s->memsz)
            continue;
        if (entry - s->paddr < s->filesz)
            return true;
        diag_set(d,
                 "%s: %s = 0x%x: in the zero-filled part of the "
                 "segment at 0x%x (bytes from the file end at 0x%x)",
                 name, what, entry, s->paddr, s->paddr + s->filesz);
        return false;
    }
    diag_set(d, "%s: %s = 0x%x: not in a loaded segment", name, what, entry);
    return false;
}

/* Where in the file the load starts, from the header's own position. */
static bool load_offset(const struct flat_load *f, const char *name, uint32_t *load, uint32_t *off,
                        struct diag *d)
{
    if (f->from_start_marker && f->load_addr == LOAD_FROM_START) {
        if (f->header_addr < f->offset) {
            diag_set(d,
                     "%s: %s: header_addr = 0x%x: below the header's "
                     "file offset 0x%x (load_addr = -1: load from the start)",
                     name, f->what, f->header_addr, f->offset);
            return false;
        }
        *load = f->header_addr - f->offset;
        *off = 0;
        return true;
    }
    if (f->load_addr > f->header_addr) {
        diag_set(d, "%s: %s: load_addr = 0x%x is above header_addr = 0x%x", name, f->what,
                 f->load_addr, f->header_addr);
        return false;
    }
    if (f->header_addr - f->load_addr > f->offset) {
        diag_set(d,
                 "%s: %s: header_addr - load_addr = 0x%x: more than the "
                 "header's file offset 0x%x (the load would start before the file)",
                 name, f->what, f->header_addr - f->load_addr, f->offset);
        return false;
    }
    *load = f->load_addr;
    *off = f->offset - (f->header_addr - f->load_addr);
    return true;
}

bool image_flat(uint32_t file_size, const struct flat_load *f, const char *name,
                struct elf_image *img, struct diag *d)
{
    uint32_t load, off;
    d->msg[0] = '\0';
    if (!load_offset(f, name, &load, &off, d))
        return false;
    uint32_t filesz = file_size - off; /* off <= f->offset < file_size */
    if (f->load_end_addr) {
        if (f->load_end_addr < load || f->load_end_addr - load > filesz) {
            diag_set(d,
                     "%s: %s: load_end_addr = 0x%x: not between load "
                     "0x%x and the end of the file (0x%x bytes from offset 0x%x)",
                     name, f->what, f->load_end_addr, load, filesz, off);
            return false;
        }
        filesz = f->load_end_addr - load;
    }
    uint32_t memsz = filesz;
    if (f->bss_end_addr) {
        if (f->bss_end_addr < load + filesz) {
            diag_set(d,
                     "%s: %s: bss_end_addr = 0x%x is below the loaded "
                     "end 0x%x",
                     name, f->what, f->bss_end_addr, load + filesz);
            return false;
        }
        memsz = f->bss_end_addr - load;
    }
    if (memsz == 0 || (uint64_t)load + memsz >= ADDR_LIMIT) {
        diag_set(d, "%s: %s: load 0x%x + 0x%x bytes: empty or reaches 4 GiB", name, f->what, load,
                 memsz);
        return false;
    }
    diag_memset(img, 0, sizeof *img);
    img->nsegs = 1;
    img->segs[0] = (struct elf_segment){load, memsz, filesz, off};
    img->entry = f->entry;
    img->lowest = load;
    img->highest = load + memsz;
    return entry_check(img, f->entry, f->entry_what, name, d);
}

bool image_from_address_tag(uint32_t file_size, const struct mb2h_info *h, const char *name,
                            struct elf_image *img, struct diag *d)
{
    d->msg[0] = '\0';
    if (!h->has_entry) {
        diag_set(d,
                 "%s: Multiboot2 address tag (a.out kludge) without an entry address tag "
                 "(type 3): no entry point to jump to",
                 name);
        return false;
    }
    struct flat_load f = {
        .what = MB2_ADDRESS_WHAT,
        .entry_what = MB2_ENTRY_WHAT,
        .offset = h->offset,
        .header_addr = h->header_addr,
        .load_addr = h->load_addr,
        .load_end_addr = h->load_end_addr,
        .bss_end_addr = h->bss_end_addr,
        .entry = h->entry,
        .from_start_marker = true,
    };
    return image_flat(file_size, &f, name, img, d);
}

bool image_entry_check(const struct elf_image *img, uint32_t entry, const char *name,
                       struct diag *d)
{
    return entry_check(img, entry, MB2_ENTRY_WHAT, name, d);
}
