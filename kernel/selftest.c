/* selftest.c - boot self-tests run once paging is on: the live page tables, faults,
 * the TLB, the frame allocator and the heap, one `selftest: NAME ok|FAIL` line each. */
#include "selftest.h"

#include <stdbool.h>
#include <stdint.h>

#include "arch/cpu.h"
#include "arch/probe.h"
#include "lib/kprintf.h"
#include "lib/string.h"
#include "mm/frames.h"
#include "mm/heap.h"
#include "mm/mm.h"
#include "mm/paging.h"

#define VEC_PF 14u
#define MiB (1024u * 1024u)
#define FOUR_GIB (1ull << 32)
#define SAMPLE_STEP MiB /* walk: one sampled page per MiB of RAM and of holes */

/* Why a check failed: set by FAIL(), printed after "FAIL". */
static char detail[160];
#define FAIL(...) (ksnprintf(detail, sizeof detail, __VA_ARGS__), false)

/* ---- the page tables as the CPU sees them ---- */

/* The walk the MMU does, from CR3 through physical pointers, sharing nothing with
 * paging.c: the PTE when va is present at both levels, else 0. */
static pte_t cpu_walk(uint32_t va, pte_t **slot)
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

static uint64_t fb_base, fb_end; /* 0, 0 when no framebuffer was mapped */

static bool in_fb(uint64_t a) { return a >= fb_base && a < fb_end; }

/* EXPECT_FB: writable, and neither PCD nor PWT set, so the memory type comes from
 * the firmware's MTRRs (write-combining for the framebuffer on OVMF and most PCs);
 * PCD would make it strong-uncacheable. RAM pages must be cacheable too. */
enum expect { EXPECT_ABSENT, EXPECT_RO, EXPECT_RW, EXPECT_FB };

/* What the page at va must look like, from the regions and the layout alone. */
static enum expect expected(uint32_t va)
{
    const struct kernel_layout *k = mm_layout();
    if (va == 0 || va == (k->stack_guard & PTE_ADDR_MASK))
        return EXPECT_ABSENT;
    /* Read-only: whole pages of [text_start, rodata_end), rounded inward. */
    uint64_t ro_lo = PAGE_ALIGN_UP((uint64_t)k->text_start);
    uint64_t ro_hi = PAGE_ALIGN_DOWN((uint64_t)k->rodata_end);
    if (in_region_list(mm_regions()->ram, mm_regions()->nram, va))
        return (va >= ro_lo && va < ro_hi) ? EXPECT_RO : EXPECT_RW;
    return in_fb(va) ? EXPECT_FB : EXPECT_ABSENT;
}

/* One sampled page: paging_walk and the CPU walk agree with each other and with the
 * expectation. Counts what it checked in *n. */
static bool check_page(uint32_t va, uint32_t *n)
{
    va &= PTE_ADDR_MASK;
    pte_t mine = 0;
    bool present = paging_walk(va, &mine);
    pte_t cpu = cpu_walk(va, 0);
    (*n)++;
    if (present != (cpu != 0) || (present && mine != cpu))
        return FAIL("va=0x%08x paging_walk=0x%08x cpu_walk=0x%08x", va, present ? mine : 0, cpu);
    enum expect e = expected(va);
    if (e == EXPECT_ABSENT)
        return present ? FAIL("va=0x%08x pte=0x%08x should be absent", va, cpu) : true;
    if (!present)
        return FAIL("va=0x%08x not present", va);
    if ((cpu & PTE_ADDR_MASK) != va)
        return FAIL("va=0x%08x maps pa=0x%08x", va, cpu & PTE_ADDR_MASK);
    if (!!(cpu & PTE_W) != (e != EXPECT_RO))
        return FAIL("va=0x%08x pte=0x%08x want %s", va, cpu, e == EXPECT_RO ? "ro" : "rw");
    if (cpu & (PTE_PCD | PTE_PWT))
        return FAIL("va=0x%08x pte=0x%08x want PCD and PWT clear (memory type from the MTRRs)",
                    va, cpu);
    return true;
}

