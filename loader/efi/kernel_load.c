/* kernel_load.c - claims each kernel segment's physical pages, or stages it for later. */
#include "kernel_load.h"
#include "console.h"
#include "pages.h"
#include "../core/relocate.h"

#define PAGE_MASK (EFI_PAGE_SIZE - 1)

static uint64_t page_floor(uint64_t a)
{
    return a & ~(uint64_t)PAGE_MASK;
}

static uint64_t page_ceil(uint64_t a)
{
    return (a + PAGE_MASK) & ~(uint64_t)PAGE_MASK;
}

/* Why claim first: once AllocatePages(AllocateAddress) has given us the target
 * pages, no later firmware allocation can land there, so the segment can be
 * written now and stays intact until the kernel runs. Segments are sorted by
 * paddr and may share a page; a page the previous segment already claimed is
 * not asked for again (the firmware would refuse it as taken). */
EFI_STATUS kernel_place(EFI_BOOT_SERVICES *bs, const struct efi_blob *file,
                        const struct elf_image *img, const char *name, struct kernel_load *kl)
{
    uint64_t claimed_end = 0; /* end of the last page range we own */
    kl->njobs = 0;
    for (uint32_t i = 0; i < img->nsegs; i++) {
        const struct elf_segment *s = &img->segs[i];
        /* Page 0 is RAM like any other where the map says so: loaded or staged here,
         * refused by the placement check where it is not free. Never silently. */
        if (s->paddr < EFI_PAGE_SIZE)
            con_print("note: %s: segment %u at 0x%x lies in page 0: loaded there, as the "
                      "memory map has it free", name, i, s->paddr);
        uint64_t start = page_floor(s->paddr), end = page_ceil((uint64_t)s->paddr + s->memsz);
        if (start < claimed_end)
            start = claimed_end;
        EFI_STATUS st = EFI_SUCCESS;
        if (start < end) {
            EFI_PHYSICAL_ADDRESS addr = start;
            st = pages_alloc(bs, AllocateAddress, EfiLoaderData,
                                   (UINTN)((end - start) >> EFI_PAGE_SHIFT), &addr);
        }
        if (!EFI_ERROR(st)) {
            claimed_end = end;
            bs->CopyMem((void *)(UINTN)s->paddr, (void *)(file->data + s->offset), s->filesz);
            bs->SetMem((void *)(UINTN)(s->paddr + s->filesz), s->memsz - s->filesz, 0);
            continue;
        }
        if (st != EFI_NOT_FOUND && st != EFI_OUT_OF_RESOURCES)
            return con_error(st, "%s: segment %u: AllocatePages at paddr = 0x%x", name, i,
                             s->paddr);
        /* Taken (by firmware data that will be free after ExitBootServices, we
         * hope; placement_check decides on the final map). */
        struct copy_job *j = &kl->jobs[kl->njobs];
        j->dst = s->paddr;
        j->src = (uint32_t)(UINTN)(file->data + s->offset);
        j->filesz = s->filesz;
        j->memsz = s->memsz;
        kl->targets[kl->njobs] = (struct range64){ s->paddr, s->memsz };
        kl->sources[kl->njobs] = (struct range64){ j->src, s->filesz };
        kl->njobs++;
    }
    return EFI_SUCCESS;
}

/* The EFI memory map as it is now, in pool memory the caller frees. */
static EFI_STATUS current_map(EFI_BOOT_SERVICES *bs, uint8_t **buf, UINTN *size,
                              UINTN *desc_size)
{
    UINTN key;
    UINT32 version;
    EFI_STATUS st = EFI_BUFFER_TOO_SMALL;
    *buf = NULL;
    *size = 0;
    /* The pool allocation itself may add descriptors: grow and retry a few times. */
    for (int tries = 0; tries < 4 && st == EFI_BUFFER_TOO_SMALL; tries++) {
        if (*buf)
            bs->FreePool(*buf);
        *size += 8 * sizeof(EFI_MEMORY_DESCRIPTOR) + 1024;
        st = bs->AllocatePool(EfiLoaderData, *size, (void **)buf);
        if (EFI_ERROR(st))
            return st;
        st = bs->GetMemoryMap(size, (EFI_MEMORY_DESCRIPTOR *)*buf, &key, desc_size, &version);
    }
    if (EFI_ERROR(st))
        bs->FreePool(*buf);
    return st;
}

