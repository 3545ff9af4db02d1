/* walk.c - the self-test `walk`: the live page tables, read by the CPU's own walk and by
 * paging_walk, page for page as the mapping table (kernel/mm/kmap.h) says they must be. */
#include <stdbool.h>
#include <stdint.h>

#include "../arch/cpu.h"
#include "../mm/kmap.h"
#include "../mm/mm.h"
#include "check.h"

#define SAMPLE_STEP MiB   /* walk, full: one sampled page per MiB of RAM and of holes */
#define QUICK_SAMPLES 16u /* walk, quick: pages sampled inside each span, at most */

pte_t cpu_walk(uint32_t va, pte_t **slot)
{
    const pde_t *pd = phys_ptr(read_cr3() & PTE_ADDR_MASK);
    pde_t pde = pd[PDX(va)];
    if (!(pde & PTE_P))
        return 0;
    pte_t *pt = phys_ptr(pde & PTE_ADDR_MASK);
    if (slot)
        *slot = &pt[PTX(va)];
    return (pt[PTX(va)] & PTE_P) ? pt[PTX(va)] : 0;
}

/* One sampled page: paging_walk and the CPU walk agree with each other and with what
 * the mapping table says (kmap_lookup, the table the page tables were built from).
 * KMAP_FB pages, like RAM, must have neither PCD nor PWT set, so the memory type comes
 * from the firmware's MTRRs (write-combining for the framebuffer on OVMF and most
 * PCs); PCD would make it strong-uncacheable. Counts what it checked in *n. */
static bool check_page(uint32_t va, uint32_t *n)
{
    va &= PTE_ADDR_MASK;
    pte_t mine = 0;
    bool present = paging_walk(va, &mine);
    pte_t cpu = cpu_walk(va, 0);
    (*n)++;
    if (present != (cpu != 0) || (present && mine != cpu))
        return FAIL("va=0x%08x paging_walk=0x%08x cpu_walk=0x%08x", va, present ? mine : 0, cpu);
    enum kmap_prot e = kmap_lookup(mm_kmap(), va);
    if (e == KMAP_ABSENT)
        return present ? FAIL("va=0x%08x pte=0x%08x should be absent", va, cpu) : true;
    if (!present)
        return FAIL("va=0x%08x not present", va);
    if ((cpu & PTE_ADDR_MASK) != va)
        return FAIL("va=0x%08x maps pa=0x%08x", va, cpu & PTE_ADDR_MASK);
    if (!!(cpu & PTE_W) != (e != KMAP_RO))
        return FAIL("va=0x%08x pte=0x%08x want %s", va, cpu, e == KMAP_RO ? "ro" : "rw");
    if (cpu & (PTE_PCD | PTE_PWT))
        return FAIL("va=0x%08x pte=0x%08x want PCD and PWT clear (memory type from the MTRRs)", va,
                    cpu);
    return true;
}

/* First and last page of [lo, hi), and every SAMPLE_STEP boundary inside it (full),
 * or at most QUICK_SAMPLES pages evenly inside it (quick: the cost does not grow with
 * RAM). */
static bool check_span(uint64_t lo, uint64_t hi, uint32_t *n)
{
    if (lo >= hi)
        return true;
    if (!check_page((uint32_t)lo, n) || !check_page((uint32_t)(hi - PAGE_SIZE), n))
        return false;
    if (!selftest_full) {
        uint64_t step = ((hi - lo) / (QUICK_SAMPLES + 1)) & ~(uint64_t)(PAGE_SIZE - 1);
        for (uint64_t a = lo + step; step && a < hi; a += step)
            if (!check_page((uint32_t)a, n))
                return false;
        return true;
    }
    for (uint64_t a = (lo + SAMPLE_STEP) & ~(uint64_t)(SAMPLE_STEP - 1); a < hi; a += SAMPLE_STEP)
        if (!check_page((uint32_t)a, n))
            return false;
    return true;
}

bool check_walk(void)
{
    uint32_t cr0 = read_cr0();
    if (!(cr0 & CR0_PG) || !(cr0 & CR0_WP) || (cr0 & (CR0_CD | CR0_NW)))
        return FAIL("cr0=0x%08x want PG WP set, CD NW clear", cr0);
    if ((read_cr3() & PTE_ADDR_MASK) != paging_directory())
        return FAIL("cr3=0x%08x directory=0x%08x", read_cr3(), paging_directory());
    const struct memmap *m = mm_regions();
    if (m->nram == 0)
        return FAIL("no RAM regions");
    uint32_t n = 0;
    uint64_t prev_end = 0;
    for (uint32_t i = 0; i < m->nram; i++) {
        if (!check_span(prev_end, m->ram[i].base, &n) || /* the hole below */
            !check_span(m->ram[i].base, m->ram[i].end, &n))
            return false;
        prev_end = m->ram[i].end;
    }
    if (!check_span(prev_end, FOUR_GIB, &n))
        return false;
    /* First and last page of every range of the table: the image, boot information,
     * modules, stack, framebuffer, read-only text, guard and null page. */
    const struct kmap *km = mm_kmap();
    for (uint32_t i = 0; i < km->n; i++)
        if (!check_page((uint32_t)km->r[i].base, &n) ||
            !check_page((uint32_t)(km->r[i].end - PAGE_SIZE), &n))
            return false;
    return n > 2 * m->nram ? true : FAIL("only %u pages sampled", n);
}
