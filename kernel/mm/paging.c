/* paging.c - builds and edits the 32-bit page tables (identity map, single pages, flags). */
#include "paging.h"

#include "frames.h"

#ifndef HOST_TEST
#include "../arch/cpu.h"
#define CR4_PAE (1u << 5) /* PAE paging: must be clear for the 32-bit entries used here */
#endif

/* PDEs never restrict: a PDE without W or U would override every PTE below it, so
 * permissions are decided per page, in the PTEs. */
#define PDE_FLAGS (PTE_P | PTE_W)

static paddr_t pd_pa;      /* physical address of the page directory, 0 before paging_init */
static pde_t *pd;          /* phys_ptr(pd_pa), kept so map_page need not recompute it */
static uint32_t tables;    /* page tables allocated */
static bool paging_on;
static uint32_t invlpgs;   /* single-page flushes requested */
static uint32_t full_flushes;

static pde_t *directory(void) { return pd; }

static void zero_entries(uint32_t *e, uint32_t from, uint32_t to)
{
    for (uint32_t i = from; i < to; i++)
        e[i] = 0;
}

/* Invalidates the TLB entry for `va` once paging is on (before that there is no TLB
 * state for our tables to be stale against). */
static void flush_page(uint32_t va)
{
    if (!paging_on)
        return;
    invlpgs++;
#ifndef HOST_TEST
    invlpg(va);
#else
    (void)va;
#endif
}

bool paging_init(void)
{
    pd_pa = 0;
    tables = 0;
    paging_on = false;
    invlpgs = 0;
    full_flushes = 0;
    paddr_t pa = frame_alloc();
    if (pa == FRAME_NONE)
        return false;
    pd_pa = pa;
    pd = (pde_t *)phys_ptr(pd_pa);
    zero_entries(directory(), 0, PD_ENTRIES);
    return true;
}

/* Allocates the page table for directory slot `pdx` and installs it. Entries
 * [keep_from, keep_to) are left as they are because the caller writes them next;
 * all others are zeroed. Returns the table or NULL when out of frames. */
static pte_t *new_table(uint32_t pdx, uint32_t keep_from, uint32_t keep_to)
{
    paddr_t pa = frame_alloc();
    if (pa == FRAME_NONE)
        return 0;
    pte_t *pt = (pte_t *)phys_ptr(pa);
    zero_entries(pt, 0, keep_from);
    zero_entries(pt, keep_to, PT_ENTRIES);
    directory()[pdx] = pa | PDE_FLAGS;
    tables++;
    return pt;
}

/* Entries [first, last) of an identity map starting with `pte`: consecutive pages
 * differ only by the page size, so the entry is computed once and stepped. */
static void fill_entries(pte_t *pt, uint32_t first, uint32_t last, pte_t pte)
{
    for (uint32_t i = first; i < last; i++, pte += PAGE_SIZE)
        pt[i] = pte;
}

/* The same for a whole table, the common case: a loop of constant length with each
 * entry a function of its index, which a compiler can unroll or vectorize. */
static void fill_table(pte_t *pt, pte_t pte)
{
    for (uint32_t i = 0; i < PT_ENTRIES; i++)
        pt[i] = pte + (i << PAGE_SHIFT);
}

static pte_t *table_of(uint32_t pdx)
{
    pde_t pde = directory()[pdx];
    if (!(pde & PTE_P))
        return 0;
    return (pte_t *)phys_ptr(pde & PTE_ADDR_MASK);
}

bool paging_map_range(paddr_t base, uint64_t end, uint32_t flags)
{
    uint64_t start = PAGE_ALIGN_DOWN((uint64_t)base);
    end = PAGE_ALIGN_UP(end);
    if (!pd_pa || end > (1ull << 32))
        return false;
    bool rewrote = false;
    while (start < end) {
        uint32_t pdx = PDX(start);
        uint64_t table_end = ((uint64_t)pdx + 1) * PT_SPAN;
        uint64_t chunk_end = end < table_end ? end : table_end;
        uint32_t first = PTX(start);
        uint32_t last = PTX(chunk_end - 1) + 1;
        pte_t *pt = table_of(pdx);
        if (pt)
            rewrote = true;
        else if (!(pt = new_table(pdx, first, last)))
            return false;
        pte_t pte = (uint32_t)start | flags | PTE_P;
        if (first == 0 && last == PT_ENTRIES)
            fill_table(pt, pte);
        else
            fill_entries(pt, first, last, pte);
        start = chunk_end;
    }
    /* Existing entries may have been cached under their old value. */
    if (rewrote && paging_on)
        paging_flush_all();
    return true;
}

