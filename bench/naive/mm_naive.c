/* mm_naive.c - bench-only textbook memory bring-up, linked into build/bench/naive/kernel.elf
 * instead of kernel/mm/mm_init.c: the honest in-guest baseline of R5 (issue 18).
 *
 * As xv6 does it (kalloc.c, vm.c): every free page is junk-filled and pushed onto a free
 * list one by one (kfree), and all RAM and every live range is mapped page by page through
 * a generic mapper that walks from the directory and allocates a zeroed table when one is
 * missing (mappages + walkpgdir). The regions stage is the real one, so the two builds
 * differ only in what R5 compares. The stages keep the real build's timeline names: the
 * free list under "bitmap", the mapper under "page tables"; there is no heap (xv6 has no
 * kmalloc), so its stage is empty. */
#include "kernel/arch/cpu.h"
#include "kernel/boot/timeline.h"
#include "kernel/lib/kprintf.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kmap.h"
#include "kernel/mm/memmap.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/paging.h"
#include "kernel/mm/physmem.h"

#define ERR_LEN 160u
#define JUNK 1 /* xv6's kfree fills with 1s "to catch dangling refs" */
#define CR0_PG_BIT (1u << 31)
#define CR0_WP_BIT (1u << 16)

static struct memmap regions;
static struct kernel_layout layout;
static struct kmap kmap;

struct run {
    struct run *next;
};
static struct run *freelist;
static uint32_t nfree_pages, ntables;
static pde_t *pgdir;

/* xv6 kfree: junk-fill one page and push it. */
static void kfree_page(uint32_t pa)
{
    memset((void *)pa, JUNK, PAGE_SIZE);
    struct run *r = (struct run *)pa;
    r->next = freelist;
    freelist = r;
    nfree_pages++;
}

/* xv6 kalloc: pop a page; NULL when none is left. */
static void *kalloc(void)
{
    struct run *r = freelist;
    if (r)
        freelist = r->next;
    return r;
}

/* xv6 walkpgdir: the entry for va, allocating and zeroing its table when missing;
 * NULL when out of pages. */
static pte_t *walkpgdir(uint32_t va)
{
    pde_t *pde = &pgdir[va >> 22];
    pte_t *pt;
    if (*pde & PTE_P) {
        pt = (pte_t *)(*pde & PTE_ADDR_MASK);
    } else {
        pt = kalloc();
        if (!pt)
            return NULL;
        memset(pt, 0, PAGE_SIZE);
        ntables++;
        *pde = (uint32_t)pt | PTE_P | PTE_W;
    }
    return &pt[(va >> PAGE_SHIFT) & (PT_ENTRIES - 1)];
}

/* xv6 mappages: [base, end) identity-mapped with perm, one page at a time. */
static bool mappages(uint64_t base, uint64_t end, uint32_t perm)
{
    for (uint64_t a = base; a < end; a += PAGE_SIZE) {
        pte_t *pte = walkpgdir((uint32_t)a);
        if (!pte)
            return false;
        *pte = (uint32_t)a | perm | PTE_P;
    }
    return true;
}

static bool build_regions(const struct boot_mmap *map)
{
    char err[ERR_LEN];
    bool ok = map->source == BOOT_MMAP_EFI
                  ? memmap_from_efi(&regions, map->bytes, map->size, map->stride, err, sizeof err)
              : map->source == BOOT_MMAP_MB2
                  ? memmap_from_mb2(&regions, map->bytes, map->size, map->stride, err, sizeof err)
                  : false;
    if (!ok)
        kprintf("mm: error: no usable memory map\n");
    return ok;
}

bool mm_init(const struct boot_view *v, const struct kernel_layout *k)
{
    if (!v || !k)
        return false;
    layout = *k;

    timeline_begin(TL_REGIONS);
    if (!build_regions(&v->mmap))
        return false;
    kmap_build(&kmap, &regions, k, v);
    for (uint32_t i = 0; i < kmap.n; i++)
        memmap_reserve(&regions, kmap.r[i].base, kmap.r[i].end - kmap.r[i].base);
    timeline_end(TL_REGIONS);

    timeline_begin(TL_BITMAP); /* here: the free list */
    for (uint32_t r = 0; r < regions.nfree; r++)
        for (uint64_t pa = regions.free[r].base; pa < regions.free[r].end; pa += PAGE_SIZE)
            kfree_page((uint32_t)pa);
    timeline_end(TL_BITMAP);
    kprintf("frames: naive free list pages=%u\n", nfree_pages);

    timeline_begin(TL_PAGE_TABLES);
    pgdir = kalloc();
    bool ok = pgdir != NULL;
    if (ok)
        memset(pgdir, 0, PAGE_SIZE);
    for (uint32_t i = 0; ok && i < kmap.nram; i++)
        ok = mappages(kmap.ram[i].base, kmap.ram[i].end, PTE_W);
    for (uint32_t i = 0; ok && i < kmap.n; i++)
        if (kmap.r[i].prot != KMAP_ABSENT)
            ok = mappages(kmap.r[i].base, kmap.r[i].end, PTE_W);
    timeline_end(TL_PAGE_TABLES);
    if (!ok) {
        kprintf("paging: error: naive mapper out of pages\n");
        return false;
    }

    timeline_begin(TL_PAGING_ON);
    write_cr3((uint32_t)pgdir);
    write_cr0(read_cr0() | CR0_PG_BIT | CR0_WP_BIT);
    timeline_end(TL_PAGING_ON);
    kprintf("paging: naive on page_tables=%u\n", ntables);

    timeline_begin(TL_HEAP); /* none: xv6 has no kmalloc */
    timeline_end(TL_HEAP);
    return true;
}

const struct memmap *mm_regions(void)
{
    return &regions;
}

const struct kernel_layout *mm_layout(void)
{
    return &layout;
}

const struct kmap *mm_kmap(void)
{
    return &kmap;
}
