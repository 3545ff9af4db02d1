/* ops.c - instructions per operation of the kernel's frame allocator, map_page and
 * kmalloc/kfree, beside naive baselines, counted under valgrind --tool=callgrind.
 *
 * Run as `valgrind --tool=callgrind --collect-atstart=no build/bench/ops`: every
 * measured loop is bracketed by client requests that zero the counters, collect,
 * and dump them under the loop's name, so setup is never counted. The program
 * prints `name ops` lines (how many operations each dump covers); bench/report.py
 * divides. Outside valgrind the requests do nothing and the program just runs.
 *
 * Each loop is run a second time with empty functions of the same signatures in
 * place of the measured ones (dumped as NAME_loop): what the benchmark's own loop,
 * calls and returns cost, which report.py subtracts to get the operation's cost. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/callgrind.h>

#include "bench/ovmf_map.h"
#include "kernel/mm/frames.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/paging.h"
#include "tests/unit/sim_phys.h"

#define BITS 32u
#define FULL 0xFFFFFFFFu
#define NAIVE_LEVELS 64u   /* fill levels at which the naive allocator is sampled */
#define NAIVE_PER_LEVEL 16u
#define MAP_OPS 100000u
#define HEAP_BYTES (16u << 20)
#define HEAP_OPS 100000u
#define REQ_BYTES 64u
#define LARGE_REQ_BYTES 512u /* above the cache's 256-byte blocks: the free-list path */
#define JUNK 0x01010101u   /* what a freed page is filled with, as xv6 does */

static struct memmap regions;

static void die(const char *what)
{
    fprintf(stderr, "bench/ops: %s\n", what);
    exit(1);
}

#define MEASURE_BEGIN()          \
    do {                         \
        CALLGRIND_ZERO_STATS;    \
        CALLGRIND_TOGGLE_COLLECT; \
    } while (0)
#define MEASURE_END(name)               \
    do {                                \
        CALLGRIND_TOGGLE_COLLECT;       \
        CALLGRIND_DUMP_STATS_AT(name);  \
    } while (0)

/* ---- empty stand-ins, for the cost of the loops themselves ---- */

__attribute__((noipa)) static paddr_t stub_alloc(void) { return PAGE_SIZE; }
__attribute__((noipa)) static bool stub_free(paddr_t pa) { return pa != 0; }
__attribute__((noipa)) static bool stub_map(uint32_t va, paddr_t pa, uint32_t f)
{
    return va || pa || f;
}
__attribute__((noipa)) static bool stub_map_range(uint32_t va, uint32_t size, paddr_t pa,
                                                  uint32_t f)
{
    return va || size || pa || f;
}
__attribute__((noipa)) static void *stub_malloc(size_t n) { return (void *)n; }
__attribute__((noipa)) static void stub_kfree(void *p) { (void)p; }

/* ---- frame alloc + free: ours, over all of 3 GiB ---- */

static void frames_ours(void)
{
    struct memmap m = regions;
    if (!frames_init(&m))
        die("frames_init failed");
    struct frame_stats s;
    frame_stats(&s);
    uint32_t n = s.free;
    paddr_t *got = malloc((size_t)n * sizeof *got);
    if (!got)
        die("no memory");
    MEASURE_BEGIN();
    for (uint32_t i = 0; i < n; i++)
        got[i] = frame_alloc();
    for (uint32_t i = 0; i < n; i++)
        frame_free(got[i]);
    MEASURE_END("frames_ours");
    MEASURE_BEGIN();
    for (uint32_t i = 0; i < n; i++)
        got[i] = stub_alloc();
    for (uint32_t i = 0; i < n; i++)
        stub_free(got[i]);
    MEASURE_END("frames_ours_loop");
    for (uint32_t i = 0; i < n; i++)
        if (got[i] == FRAME_NONE)
            die("frame_alloc ran out before every free frame was handed out");
    if (frame_alloc() == FRAME_NONE || frame_errors())
        die("frames not all back after freeing");
    printf("frames_ours %u\n", n);
    printf("frames_ours_loop %u\n", n);
    printf("frames_total %u\n", s.total);
    free(got);
}

/* ---- the naive baseline: one bit per frame, scanned from bit 0 on every
 * allocation (whole full words skipped), as simple kernels do ---- */

static uint32_t *naive_map;
static uint32_t naive_words;

static void naive_init(void)
{
    uint32_t frames = (uint32_t)(regions.free[regions.nfree - 1].end >> PAGE_SHIFT);
    naive_words = (frames + BITS - 1) / BITS;
    naive_map = malloc((size_t)naive_words * sizeof *naive_map);
    if (!naive_map)
        die("no memory");
    memset(naive_map, 0xFF, (size_t)naive_words * sizeof *naive_map);
    for (uint32_t r = 0; r < regions.nfree; r++)
        for (uint64_t f = regions.free[r].base >> PAGE_SHIFT; f < regions.free[r].end >> PAGE_SHIFT;
             f++)
            naive_map[f / BITS] &= ~(1u << (f % BITS));
}