static const char *pref_name(uint32_t p)
{
    return p == RELOC_PREF_LOWEST ? "lowest" : p == RELOC_PREF_HIGHEST ? "highest" : "none";
}

/* Where a relocatable image goes: its linked span if allowed and free, else the
 * base reloc_choose picks, claimed. *base is the new lowest address. */
static EFI_STATUS claim_relocatable(EFI_BOOT_SERVICES *bs, const struct elf_image *img,
                                    const struct mb2h_info *h, const char *name,
                                    uint64_t *base)
{
    uint64_t size = (uint64_t)img->highest - img->lowest;
    bool in_range = img->lowest >= h->reloc_min && img->highest <= h->reloc_max;
    EFI_PHYSICAL_ADDRESS a = page_floor(img->lowest);
    EFI_STATUS st = EFI_NOT_FOUND;
    if (in_range)
        st = pages_alloc(bs, AllocateAddress, EfiLoaderData,
                               (UINTN)((page_ceil(img->highest) - a) >> EFI_PAGE_SHIFT), &a);
    if (!EFI_ERROR(st)) {
        *base = img->lowest;
        return EFI_SUCCESS;
    }
    if (st != EFI_NOT_FOUND && st != EFI_OUT_OF_RESOURCES)
        return con_error(st, "%s: AllocatePages at linked address 0x%x", name, img->lowest);

    uint8_t *map;
    UINTN map_size, desc_size;
    struct diag d;
    st = current_map(bs, &map, &map_size, &desc_size);
    if (EFI_ERROR(st))
        return con_error(st, "%s: GetMemoryMap to relocate the kernel", name);
    struct reloc_request r = { img->lowest, size, h->reloc_min, h->reloc_max, h->reloc_align,
                               h->reloc_preference };
    bool found = reloc_choose(map, (uint32_t)map_size, (uint32_t)desc_size, &r, name, base, &d);
    bs->FreePool(map);
    if (!found)
        return con_error(EFI_OUT_OF_RESOURCES, "%s", d.msg);
    a = *base;
    st = pages_alloc(bs, AllocateAddress, EfiLoaderData,
                           (UINTN)(page_ceil(*base + size) - *base) >> EFI_PAGE_SHIFT, &a);
    if (EFI_ERROR(st))
        return con_error(st, "%s: AllocatePages at relocated base 0x%llx", name,
                         (unsigned long long)*base);
    con_print("kernel %s relocated: linked at 0x%x, loaded at 0x%llx (relocatable tag: min_addr "
              "0x%x, max_addr 0x%x, align 0x%x, preference %s)", name, img->lowest,
              (unsigned long long)*base, h->reloc_min, h->reloc_max, h->reloc_align,
              pref_name(h->reloc_preference));
    return EFI_SUCCESS;
}

/* The claimed span is ours, so every segment is written now at paddr + delta;
 * unsigned wrap-around makes a negative delta work the same. */
EFI_STATUS kernel_load_image(EFI_BOOT_SERVICES *bs, const struct efi_blob *file,
                             struct elf_image *img, struct mb2h_info *h, const char *name,
                             struct kernel_load *kl)
{
    if (!h->has_relocatable)
        return kernel_place(bs, file, img, name, kl);
    uint64_t base;
    EFI_STATUS st = claim_relocatable(bs, img, h, name, &base);
    if (EFI_ERROR(st))
        return st;
    uint32_t delta = (uint32_t)base - img->lowest;
    kl->njobs = 0;
    for (uint32_t i = 0; i < img->nsegs; i++) {
        struct elf_segment *s = &img->segs[i];
        s->paddr += delta;
        bs->CopyMem((void *)(UINTN)s->paddr, (void *)(file->data + s->offset), s->filesz);
        bs->SetMem((void *)(UINTN)(s->paddr + s->filesz), s->memsz - s->filesz, 0);
    }
    img->entry += delta;
    img->lowest += delta;
    img->highest += delta;
    if (h->has_entry)
        h->entry += delta;
    return EFI_SUCCESS;
}
