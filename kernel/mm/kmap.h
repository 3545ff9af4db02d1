/* kmap.h - what the kernel maps, written once as a table (xv6's kmap[]): the page-table
 * builder maps from it and the boot self-test checks the live tables against it. */
#ifndef KERNEL_MM_KMAP_H
#define KERNEL_MM_KMAP_H

#include <stdbool.h>
#include <stdint.h>

#include "../boot/bootinfo.h"
#include "memmap.h"

/* What the kernel knows about itself, from the linker and entry.asm. */
struct kernel_layout {
    uint32_t image_start, image_end;     /* whole image, page aligned */
    uint32_t text_start, rodata_end;     /* read-only after paging: [text_start, rodata_end) */
    uint32_t stack_guard;                /* one page left unmapped below the boot stack */
    uint32_t stack_bottom, stack_top;    /* boot stack */
};

enum kmap_prot {
    KMAP_ABSENT, /* not present, so a touch page-faults (null page, stack guard) */
    KMAP_RO,     /* present, read-only: with CR0.WP the kernel itself faults on a write */
    KMAP_RW,     /* present, writable, write-back */
    KMAP_FB,     /* present, writable, PCD and PWT clear: the MTRRs give the type (WC) */
};

struct kmap_range {
    uint64_t base, end; /* page aligned, [base, end), end <= 4 GiB */
    enum kmap_prot prot;
    const char *why;
};

#define KMAP_FIXED 8u /* image, boot info, stack, framebuffer, text, guard, null page */
#define KMAP_MAX (BOOTINFO_MAX_MODULES + KMAP_FIXED)

/*
 * The table, in the order the builder applies it; a page takes the protection of
 * the LAST range that covers it, and a page no range covers is not mapped:
 *
 *   RAM regions               RW      "RAM"                 (ram[0..nram), sorted, disjoint)
 *   kernel image              RW      "kernel image"
 *   boot information block    RW      "boot information"
 *   each module               RW      "module"
 *   boot stack                RW      "boot stack"
 *   usable framebuffer        FB      "framebuffer"
 *   text..rodata, inward      RO      "kernel text and constants"
 *   stack guard page          ABSENT  "stack guard"
 *   page 0                    ABSENT  "null page"
 *
 * The image, boot information and modules are mapped even where the memory map does
 * not call them RAM (a loader may place them in memory typed oddly): the kernel reads
 * them. Every range after the RAM regions (r[0..n)) is also live memory that mm_init
 * reserves.
 */
struct kmap {
    const struct region *ram; /* the RAM regions themselves (memmap.h), not a copy: */
    uint32_t nram;            /* a copy would add 12 KiB to the kernel's .bss */
    struct kmap_range r[KMAP_MAX]; /* every range after RAM, in order */
    uint32_t n;
};

/* Builds `m` from the RAM regions (kept by reference: `regions` must outlive `m`),
 * the layout and the boot view. Ranges are rounded
 * outward to pages (text..rodata inward, so no page holding .data becomes read-only);
 * empty ranges and ranges reaching above 4 GiB (out of reach of non-PAE paging) are
 * left out. */
void kmap_build(struct kmap *m, const struct memmap *regions, const struct kernel_layout *k,
                const struct boot_view *v);

/* True when a range covers the page at va; *r (if not NULL) gets the range deciding it
 * (the last one covering it; for RAM the region, why "RAM"). False: unmapped. */
bool kmap_find(const struct kmap *m, uint64_t va, struct kmap_range *r);

/* The protection the page at va must have: KMAP_ABSENT when no range covers it. */
enum kmap_prot kmap_lookup(const struct kmap *m, uint64_t va);

/* The PTE flags for `p` (PTE_P implied, 0 for KMAP_ABSENT). */
uint32_t kmap_pte_flags(enum kmap_prot p);

/* Identity-maps the table into the page tables paging_init made, in table order.
 * *mapped_bytes gets the bytes present afterwards. False when frames for page
 * tables run out. */
bool kmap_install(const struct kmap *m, uint64_t *mapped_bytes);

#endif