__attribute__((noinline)) static paddr_t naive_alloc(void)
{
    for (uint32_t w = 0; w < naive_words; w++) {
        if (naive_map[w] == FULL)
            continue;
        uint32_t bit = (uint32_t)__builtin_ctz(~naive_map[w]);
        naive_map[w] |= 1u << bit;
        return (paddr_t)((w * BITS + bit) << PAGE_SHIFT);
    }
    return FRAME_NONE;
}

__attribute__((noinline)) static void naive_free(paddr_t pa)
{
    uint32_t f = pa >> PAGE_SHIFT;
    naive_map[f / BITS] &= ~(1u << (f % BITS));
}

/* Marks the lowest `n` free frames used, word by word (setup, not measured). */
static void naive_take_lowest(uint32_t n)
{
    for (uint32_t w = 0; w < naive_words && n; w++) {
        while (naive_map[w] != FULL && n) {
            naive_map[w] |= 1u << __builtin_ctz(~naive_map[w]);
            n--;
        }
    }
}

/* The cost of the naive allocator's k-th allocation depends only on k (it scans
 * past the k frames already taken), so the mean over evenly spaced fill levels is
 * its cost amortized over allocating everything; running all ~786k allocations
 * under callgrind would take some 10^10 instructions. Frames are taken lowest
 * first (untimed) to reach each level. */
static void frames_naive(void)
{
    naive_init();
    uint32_t nfree = 0;
    for (uint32_t w = 0; w < naive_words; w++)
        nfree += BITS - (uint32_t)__builtin_popcount(naive_map[w]);
    paddr_t got[NAIVE_PER_LEVEL];
    uint32_t taken = 0;
    for (uint32_t level = 0; level < NAIVE_LEVELS; level++) {
        uint32_t target = (uint32_t)((uint64_t)nfree * (2 * level + 1) / (2 * NAIVE_LEVELS));
        naive_take_lowest(target - taken);
        taken = target;
        MEASURE_BEGIN();
        for (uint32_t i = 0; i < NAIVE_PER_LEVEL; i++)
            got[i] = naive_alloc();
        for (uint32_t i = 0; i < NAIVE_PER_LEVEL; i++)
            naive_free(got[i]);
        MEASURE_END("frames_naive");
        MEASURE_BEGIN();
        for (uint32_t i = 0; i < NAIVE_PER_LEVEL; i++)
            got[i] = stub_alloc();
        for (uint32_t i = 0; i < NAIVE_PER_LEVEL; i++)
            stub_free(got[i]);
        MEASURE_END("frames_naive_loop");
    }
    printf("frames_naive %u\n", NAIVE_LEVELS * NAIVE_PER_LEVEL);
    printf("frames_naive_loop %u\n", NAIVE_LEVELS * NAIVE_PER_LEVEL);
    free(naive_map);
}

/* ---- map_page into a table that already exists ---- */

/* The naive baseline, as teaching kernels (xv6's mappages/walkpgdir) map one page:
 * through the general range mapper, which rounds the range, walks from the
 * directory with a lookup that could allocate a table, and writes each entry. */
__attribute__((noinline)) static pte_t *naive_walk(uint32_t va, bool create)
{
    pde_t *pd = phys_ptr(paging_directory());
    pde_t *pde = &pd[va >> 22];
    pte_t *pt;
    if (*pde & PTE_P) {
        pt = phys_ptr(*pde & PTE_ADDR_MASK);
    } else {
        paddr_t f = create ? frame_alloc() : FRAME_NONE;
        if (f == FRAME_NONE)
            return NULL;
        pt = phys_ptr(f);
        memset(pt, 0, PAGE_SIZE);
        *pde = f | PTE_P | PTE_W;
    }
    return &pt[(va >> PAGE_SHIFT) & (PT_ENTRIES - 1)];
}

__attribute__((noinline)) static bool naive_map_range(uint32_t va, uint32_t size, paddr_t pa,
                                                      uint32_t perm)
{
    uint32_t a = va & ~(PAGE_SIZE - 1), last = (va + size - 1) & ~(PAGE_SIZE - 1);
    for (;;) {
        pte_t *pte = naive_walk(a, true);
        if (!pte)
            return false;
        *pte = pa | perm | PTE_P;
        if (a == last)
            return true;
        a += PAGE_SIZE;
        pa += PAGE_SIZE;
    }
}

