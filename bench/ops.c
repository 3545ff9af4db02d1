/* ops.c - instructions per operation of the kernel's frame allocator, map_page and
 * kmalloc/kfree, beside a careful engineer's unchecked versions of each (bench/
 * baseline_*.c), counted under valgrind --tool=callgrind.
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

#include "bench/baseline_frames.h"
#include "bench/baseline_map.h"
#include "bench/baseline_slab.h"
#include "bench/ovmf_map.h"
#include "kernel/mm/frames.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/paging.h"
#include "tests/unit/sim_phys.h"

#define MAP_OPS 100000u
#define HEAP_BYTES (16u << 20)
#define HEAP_OPS 100000u
#define REQ_BYTES 64u
#define LARGE_REQ_BYTES 512u /* above the cache's 256-byte blocks: the free-list path */

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

/* The measured loops are macros, not functions taking pointers, so every call in
 * them stays a direct call, as in the kernel. */

/* n allocations into got[], then n frees of them, dumped as `name`. */
#define MEASURE_FRAME_PAIRS(name, n, got, alloc, release)                                          \
    do {                                                                                           \
        MEASURE_BEGIN();                                                                           \
        for (uint32_t i_ = 0; i_ < (n); i_++)                                                      \
            (got)[i_] = alloc();                                                                   \
        for (uint32_t i_ = 0; i_ < (n); i_++)                                                      \
            release((got)[i_]);                                                                    \
        MEASURE_END(name);                                                                         \
    } while (0)

/* HEAP_OPS times an allocation of `bytes` freed at once, dumped as `name`. */
#define MEASURE_MALLOC_PAIRS(name, bytes, alloc, release)                                          \
    do {                                                                                           \
        MEASURE_BEGIN();                                                                           \
        for (uint32_t i_ = 0; i_ < HEAP_OPS; i_++) {                                               \
            void *p_ = alloc(bytes);                                                               \
            release(p_);                                                                           \
        }                                                                                          \
        MEASURE_END(name);                                                                         \
    } while (0)

/* The `name ops` lines report.py divides by: the loop and its twin of stand-ins. */
static void print_ops(const char *name, uint32_t ops)
{
    printf("%s %u\n", name, ops);
    printf("%s_loop %u\n", name, ops);
}

/* ---- empty stand-ins, for the cost of the loops themselves ---- */

__attribute__((noipa)) static paddr_t stub_alloc(void) { return PAGE_SIZE; }
__attribute__((noipa)) static bool stub_free(paddr_t pa) { return pa != 0; }
__attribute__((noipa)) static void stub_free_void(paddr_t pa) { (void)pa; }
__attribute__((noipa)) static bool stub_map(uint32_t va, paddr_t pa, uint32_t f)
{
    return va || pa || f;
}
__attribute__((noipa)) static void stub_map_direct(paddr_t pd, uint32_t va, paddr_t pa,
                                                   uint32_t f)
{
    (void)pd, (void)va, (void)pa, (void)f;
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
    MEASURE_FRAME_PAIRS("frames_ours", n, got, frame_alloc, frame_free);
    MEASURE_FRAME_PAIRS("frames_ours_loop", n, got, stub_alloc, stub_free);
    for (uint32_t i = 0; i < n; i++)
        if (got[i] == FRAME_NONE)
            die("frame_alloc ran out before every free frame was handed out");
    if (frame_alloc() == FRAME_NONE || frame_errors())
        die("frames not all back after freeing");
    print_ops("frames_ours", n);
    printf("frames_total %u\n", s.total);
    free(got);
}

/* ---- the baseline: one bitmap, a lowest-free hint, no checks (baseline_frames.c),
 * over the same regions and in the same pattern ---- */

