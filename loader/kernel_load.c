/* kernel_load.c - claims each kernel segment's physical pages, or stages it for later. */
#include "kernel_load.h"
#include "efi_console.h"

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
        uint64_t start = page_floor(s->paddr), end = page_ceil((uint64_t)s->paddr + s->memsz);
        if (start < claimed_end)
            start = claimed_end;
        EFI_STATUS st = EFI_SUCCESS;
        if (start < end) {
            EFI_PHYSICAL_ADDRESS addr = start;
            st = bs->AllocatePages(AllocateAddress, EfiLoaderData,
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