/* First and last page of [lo, hi), and every SAMPLE_STEP boundary inside it. */
static bool check_span(uint64_t lo, uint64_t hi, uint32_t *n)
{
    if (lo >= hi)
        return true;
    if (!check_page((uint32_t)lo, n) || !check_page((uint32_t)(hi - PAGE_SIZE), n))
        return false;
    for (uint64_t a = (lo + SAMPLE_STEP) & ~(uint64_t)(SAMPLE_STEP - 1); a < hi; a += SAMPLE_STEP)
        if (!check_page((uint32_t)a, n))
            return false;
    return true;
}

static bool check_walk(void)
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
    if (fb_end && (!check_page((uint32_t)fb_base, &n) || !check_page((uint32_t)(fb_end - 1), &n)))
        return false;
    return n > 2 * m->nram ? true : FAIL("only %u pages sampled", n);
}

/* ---- every free frame, taken and given back ---- */

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

static bool check_identity_rw(void)
{
    uint32_t n;
    paddr_t last;
    if (!take_all(&n, &last))
        return false;
    if (n == 0)
        return FAIL("no free frames to test");
    return give_back(n, last, true);
}

static bool check_frames_all(void)
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
    kprintf("selftest: frames_all: the next 2 error lines are deliberate misuse\n");
    paddr_t pa = frame_alloc();
    if (pa == FRAME_NONE || !frame_free(pa))
        return FAIL("alloc/free of one frame failed");
    if (frame_free(pa) || frame_errors() != errs + 1)
        return FAIL("double free of 0x%08x not caught (errors %u)", pa, frame_errors() - errs);
    if (frame_free(mm_layout()->image_start) || frame_errors() != errs + 2)
        return FAIL("free of kernel frame 0x%08x not caught", mm_layout()->image_start);
    frame_stats(&after);
    if (after.free != before.free)
        return FAIL("free %u->%u after the misuse", before.free, after.free);
    return true;
}

/* ---- faults ---- */

static void probe_reset(void) { memset(&probe_last, 0, sizeof probe_last); }

/* A probe that must page-fault at `addr` with exactly the error bits `want` among
 * P and W (P clear: not present; P set: protection). */
static bool expect_pf(int r, uint32_t addr, uint32_t want)
{
    if (r == PROBE_OK)
        return FAIL("access to 0x%08x did not fault", addr);
    if ((uint32_t)r != VEC_PF)
        return FAIL("0x%08x: vector %d, want 14", addr, r);
    if (probe_last.cr2 != addr)
        return FAIL("cr2=0x%08x want 0x%08x", probe_last.cr2, addr);
    if ((probe_last.error_code & (PF_ERR_P | PF_ERR_W)) != want)
        return FAIL("0x%08x: error code 0x%x want P=%u W=%u", addr, probe_last.error_code,
                    want & PF_ERR_P ? 1u : 0u, want & PF_ERR_W ? 1u : 0u);
    return true;
}

static bool check_null(void)
{
    uint32_t v;
    probe_reset();
    return expect_pf(probe_read32(0, &v), 0, 0);
}

static const uint32_t ro_word = 0x600DC0DEu; /* lives in .rodata */

static bool check_ro_word(uintptr_t addr)
{
    const struct kernel_layout *k = mm_layout();
    if (addr < k->text_start || addr + 4 > k->rodata_end)
        return FAIL("0x%08x outside [0x%08x, 0x%08x)", (uint32_t)addr, k->text_start, k->rodata_end);
    uint32_t before = *(const volatile uint32_t *)addr;
    probe_reset();
    int r = probe_write32(addr, ~before);
    if (r == PROBE_OK) /* writable after all: put the code/constant back before failing */
        probe_write32(addr, before);
    if (!expect_pf(r, (uint32_t)addr, PF_ERR_P | PF_ERR_W))
        return false;
    uint32_t now = *(const volatile uint32_t *)addr;
    return now == before ? true : FAIL("0x%08x changed 0x%08x->0x%08x", (uint32_t)addr, before, now);
}

static bool check_text_ro(void)
{
    return check_ro_word((uintptr_t)&selftest_run) && check_ro_word((uintptr_t)&ro_word);
}

static bool check_guard(void)
{
    uint32_t g = mm_layout()->stack_guard, v;
    if (g == 0)
        return FAIL("no stack guard in the layout");
    probe_reset();
    return expect_pf(probe_read32(g, &v), g, 0);
}

/* ---- TLB ---- */

