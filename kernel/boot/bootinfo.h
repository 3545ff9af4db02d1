/* bootinfo.h - the kernel's one reading of the Multiboot2 boot information: a checked
 * view (plain values) that everything after kmain's first lines takes instead of the
 * block. No file outside kernel/boot/ names a Multiboot2 tag. */
#ifndef KERNEL_BOOT_BOOTINFO_H
#define KERNEL_BOOT_BOOTINFO_H

#include <stdbool.h>
#include <stdint.h>

#include "../../shared/bootinfo.h"
#include "../dev/fb_render.h"

#define BOOTINFO_MIN_SIZE 16u          /* fixed part + end tag */
#define BOOTINFO_MAX_SIZE (1u << 20)   /* more is not boot information but garbage */
#define BOOTINFO_MAX_MODULES 16u
#define BOOT_FB_WHY_LEN 160u

/* Where the regions come from: the firmware's map (tag 17) when the loader passed
 * it, else the Multiboot2 map (tag 6, e.g. from a GRUB that did not), else none. */
enum boot_mmap_source { BOOT_MMAP_NONE, BOOT_MMAP_EFI, BOOT_MMAP_MB2 };

struct boot_mmap {
    enum boot_mmap_source source;
    const uint8_t *bytes; /* the descriptors or entries, inside the block */
    uint32_t size;        /* bytes of them (a trailing partial one is the map's problem) */
    uint32_t stride;      /* descr_size (tag 17) or entry_size (tag 6) */
};

struct boot_module {
    uint32_t start, end; /* physical, [start, end); end >= start */
    const char *string;  /* NUL-terminated, inside the block */
};

/* The framebuffer as decided once by boot_fb_decide. When tag 8 was present its
 * numbers are filled in whether or not it is usable (the boot line shows them). */
struct boot_fb {
    bool present;            /* tag 8 was there */
    bool usable;             /* the kernel draws on it, reserves it and maps it */
    uint64_t addr;           /* framebuffer_addr */
    uint32_t type;           /* framebuffer_type */
    struct fb_format format; /* width, height, pitch, bpp, channel positions */
    uint64_t base, end;      /* usable: the page-aligned range [base, end) below 4 GiB */
    char why[BOOT_FB_WHY_LEN]; /* !usable: the reason, e.g. "framebuffer_addr=0: ..." */
};

/* Our timeline tag (MB2_TAG_BOOT_TIMELINE); all 0 when absent or too short. */
struct boot_timeline {
    bool present;
    uint64_t efi_main_tsc, file_read_tsc, exit_bs_tsc, jump_tsc;
};

struct boot_view {
    uint64_t info_addr;      /* the block itself: [info_addr, info_addr + total_size) */
    uint32_t total_size;
    const char *cmdline;     /* "" when absent */
    const char *loader_name; /* "" when absent */
    uint32_t mmap_entries;     /* tag 6 entries (0 when absent), for the boot line */
    uint32_t efi_mmap_entries; /* tag 17 descriptors (0 when absent) */
    uint32_t efi_desc_size;    /* 0 when there is no tag 17 */
    struct boot_mmap mmap;     /* the map the regions are built from */
    struct boot_fb fb;
    const uint8_t *rsdp;       /* the RSDP copy inside tag 14/15, or NULL */
    uint32_t rsdp_version;     /* 1 (tag 14) or 2 (tag 15); 0 when absent */
    struct boot_timeline timeline;
    uint32_t nmodules;
    struct boot_module modules[BOOTINFO_MAX_MODULES];
};

/* Walks every tag of `mbi` and checks it: total_size in [16, 1 MiB), every tag
 * inside the block with a size fitting its type, strings NUL-terminated, map entry
 * sizes sane, an end tag present. Fills `v` and returns true; or returns false with
 * one line in `err` for the first problem. Even then, v->cmdline is set if the
 * command-line tag came before the problem (so the caller can still tell whether
 * this is a test run). Of a repeated memory map, framebuffer or timeline tag the
 * first counts; of repeated strings the last; the 2.0 RSDP wins over 1.0 in any order. */
bool bootinfo_parse(const struct mb2_info *mbi, struct boot_view *v, char *err, uint32_t errlen);

/* The one framebuffer decision. `t` is tag 8 (its size already checked against its
 * type), or NULL. Usable means: direct RGB, address not 0, all of it below 4 GiB
 * (non-PAE paging reaches no further), and a pixel format the renderer draws
 * (fb_format_check: bpp, pitch >= width, channel fields). Otherwise `fb->why` says
 * which rule refused it, with the field and value. */
void boot_fb_decide(const struct mb2_tag_framebuffer *t, struct boot_fb *fb);

#endif
