/* image.c - the a.out kludge's flat load and the entry address tag, checked like ELF segments. */
#include "image.h"

#define PAGE0_END 0x1000ull      /* nothing may load into page 0: it stays unmapped */
#define ADDR_LIMIT (1ull << 32)  /* a 32-bit kernel cannot reach 4 GiB */
#define LOAD_FROM_START 0xFFFFFFFFu /* load_addr: "load the file from its beginning" */

/* Where in the file the load starts, from the header's own position. */
static bool load_offset(const struct mb2h_info *h, const char *name, uint32_t *load,
                        uint32_t *off, struct diag *d)
{
    if (h->load_addr == LOAD_FROM_START) {
        if (h->header_addr < h->offset) {
            diag_set(d, "%s: Multiboot2 address tag: header_addr = 0x%x: below the header's "
                        "file offset 0x%x (load_addr = -1: load from the start)", name,
                     h->header_addr, h->offset);
            return false;
        }
        *load = h->header_addr - h->offset;
        *off = 0;
        return true;
    }
    if (h->load_addr > h->header_addr) {
        diag_set(d, "%s: Multiboot2 address tag: load_addr = 0x%x is above header_addr = 0x%x",
                 name, h->load_addr, h->header_addr);
        return false;
    }
    if (h->header_addr - h->load_addr > h->offset) {
        diag_set(d, "%s: Multiboot2 address tag: header_addr - load_addr = 0x%x: more than the "
                    "header's file offset 0x%x (the load would start before the file)", name,
                 h->header_addr - h->load_addr, h->offset);
        return false;
    }
    *load = h->load_addr;
    *off = h->offset - (h->header_addr - h->load_addr);
    return true;
}

bool image_from_address_tag(uint32_t file_size, const struct mb2h_info *h, const char *name,
                            struct elf_image *img, struct diag *d)
{
    uint32_t load, off;
    d->msg[0] = '\0';
    if (!h->has_entry) {
        diag_set(d, "%s: Multiboot2 address tag (a.out kludge) without an entry address tag "
                    "(type 3): no entry point to jump to", name);
        return false;
    }
    if (!load_offset(h, name, &load, &off, d))
        return false;
    uint32_t filesz = file_size - off; /* off <= h->offset < file_size */
    if (h->load_end_addr) {
        if (h->load_end_addr < load || h->load_end_addr - load > filesz) {
            diag_set(d, "%s: Multiboot2 address tag: load_end_addr = 0x%x: not between load "
                        "0x%x and the end of the file (0x%x bytes from offset 0x%x)", name,
                     h->load_end_addr, load, filesz, off);
            return false;
        }
        filesz = h->load_end_addr - load;
    }
    uint32_t memsz = filesz;
    if (h->bss_end_addr) {
        if (h->bss_end_addr < load + filesz) {
            diag_set(d, "%s: Multiboot2 address tag: bss_end_addr = 0x%x is below the loaded "
                        "end 0x%x", name, h->bss_end_addr, load + filesz);
            return false;
        }
        memsz = h->bss_end_addr - load;
    }
    if (load < PAGE0_END) {
        diag_set(d, "%s: Multiboot2 address tag: load address 0x%x: inside page 0 (below "
                    "0x1000)", name, load);
        return false;
    }
    if (memsz == 0 || (uint64_t)load + memsz >= ADDR_LIMIT) {
        diag_set(d, "%s: Multiboot2 address tag: load 0x%x + 0x%x bytes: empty or reaches 4 GiB",
                 name, load, memsz);
        return false;
    }
    diag_memset(img, 0, sizeof *img);
    img->nsegs = 1;
    img->segs[0] = (struct elf_segment){ load, memsz, filesz, off };
    img->entry = h->entry;
    img->lowest = load;
    img->highest = load + memsz;
    return image_entry_check(img, h->entry, name, d);
}

bool image_entry_check(const struct elf_image *img, uint32_t entry, const char *name,
                       struct diag *d)
{
    for (uint32_t i = 0; i < img->nsegs; i++) {
        const struct elf_segment *s = &img->segs[i];
        if (entry - s->paddr >= s->memsz)
            continue;
        if (entry - s->paddr < s->filesz)
            return true;
        diag_set(d, "%s: Multiboot2 entry address tag = 0x%x: in the zero-filled part of the "
                    "segment at 0x%x (bytes from the file end at 0x%x)", name, entry, s->paddr,
                 s->paddr + s->filesz);
        return false;
    }
    diag_set(d, "%s: Multiboot2 entry address tag = 0x%x: not in a loaded segment", name, entry);
    return false;
}
