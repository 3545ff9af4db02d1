/* frames.c - the self-tests `frames_sample` (quick: sampled frames of every free region
 * and a few allocations) and, under selftest=full, `identity_rw` and `frames_all`: every
 * free frame taken, checked against what must never be handed out, written, given back. */
#include <stdbool.h>
#include <stdint.h>

#include "../mm/frames.h"
#include "../mm/heap.h"
#include "../mm/mm.h"
#include "check.h"

/* True when a lies in one of the n sorted, disjoint regions. */
static bool in_region_list(const struct region *r, uint32_t n, uint64_t a)
{
    uint32_t lo = 0, hi = n; /* regions are sorted and disjoint: binary search */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (a < r[mid].base)
            hi = mid;
        else if (a >= r[mid].end)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

/* Written into each frame taken, so the frames form a chain from the last one
 * taken to the first; a frame handed out twice is overwritten by its second tag
 * and breaks the index sequence where the chain passes it the first time. */
struct frame_tag {
    uint32_t magic;
    paddr_t self;
    uint32_t index;
    paddr_t prev;
};
#define TAG_MAGIC 0x46726D54u

static uint32_t table_pa[PD_ENTRIES]; /* sorted page-table frames of the live directory */
static uint32_t ntables;

static void collect_tables(void)
{
    const pde_t *pd = phys_ptr(paging_directory());
    ntables = 0;
    for (uint32_t i = 0; i < PD_ENTRIES; i++) {
        if (!(pd[i] & PTE_P))
            continue;
        uint32_t pa = pd[i] & PTE_ADDR_MASK, j = ntables++;
        for (; j > 0 && table_pa[j - 1] > pa; j--) /* insertion sort: at most 1024 */
            table_pa[j] = table_pa[j - 1];
        table_pa[j] = pa;
    }
}

static bool is_table(uint32_t pa)
{
    uint32_t lo = 0, hi = ntables;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (table_pa[mid] == pa)
            return true;
        if (table_pa[mid] < pa)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/* Why frame pa must never be handed out, or NULL when it is fine. */
static const char *reserved_reason(paddr_t pa)
{
    const struct kernel_layout *k = mm_layout();
    const struct memmap *m = mm_regions();
    uintptr_t hb;
    uint32_t hs;
    heap_range(&hb, &hs);
    if (pa == 0)
        return "frame 0";
    if (!in_region_list(m->free, m->nfree, pa))
        return "outside the free regions";
    if (pa + PAGE_SIZE > k->image_start && pa < k->image_end)
        return "inside the kernel image";
    if (pa + PAGE_SIZE > hb && pa < hb + hs)
        return "inside the heap";
    if (pa == paging_directory() || is_table(pa))
        return "a page table";
    if (!(cpu_walk(pa, 0) & PTE_W) || (cpu_walk(pa, 0) & PTE_ADDR_MASK) != pa)
        return "not identity-mapped writable";
    return 0;
}

static bool give_back(uint32_t count, paddr_t last, bool rw_test);

/* Takes every free frame. Stops with a FAIL at the first reserved one (it is kept:
 * giving it back would be wrong too). Returns the count, *last = chain head. */
static bool take_all(uint32_t *count, paddr_t *last)
{
    paddr_t prev = 0;
    uint32_t n = 0;
    collect_tables();
    for (paddr_t pa; (pa = frame_alloc()) != FRAME_NONE; n++) {
        const char *why = reserved_reason(pa);
        if (why) {
            *count = *last = 0;
            give_back(n, prev, false); /* the good ones; the bad one stays taken */
            return FAIL("frame_alloc returned 0x%08x: %s", pa, why);
        }
        struct frame_tag *t = phys_ptr(pa);
        *t = (struct frame_tag){ TAG_MAGIC, pa, n, prev };
        prev = pa;
    }
    *count = n;
    *last = prev;
    return true;
}

/* Words of a frame for the identity test: differ per frame, per word and per pass. */
static uint32_t pattern(paddr_t pa, uint32_t i, uint32_t pass)
{
    uint32_t v = pa + i * 4;
    return pass == 0 ? v : pass == 1 ? ~v : pass == 2 ? 0xA5A5A5A5u : 0x5A5A5A5Au;
}

#define RW_PASSES 4u
#define RW_EVERY 256u /* identity test: one frame in this many, plus the last */

static bool rw_frame(paddr_t pa)
{
    volatile uint32_t *w = phys_ptr(pa);
    for (uint32_t pass = 0; pass < RW_PASSES; pass++) {
        for (uint32_t i = 0; i < PAGE_SIZE / 4; i++)
            w[i] = pattern(pa, i, pass);
        for (uint32_t i = 0; i < PAGE_SIZE / 4; i++)
            if (w[i] != pattern(pa, i, pass))
                return FAIL("frame 0x%08x word %u read 0x%08x wrote 0x%08x", pa, i, w[i],
                            pattern(pa, i, pass));
    }
    return true;
}

/* Walks the chain from `last` down, checks every tag, optionally tests sampled
 * frames, and frees each frame. Stops at the first broken tag. */
static bool give_back(uint32_t count, paddr_t last, bool rw_test)
{
    bool ok = true;
    paddr_t pa = last;
    for (uint32_t i = count; i-- > 0;) {
        const struct frame_tag *t = phys_ptr(pa);
        if (t->magic != TAG_MAGIC || t->self != pa || t->index != i)
            return FAIL("frame 0x%08x tag index %u, expected %u: handed out twice", pa, t->index, i);
        paddr_t prev = t->prev;
        if (ok && rw_test && (i % RW_EVERY == 0 || i == count - 1))
            ok = rw_frame(pa);
        if (!frame_free(pa))
            return FAIL("frame_free(0x%08x) refused a frame it handed out", pa);
        pa = prev;
    }
    return ok;
}

bool check_identity_rw(void)
{
    uint32_t n;
    paddr_t last;
    if (!take_all(&n, &last))
        return false;
    if (n == 0)
        return FAIL("no free frames to test");
    return give_back(n, last, true);
}

bool check_frames_all(void)
{
    struct frame_stats before, after;
    frame_stats(&before);
    uint32_t errs = frame_errors(), n;
    paddr_t last;
    if (!take_all(&n, &last))
        return false;
    if (n != before.free)
        return FAIL("took %u frames, stats said %u free", n, before.free);
    struct frame_stats empty;
    frame_stats(&empty);
    if (empty.free != 0)
        return FAIL("free=%u after taking every frame", empty.free);
    if (!give_back(n, last, false))
        return false;
    frame_stats(&after);
    if (after.free != before.free || after.used != before.used)
        return FAIL("free %u->%u used %u->%u", before.free, after.free, before.used, after.used);
    if (frame_errors() != errs)
        return FAIL("frame_errors %u->%u", errs, frame_errors());

    /* Misuse must be refused and counted, and change nothing. */
    kprintf("selftest: frames_all: the next 2 expect: lines are deliberate misuse\n");
    kerr_expect(true);
    paddr_t pa = frame_alloc();
    if (pa == FRAME_NONE || !frame_free(pa))
        return FAIL("alloc/free of one frame failed");
    if (frame_free(pa) || frame_errors() != errs + 1)
        return kerr_expect(false),
               FAIL("double free of 0x%08x not caught (errors %u)", pa, frame_errors() - errs);
    bool kernel_refused = !frame_free(mm_layout()->image_start);
    kerr_expect(false);
    if (!kernel_refused || frame_errors() != errs + 2)
        return FAIL("free of kernel frame 0x%08x not caught", mm_layout()->image_start);
    frame_stats(&after);
    if (after.free != before.free)
        return FAIL("free %u->%u after the misuse", before.free, after.free);
    return true;
}

#define SAMPLES_PER_REGION 8u /* frames_sample: first, last and evenly between */
#define SAMPLE_ALLOCS 32u     /* frames_sample: frames taken and given back */

/* A sampled frame: a free one must be fine to hand out (reserved_reason) and hold
 * what is written to it; one in use is skipped (its owner's data stays). */
static bool sample_frame(paddr_t pa, uint32_t *tested)
{
    if (!frame_is_free(pa))
        return true;
    const char *why = reserved_reason(pa);
    if (why)
        return FAIL("free frame 0x%08x: %s", pa, why);
    (*tested)++;
    return rw_frame(pa);
}

/* Quick: SAMPLES_PER_REGION frames of every free region (so the cost does not grow
 * with RAM), the frames that must never be free, and SAMPLE_ALLOCS allocations
 * checked and given back with the counts as before. */
bool check_frames_sample(void)
{
    const struct memmap *m = mm_regions();
    uint32_t tested = 0, errs = frame_errors();
    collect_tables();
    for (uint32_t i = 0; i < m->nfree; i++) {
        uint64_t lo = (m->free[i].base + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
        uint64_t hi = m->free[i].end & ~(uint64_t)(PAGE_SIZE - 1);
        if (hi <= lo || lo >= FOUR_GIB)
            continue;
        uint64_t pages = (hi - lo) / PAGE_SIZE;
        for (uint32_t s = 0; s < SAMPLES_PER_REGION; s++) {
            uint64_t k = pages == 1 ? 0 : s * (pages - 1) / (SAMPLES_PER_REGION - 1);
            if (!sample_frame((paddr_t)(lo + k * PAGE_SIZE), &tested))
                return false;
        }
    }
    if (tested == 0)
        return FAIL("no free frame sampled");
    const struct kernel_layout *k = mm_layout();
    if (frame_is_free(k->image_start) || frame_is_free(paging_directory()) || frame_is_free(0))
        return FAIL("kernel 0x%08x, page directory or frame 0 marked free", k->image_start);

    struct frame_stats before, after;
    frame_stats(&before);
    paddr_t got[SAMPLE_ALLOCS];
    uint32_t n = 0;
    bool ok = true;
    for (; n < SAMPLE_ALLOCS && ok; n++) {
        got[n] = frame_alloc();
        const char *why = got[n] == FRAME_NONE ? "out of frames" : reserved_reason(got[n]);
        if (why)
            ok = FAIL("frame_alloc returned 0x%08x: %s", got[n], why);
        else
            *(struct frame_tag *)phys_ptr(got[n]) = (struct frame_tag){ TAG_MAGIC, got[n], n, 0 };
    }
    for (uint32_t i = 0; i < n && ok; i++) {
        const struct frame_tag *t = phys_ptr(got[i]);
        if (t->magic != TAG_MAGIC || t->self != got[i] || t->index != i)
            ok = FAIL("frame 0x%08x tag index %u, expected %u: handed out twice", got[i], t->index,
                      i);
    }
    for (uint32_t i = 0; i < n; i++)
        if (got[i] != FRAME_NONE && !frame_free(got[i]) && ok)
            ok = FAIL("frame_free(0x%08x) refused a frame it handed out", got[i]);
    if (!ok)
        return false;
    frame_stats(&after);
    if (after.free != before.free || after.used != before.used)
        return FAIL("free %u->%u used %u->%u", before.free, after.free, before.used, after.used);
    if (frame_errors() != errs)
        return FAIL("frame_errors %u->%u", errs, frame_errors());
    return true;
}