static void frames_baseline(void)
{
    uint32_t n = baseline_frames_init(&regions);
    paddr_t *got = malloc((size_t)n * sizeof *got);
    if (!got)
        die("no memory");
    MEASURE_FRAME_PAIRS("frames_baseline", n, got, baseline_frame_alloc, baseline_frame_free);
    MEASURE_FRAME_PAIRS("frames_baseline_loop", n, got, stub_alloc, stub_free_void);
    for (uint32_t i = 0; i < n; i++)
        if (got[i] == 0)
            die("the baseline ran out before every free frame was handed out");
    if (baseline_frame_alloc() == 0)
        die("the baseline's frames not all back after freeing");
    print_ops("frames_baseline", n);
    baseline_frames_done();
    free(got);
}

/* ---- map_page into a table that already exists ---- */

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
    /* The baseline (baseline_map.c) into the same, existing tables. */
    paddr_t pd = paging_directory();
    MEASURE_BEGIN();
    for (uint32_t i = 0; i < MAP_OPS; i++)
        baseline_map_page(pd, 0x50000000u + i * PAGE_SIZE, 0x90000000u + i * PAGE_SIZE, PTE_W);
    MEASURE_END("map_page_baseline");
    MEASURE_BEGIN();
    for (uint32_t i = 0; i < MAP_OPS; i++)
        stub_map_direct(pd, 0x50000000u + i * PAGE_SIZE, 0x90000000u + i * PAGE_SIZE, PTE_W);
    MEASURE_END("map_page_baseline_loop");
    if (paging_table_count() != tables || !paging_walk(0x50000000u, &pte) ||
        (pte & PTE_ADDR_MASK) != 0x90000000u)
        die("the baseline map_page did not map into the existing table");
    print_ops("map_page", MAP_OPS);
    print_ops("map_page_baseline", MAP_OPS);
}

/* ---- kmalloc + kfree of 64 bytes ---- */

/* kmalloc+kfree of n bytes, dumped as `name` and `loop_name` (name + "_loop"). At
 * 64 bytes every pair after the first is a pop and a push on the size cache; at 512
 * bytes each is a first-fit split of the free list and a merge back into it. */
static void heap_pairs(const char *name, const char *loop_name, size_t n)
{
    void *mem = aligned_alloc(PAGE_SIZE, HEAP_BYTES);
    if (!mem)
        die("no memory");
    heap_init(mem, HEAP_BYTES);
    MEASURE_MALLOC_PAIRS(name, n, kmalloc, kfree);
    MEASURE_MALLOC_PAIRS(loop_name, n, stub_malloc, stub_kfree);
    if (heap_errors() || !heap_check())
        die("heap damaged by the benchmark");
    print_ops(name, HEAP_OPS);
    free(mem);
}

/* The baseline (baseline_slab.c): per-class free lists fed by one-class pages, no
 * headers, checks or poison. Its first allocation carves a page (untimed). */
static void heap_baseline(void)
{
    void *mem = aligned_alloc(PAGE_SIZE, HEAP_BYTES);
    if (!mem)
        die("no memory");
    baseline_slab_init(mem, HEAP_BYTES);
    baseline_slab_free(baseline_slab_alloc(REQ_BYTES));
    MEASURE_MALLOC_PAIRS("kmalloc_baseline", REQ_BYTES, baseline_slab_alloc, baseline_slab_free);
    MEASURE_MALLOC_PAIRS("kmalloc_baseline_loop", REQ_BYTES, stub_malloc, stub_kfree);
    if (!baseline_slab_alloc(REQ_BYTES))
        die("the baseline slab ran out");
    print_ops("kmalloc_baseline", HEAP_OPS);
    free(mem);
}

int main(void)
{
    sim_phys_init();
    ovmf_regions(&regions);
    frames_ours();
    frames_baseline();
    map_pages();
    heap_pairs("kmalloc_ours", "kmalloc_ours_loop", REQ_BYTES);
    heap_pairs("kmalloc_large", "kmalloc_large_loop", LARGE_REQ_BYTES);
    heap_baseline();
    return 0;
}
