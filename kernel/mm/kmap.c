/* kmap.c - the kernel's mapping table (kmap.h): built once, read by the page-table
 * builder and by the self-test's lookup. */
#include "kmap.h"

#include "paging.h"
#include "physmem.h"

#define FOUR_GIB (1ull << 32)

/* Appends [b, e) rounded outward to pages; nothing when empty or above 4 GiB. */
static void add(struct kmap *m, uint64_t b, uint64_t e, enum kmap_prot prot, const char *why)
{
    b = PAGE_ALIGN_DOWN(b);
    e = PAGE_ALIGN_UP(e);
    if (b >= e || e > FOUR_GIB || m->n >= KMAP_MAX)
        return;
    m->r[m->n++] = (struct kmap_range){b, e, prot, why};
}

void kmap_build(struct kmap *m, const struct memmap *regions, const struct kernel_layout *k,
                const struct boot_view *v)
{
    m->ram = regions->ram; /* page aligned, below 4 GiB, sorted and disjoint already */
    m->nram = regions->nram;
    m->n = 0;

    add(m, k->image_start, k->image_end, KMAP_RW, "kernel image");
    add(m, v->info_addr, v->info_addr + v->total_size, KMAP_RW, "boot information");
    for (uint32_t i = 0; i < v->nmodules; i++)
        add(m, v->modules[i].start, v->modules[i].end, KMAP_RW, "module");
    add(m, k->stack_bottom, k->stack_top, KMAP_RW, "boot stack");
    /* Framebuffer: PTE_W only. With PCD and PWT clear the page selects PAT entry 0
     * (WB at reset), and a WB page type defers to the MTRRs (Intel SDM vol. 3,
     * "Selecting Memory Types for Pentium III and More Recent Processor Families":
     * PAT WB + MTRR WC = WC), so the firmware's write-combining range still applies.
     * PCD would make it UC and every pixel write slow. */
    if (v->fb.usable)
        add(m, v->fb.base, v->fb.end, KMAP_FB, "framebuffer");
    /* Rounded inward: a page shared with .data must stay writable. */
    uint64_t ro_lo = PAGE_ALIGN_UP((uint64_t)k->text_start);
    uint64_t ro_hi = PAGE_ALIGN_DOWN((uint64_t)k->rodata_end);
    if (ro_lo < ro_hi)
        add(m, ro_lo, ro_hi, KMAP_RO, "kernel text and constants");
    /* Not present: a stack overflow and a null dereference both page-fault. */
    if (k->stack_guard)
        add(m, k->stack_guard, (uint64_t)k->stack_guard + PAGE_SIZE, KMAP_ABSENT, "stack guard");
    add(m, 0, PAGE_SIZE, KMAP_ABSENT, "null page");
}

bool kmap_find(const struct kmap *m, uint64_t va, struct kmap_range *r)
{
    for (uint32_t i = m->n; i-- > 0;) {
        if (va >= m->r[i].base && va < m->r[i].end) {
            if (r)
                *r = m->r[i];
            return true;
        }
    }
    uint32_t lo = 0, hi = m->nram; /* RAM regions are sorted and disjoint */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (va < m->ram[mid].base)
            hi = mid;
        else if (va >= m->ram[mid].end)
            lo = mid + 1;
        else {
            if (r)
                *r = (struct kmap_range){m->ram[mid].base, m->ram[mid].end, KMAP_RW, "RAM"};
            return true;
        }
    }
    return false;
}

enum kmap_prot kmap_lookup(const struct kmap *m, uint64_t va)
{
    struct kmap_range r;
    return kmap_find(m, va, &r) ? r.prot : KMAP_ABSENT;
}

uint32_t kmap_pte_flags(enum kmap_prot p)
{
    switch (p) {
    case KMAP_RO: return PTE_P;
    case KMAP_RW:
    case KMAP_FB: return PTE_P | PTE_W;
    default: return 0;
    }
}

bool kmap_install(const struct kmap *m, uint64_t *mapped_bytes)
{
    uint64_t bytes = 0;
    /* RAM first: disjoint, so every byte is new. */
    for (uint32_t i = 0; i < m->nram; i++) {
        if (!paging_map_range((paddr_t)m->ram[i].base, m->ram[i].end, PTE_W))
            return false;
        bytes += m->ram[i].end - m->ram[i].base;
    }
    for (uint32_t i = 0; i < m->n; i++) {
        const struct kmap_range *r = &m->r[i];
        if (r->prot == KMAP_ABSENT) {
            for (uint64_t va = r->base; va < r->end; va += PAGE_SIZE) {
                if (paging_walk((uint32_t)va, 0))
                    bytes -= PAGE_SIZE;
                unmap_page((uint32_t)va);
            }
            continue;
        }
        /* Count only pages no earlier range mapped. */
        for (uint64_t va = r->base; va < r->end; va += PAGE_SIZE)
            if (!paging_walk((uint32_t)va, 0))
                bytes += PAGE_SIZE;
        if (!paging_map_range((paddr_t)r->base, r->end, kmap_pte_flags(r->prot) & ~PTE_P))
            return false;
    }
    *mapped_bytes = bytes;
    return true;
}