/* A page-aligned VA below 4 GiB that no region, framebuffer or mapping uses. */
static uint32_t scratch_va(void)
{
    const struct memmap *m = mm_regions();
    for (uint64_t va = 0xE0000000u; va >= 16 * MiB; va -= 16 * MiB)
        if (!in_region_list(m->ram, m->nram, va) && !in_fb(va) && !paging_walk((uint32_t)va, 0) &&
            !cpu_walk((uint32_t)va, 0))
            return (uint32_t)va;
    return 0;
}

#define VALUE_A 0xAAAA0001u
#define VALUE_B 0xBBBB0002u

/*
 * The TLB may keep a translation after its PTE changed until that page is
 * invalidated (Intel SDM vol. 3, 4.10.4): after rewriting a present PTE, invlpg the
 * VA before relying on the new frame. A stale read without the flush is allowed
 * (and TCG may or may not show one); a stale read after invlpg is a bug.
 */
static bool check_invlpg(void)
{
    uint32_t va = scratch_va();
    if (!va)
        return FAIL("no unused VA found for the test");
    paddr_t a = frame_alloc(), b = frame_alloc();
    if (a == FRAME_NONE || b == FRAME_NONE)
        return FAIL("no frames for the test");
    *(volatile uint32_t *)phys_ptr(a) = VALUE_A;
    *(volatile uint32_t *)phys_ptr(b) = VALUE_B;
    volatile uint32_t *p = (volatile uint32_t *)(uintptr_t)va;
    bool ok = true;
    pte_t *slot = 0;
    if (!map_page(va, a, PTE_W))
        ok = FAIL("map_page(0x%08x) failed", va);
    else if (*p != VALUE_A) /* this read caches the translation */
        ok = FAIL("0x%08x read 0x%08x, want A 0x%08x", va, *p, VALUE_A);
    else if (!cpu_walk(va, &slot))
        ok = FAIL("0x%08x not in the live tables after map_page", va);
    if (ok) {
        /* Retarget behind paging.c's back: no invalidation on purpose. */
        *(volatile pte_t *)slot = b | PTE_P | PTE_W;
        __asm__ volatile("" ::: "memory");
        uint32_t seen = *p;
        if (seen != VALUE_A && seen != VALUE_B)
            ok = FAIL("without flush read 0x%08x, neither A nor B", seen);
        else
            kprintf("tlb: stale_without_flush=%s\n", seen == VALUE_A ? "yes" : "no");
        invlpg(va);
        if (ok && (seen = *p) != VALUE_B)
            ok = FAIL("after invlpg read 0x%08x, want B 0x%08x", seen, VALUE_B);
    }
    unmap_page(va);
    uint32_t v;
    probe_reset();
    if (ok)
        ok = expect_pf(probe_read32(va, &v), va, 0);
    frame_free(a);
    frame_free(b);
    return ok;
}

/* ---- heap ---- */

#define HEAP_SLOTS 64
#define HEAP_ROUNDS 3000

static uint32_t rng_state = 0x12345678u;
static uint32_t rng(void) /* xorshift32: reproducible sizes and order */
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static uint8_t *slot_p[HEAP_SLOTS];
static uint32_t slot_n[HEAP_SLOTS];

static uint8_t fill_byte(uint32_t slot, uint32_t i) { return (uint8_t)(slot * 31 + i); }

static bool heap_free_slot(uint32_t s)
{
    uint8_t *p = slot_p[s];
    uint32_t n = slot_n[s];
    for (uint32_t i = 0; i < n; i++)
        if (p[i] != fill_byte(s, i))
            return FAIL("block %p byte %u changed to 0x%02x", (void *)p, i, p[i]);
    kfree(p);
    slot_p[s] = 0;
    /* Past the free-list links the payload must now be poison (also when it was
     * merged into a neighbour, whose header moved away from here). */
    for (uint32_t i = 16; i < n; i++)
        if (p[i] != HEAP_POISON)
            return FAIL("freed block %p byte %u is 0x%02x, not poison", (void *)p, i, p[i]);
    return true;
}

static uint32_t heap_size_of(uint32_t r)
{
    switch (r % 8) {
    case 0: return 1 + r % 15;         /* tiny */
    case 7: return 4096 + r % 12288;   /* several pages */
    default: return 1 + r % 1024;
    }
}