/* map_page when va's table does not exist yet: `pte` goes into a new table. Out of
 * line and reached by a tail jump (not a cold section, which would make map_page
 * build a stack frame for it), so the common path needs no stack frame. */
__attribute__((noinline)) static bool map_page_new_table(uint32_t va, pte_t pte)
{
    pte_t *pt = new_table(PDX(va), 0, 0);
    if (!pt)
        return false;
    pt[PTX(va)] = pte;
    flush_page(va);
    return true;
}

/* The common case reads the directory entry once and tests its present bit itself
 * (no table_of: a table at physical 0 is impossible, so no NULL test either). The
 * entry is computed first so that only it and va stay live. */
bool map_page(uint32_t va, paddr_t pa, uint32_t flags)
{
    pte_t pte = (pa & PTE_ADDR_MASK) | flags | PTE_P;
    pde_t pde = directory()[PDX(va)];
    if (!(pde & PTE_P))
        return map_page_new_table(va, pte);
    ((pte_t *)phys_ptr(pde & PTE_ADDR_MASK))[PTX(va)] = pte;
    flush_page(va);
    return true;
}

void unmap_page(uint32_t va)
{
    pte_t *pt = table_of(PDX(va));
    if (!pt)
        return;
    pt[PTX(va)] = 0;
    flush_page(va);
}

bool paging_set_flags(uint32_t va_start, uint64_t va_end, uint32_t flags)
{
    bool all = true;
    for (uint64_t va = PAGE_ALIGN_DOWN((uint64_t)va_start); va < va_end && va < (1ull << 32);
         va += PAGE_SIZE) {
        pte_t *pt = table_of(PDX(va));
        if (!pt || !(pt[PTX(va)] & PTE_P)) {
            all = false;
            continue;
        }
        pt[PTX(va)] = (pt[PTX(va)] & PTE_ADDR_MASK) | flags | PTE_P;
        flush_page((uint32_t)va);
    }
    return all;
}

void paging_flush_all(void)
{
    if (!paging_on)
        return;
    full_flushes++;
#ifndef HOST_TEST
    /* Writing CR3 drops every non-global TLB entry (no PTE_G is ever set). */
    write_cr3(read_cr3());
#endif
}

bool paging_walk(uint32_t va, pte_t *pte)
{
    if (!pd_pa)
        return false;
    pte_t *pt = table_of(PDX(va));
    if (!pt || !(pt[PTX(va)] & PTE_P))
        return false;
    if (pte)
        *pte = pt[PTX(va)];
    return true;
}

paddr_t paging_directory(void) { return pd_pa; }
uint32_t paging_table_count(void) { return tables; }
bool paging_is_on(void) { return paging_on; }
uint32_t paging_invlpg_count(void) { return invlpgs; }
uint32_t paging_flush_all_count(void) { return full_flushes; }

/*
 * Turning paging on (Intel SDM vol. 3, 2.5 "Control Registers" and 4.1):
 *  - CR4.PAE must be clear, or the CPU reads these 32-bit tables as PAE tables; it
 *    may only change while CR0.PG is clear, so paging is switched off first if a
 *    previous owner left it on (harmless: everything we run on is identity mapped).
 *  - CR3 must hold the *physical* address of the page directory (page aligned, low
 *    flag bits PWT/PCD left 0: write-back).
 *  - CR0 is written whole rather than read-modify-written, so no state the firmware
 *    left behind survives: PE (protected mode), MP and NE (FPU faults as #MF), WP
 *    (supervisor writes honour read-only PTEs, which makes .text and .rodata really
 *    read-only for the kernel) and PG set; CD and NW clear. OVMF ia32 hands over
 *    with CD set, i.e. caching off, which makes everything several times slower.
 *    EM, TS, AM are clear as well.
 *  - After the write that sets PG, the very next instruction fetch is translated
 *    through the new tables. The code doing it (this function, and its caller's
 *    stack) must therefore be identity mapped, which the kernel image is.
 */
void paging_enable(void)
{
#ifndef HOST_TEST
    uint32_t cr0 = read_cr0();
    if (cr0 & CR0_PG)
        write_cr0(cr0 & ~CR0_PG);
    write_cr4(read_cr4() & ~CR4_PAE);
    write_cr3(pd_pa);
    write_cr0(CR0_PE | CR0_MP | CR0_NE | CR0_WP | CR0_PG);
#endif
    paging_on = true;
}