static void map_pages(void)
{
    struct memmap m = regions;
    if (!frames_init(&m) || !paging_init() || !paging_map_range(0, BENCH_RAM_BYTES, PTE_W))
        die("identity map failed");
    uint32_t tables = paging_table_count();
    MEASURE_BEGIN();
    for (uint32_t i = 0; i < MAP_OPS; i++)
        map_page(0x40000000u + i * PAGE_SIZE, 0x80000000u + i * PAGE_SIZE, PTE_W);
    MEASURE_END("map_page");
    MEASURE_BEGIN();
    for (uint32_t i = 0; i < MAP_OPS; i++)
        stub_map(0x40000000u + i * PAGE_SIZE, 0x80000000u + i * PAGE_SIZE, PTE_W);
    MEASURE_END("map_page_loop");
    pte_t pte;
    if (paging_table_count() != tables || !paging_walk(0x40000000u, &pte) ||
        (pte & PTE_ADDR_MASK) != 0x80000000u)
        die("map_page did not map into the existing table");
    MEASURE_BEGIN();
    for (uint32_t i = 0; i < MAP_OPS; i++)
        naive_map_range(0x50000000u + i * PAGE_SIZE, PAGE_SIZE, 0x90000000u + i * PAGE_SIZE,
                        PTE_W);
    MEASURE_END("map_page_naive");
    MEASURE_BEGIN();
    for (uint32_t i = 0; i < MAP_OPS; i++)
        stub_map_range(0x50000000u + i * PAGE_SIZE, PAGE_SIZE, 0x90000000u + i * PAGE_SIZE, PTE_W);
    MEASURE_END("map_page_naive_loop");
    if (paging_table_count() != tables || !paging_walk(0x50000000u, &pte) ||
        (pte & PTE_ADDR_MASK) != 0x90000000u)
        die("the naive map_page did not map into the existing table");
    printf("map_page %u\n", MAP_OPS);
    printf("map_page_loop %u\n", MAP_OPS);
    printf("map_page_naive %u\n", MAP_OPS);
    printf("map_page_naive_loop %u\n", MAP_OPS);
}

/* ---- kmalloc + kfree of 64 bytes ---- */

/* kmalloc+kfree of n bytes, dumped as NAME and NAME_loop. At 64 bytes every pair
 * after the first is a pop and a push on the size cache; at 512 bytes each is a
 * first-fit split of the free list and a merge back into it. */
static void heap_pairs(const char *name, const char *loop_name, size_t n)
{
    void *mem = aligned_alloc(PAGE_SIZE, HEAP_BYTES);
    if (!mem)
        die("no memory");
    heap_init(mem, HEAP_BYTES);
    MEASURE_BEGIN();
    for (uint32_t i = 0; i < HEAP_OPS; i++) {
        void *p = kmalloc(n);
        kfree(p);
    }
    MEASURE_END(name);
    MEASURE_BEGIN();
    for (uint32_t i = 0; i < HEAP_OPS; i++) {
        void *p = stub_malloc(n);
        stub_kfree(p);
    }
    MEASURE_END(loop_name);
    if (heap_errors() || !heap_check())
        die("heap damaged by the benchmark");
    printf("%s %u\n", name, HEAP_OPS);
    printf("%s %u\n", loop_name, HEAP_OPS);
    free(mem);
}

/* The naive baseline: a free list of whole pages, each page junk-written when it
 * is freed (xv6's kfree), so a 64-byte request costs a page and a page of writes. */
struct naive_page {
    struct naive_page *next;
};
static struct naive_page *naive_pages;

__attribute__((noinline)) static void naive_kfree(void *p)
{
    uint32_t *w = p;
    for (uint32_t i = 0; i < PAGE_SIZE / sizeof *w; i++)
        w[i] = JUNK;
    struct naive_page *pg = p;
    pg->next = naive_pages;
    naive_pages = pg;
}

__attribute__((noinline)) static void *naive_kmalloc(void)
{
    struct naive_page *pg = naive_pages;
    if (pg)
        naive_pages = pg->next;
    return pg;
}

static void heap_naive(void)
{
    uint8_t *mem = aligned_alloc(PAGE_SIZE, HEAP_BYTES);
    if (!mem)
        die("no memory");
    for (uint32_t off = 0; off < HEAP_BYTES; off += PAGE_SIZE)
        naive_kfree(mem + off); /* filled one junk-written page at a time */
    MEASURE_BEGIN();
    for (uint32_t i = 0; i < HEAP_OPS; i++) {
        void *p = naive_kmalloc();
        if (!p)
            die("naive free list empty");
        naive_kfree(p);
    }
    MEASURE_END("kmalloc_naive");
    MEASURE_BEGIN();
    for (uint32_t i = 0; i < HEAP_OPS; i++) {
        void *p = stub_malloc(REQ_BYTES);
        if (!p)
            die("naive free list empty");
        stub_kfree(p);
    }
    MEASURE_END("kmalloc_naive_loop");
    printf("kmalloc_naive %u\n", HEAP_OPS);
    printf("kmalloc_naive_loop %u\n", HEAP_OPS);
    free(mem);
}

int main(void)
{
    sim_phys_init();
    ovmf_regions(&regions);
    frames_ours();
    frames_naive();
    map_pages();
    heap_pairs("kmalloc_ours", "kmalloc_ours_loop", REQ_BYTES);
    heap_pairs("kmalloc_large", "kmalloc_large_loop", LARGE_REQ_BYTES);
    heap_naive();
    return 0;
}