static bool heap_stress(void)
{
    for (uint32_t round = 0; round < HEAP_ROUNDS; round++) {
        uint32_t r = rng(), s = r % HEAP_SLOTS;
        if (slot_p[s]) {
            if (!heap_free_slot(s))
                return false;
            continue;
        }
        uint32_t n = heap_size_of(r >> 8);
        uint8_t *p = kmalloc(n);
        if (!p)
            continue; /* a small heap may run out: that is allowed */
        if ((uintptr_t)p % HEAP_ALIGN)
            return FAIL("kmalloc(%u) = %p not %u-aligned", n, (void *)p, HEAP_ALIGN);
        for (uint32_t i = 0; i < n; i++)
            p[i] = fill_byte(s, i);
        slot_p[s] = p;
        slot_n[s] = n;
        if (round % 500 == 0 && !heap_check())
            return FAIL("heap_check failed at round %u", round);
    }
    for (uint32_t s = 0; s < HEAP_SLOTS; s++)
        if (slot_p[s] && !heap_free_slot(s))
            return false;
    return true;
}

static bool check_heap(void)
{
    struct heap_stats before, after;
    heap_consolidate();
    heap_stats(&before);
    uint32_t errs = heap_errors();
    if (!heap_check())
        return FAIL("heap_check failed before the test");
    if (!heap_stress())
        return false;
    if (!heap_check())
        return FAIL("heap_check failed after the stress");

    uint8_t *z = kzalloc(300);
    if (!z)
        return FAIL("kzalloc(300) failed");
    for (uint32_t i = 0; i < 300; i++)
        if (z[i])
            return FAIL("kzalloc byte %u is 0x%02x", i, z[i]);
    kfree(z);
    if (kmalloc(before.size) != 0)
        return FAIL("kmalloc of the whole heap (%u) succeeded", before.size);

    /* A write after free must be found by heap_check (it prints one line). */
    kprintf("selftest: heap: the next 2 error lines are deliberate misuse\n");
    uint8_t *p = kmalloc(256), *q = kmalloc(16);
    if (!p || !q)
        return FAIL("kmalloc(256/16) failed");
    kfree(p);
    p[100] ^= 0xFF;
    bool caught = !heap_check();
    p[100] ^= 0xFF;
    if (!caught)
        return FAIL("write after free not found by heap_check");
    kfree(q);

    /* A deliberate double free: reported (one line), counted, ignored. */
    p = kmalloc(64);
    kfree(p);
    kfree(p);
    if (heap_errors() != errs + 1)
        return FAIL("double free: heap_errors %u->%u, want +1", errs, heap_errors());

    if (!heap_check())
        return FAIL("heap_check failed at the end");
    /* Freed small blocks wait in the size cache: emptied, the heap is as before. */
    heap_consolidate();
    if (!heap_check())
        return FAIL("heap_check failed after consolidating the cache");
    heap_stats(&after);
    if (after.used_blocks != before.used_blocks || after.used != before.used ||
        after.free_blocks != before.free_blocks)
        return FAIL("blocks used %u->%u free %u->%u", before.used_blocks, after.used_blocks,
                    before.free_blocks, after.free_blocks);
    if (before.used_blocks == 0 && after.free_blocks != 1)
        return FAIL("empty heap in %u free blocks, not 1", after.free_blocks);
    return true;
}

/* ---- runner ---- */

struct check {
    const char *name;
    bool (*run)(void);
};

static const struct check checks[] = {
    { "walk", check_walk },
    { "identity_rw", check_identity_rw },
    { "null", check_null },
    { "text_ro", check_text_ro },
    { "invlpg", check_invlpg },
    { "guard", check_guard },
    { "frames_all", check_frames_all },
    { "heap", check_heap },
};

int selftest_run(void)
{
    int passed = 0, failed = 0;
    if (!mm_framebuffer(&fb_base, &fb_end))
        fb_base = fb_end = 0;
    for (uint32_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        detail[0] = '\0';
        if (checks[i].run()) {
            kprintf("selftest: %s ok\n", checks[i].name);
            passed++;
        } else {
            kprintf("selftest: %s FAIL %s\n", checks[i].name, detail);
            failed++;
        }
    }
    kprintf("selftest: %d passed, %d failed\n", passed, failed);
    return failed;
}
