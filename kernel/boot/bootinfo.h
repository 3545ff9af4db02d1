/* bootinfo.h - the kernel's checked view of the Multiboot2 boot information. */
#ifndef KERNEL_BOOT_BOOTINFO_H
#define KERNEL_BOOT_BOOTINFO_H

#include <stdbool.h>
#include <stdint.h>

#include "../../shared/bootinfo.h"

#define BOOTINFO_MIN_SIZE 16u          /* fixed part + end tag */
#define BOOTINFO_MAX_SIZE (1u << 20)   /* more is not boot information but garbage */
#define BOOTINFO_MAX_MODULES 16u

struct boot_info {
    uint32_t total_size;
    const char *cmdline;     /* "" when absent */
    const char *loader_name; /* "" when absent */
    const struct mb2_tag_mmap *mmap;         /* tag 6, or NULL */
    uint32_t mmap_entries;
    const struct mb2_tag_efi_mmap *efi_mmap; /* tag 17, or NULL */
    uint32_t efi_mmap_entries;
    uint32_t efi_desc_size;                  /* 0 when there is no tag 17 */
    const struct mb2_tag_framebuffer *fb;    /* tag 8, or NULL */
    const uint8_t *rsdp;                     /* the RSDP copy inside tag 14/15, or NULL */
    uint32_t rsdp_version;                   /* 1 (tag 14) or 2 (tag 15); 0 when absent */
    uint32_t nmodules;
    const struct mb2_tag_module *modules[BOOTINFO_MAX_MODULES];
};

/* Walks every tag of `mbi` and checks it: total_size in [16, 1 MiB), every tag
 * inside the block with a size fitting its type, strings NUL-terminated, map entry
 * sizes sane, an end tag present. Returns false with one line in `err` for the
 * first problem. Even then, bi->cmdline is set if the command-line tag came before
 * the problem (so the caller can still tell whether this is a test run). */
bool bootinfo_parse(const struct mb2_info *mbi, struct boot_info *bi, char *err, uint32_t errlen);

#endif
