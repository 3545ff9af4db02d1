/* kernel_load.h - puts the kernel's segments at their physical addresses, or stages
 * them for a copy after ExitBootServices when the firmware still owns the target. */
#ifndef LOADER_KERNEL_LOAD_H
#define LOADER_KERNEL_LOAD_H

#include "console.h"
#include <stdint.h>
#include "file.h"
#include "../core/elf.h"
#include "../core/mb2_header.h"
#include "../core/placement.h"

/* One deferred segment copy, run by handoff_ia32.asm on its own stack after
 * ExitBootServices: copy filesz bytes from src to dst, then zero up to memsz.
 * The layout is read by the assembly: four 32-bit fields in this order. */
struct copy_job {
    uint32_t dst;
    uint32_t src;
    uint32_t filesz;
    uint32_t memsz;
};
_Static_assert(sizeof(struct copy_job) == 16, "copy_job layout is shared with handoff_ia32.asm");

struct kernel_load {
    uint32_t njobs;
    struct copy_job jobs[ELF_MAX_SEGMENTS];
    struct range64 targets[ELF_MAX_SEGMENTS]; /* jobs[i]'s destination */
    struct range64 sources[ELF_MAX_SEGMENTS]; /* jobs[i]'s staged bytes: must stay live */
};

/* For each segment of `img` (from `file`, named `name`): claims its pages with
 * AllocatePages(AllocateAddress) and copies and zeroes it in place; when the
 * firmware refuses the address, records a copy job whose source is the segment's
 * bytes in the file buffer (itself AllocatePages memory). Prints the error. */
EFI_STATUS kernel_place(EFI_BOOT_SERVICES *bs, const struct efi_blob *file,
                        const struct elf_image *img, const char *name, struct kernel_load *kl);

/* kernel_place, honouring the kernel's relocatable header tag (type 10) when `h` has
 * one: the image's whole page span is claimed at its linked address when that lies
 * within [min_addr, max_addr] and is free; otherwise reloc_choose picks a base in
 * the current EFI map, that span is claimed, and every segment is written shifted
 * by the same delta. Then img (segments, entry, lowest, highest) and h->entry are
 * shifted too, so the caller's entry address and load base (tag 21) follow. Never
 * stages a relocatable kernel. Prints the error. */
EFI_STATUS kernel_load_image(EFI_BOOT_SERVICES *bs, const struct efi_blob *file,
                             struct elf_image *img, struct mb2h_info *h, const char *name,
                             struct kernel_load *kl);

/* The jump to the kernel (handoff_ia32.asm). Runs `njobs` copy jobs on the new
 * stack, then enters `entry` with EAX = `magic` and EBX = `mbi`. Call only after
 * ExitBootServices; everything it touches must lie outside the targets. */
void handoff_ia32(uint32_t entry, uint32_t mbi, uint32_t stack_top,
                  const struct copy_job *jobs, uint32_t njobs, uint32_t magic)
    __attribute__((noreturn, visibility("hidden")));

#endif
