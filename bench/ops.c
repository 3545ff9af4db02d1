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

/* ---- the baseline: one bitmap, a lowest-free hint, no checks (baseline_frames.c),
 * over the same regions and in the same pattern ---- */

static void frames_baseline(void)
{
    uint32_t n = baseline_frames_init(&regions);
    paddr_t *got = malloc((size_t)n * sizeof *got);
    if (!got)
        die("no memory");
    MEASURE_BEGIN();
    for (uint32_t i = 0; i < n; i++)
        got[i] = baseline_frame_alloc();
    for (uint32_t i = 0; i < n; i++)
        baseline_frame_free(got[i]);
    MEASURE_END("frames_baseline");
    MEASURE_BEGIN();
    for (uint32_t i = 0; i < n; i++)
        got[i] = stub_alloc();
    for (uint32_t i = 0; i < n; i++)
        stub_free_void(got[i]);
    MEASURE_END("frames_baseline_loop");
    for (uint32_t i = 0; i < n; i++)
        if (got[i] == 0)
            die("the baseline ran out before every free frame was handed out");
    if (baseline_frame_alloc() == 0)
        die("the baseline's frames not all back after freeing");
    printf("frames_baseline %u\n", n);
    printf("frames_baseline_loop %u\n", n);
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
    printf("map_page %u\n", MAP_OPS);
    printf("map_page_loop %u\n", MAP_OPS);
    printf("map_page_baseline %u\n", MAP_OPS);
    printf("map_page_baseline_loop %u\n", MAP_OPS);
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

/* The baseline (baseline_slab.c): per-class free lists fed by one-class pages, no
 * headers, checks or poison. Its first allocation carves a page (untimed). */
static void heap_baseline(void)
{
    void *mem = aligned_alloc(PAGE_SIZE, HEAP_BYTES);
    if (!mem)
        die("no memory");
    baseline_slab_init(mem, HEAP_BYTES);
    baseline_slab_free(baseline_slab_alloc(REQ_BYTES));
    MEASURE_BEGIN();
    for (uint32_t i = 0; i < HEAP_OPS; i++) {
        void *p = baseline_slab_alloc(REQ_BYTES);
        baseline_slab_free(p);
    }
    MEASURE_END("kmalloc_baseline");
    MEASURE_BEGIN();
    for (uint32_t i = 0; i < HEAP_OPS; i++) {
        void *p = stub_malloc(REQ_BYTES);
        stub_kfree(p);
    }
    MEASURE_END("kmalloc_baseline_loop");
    if (!baseline_slab_alloc(REQ_BYTES))
        die("the baseline slab ran out");
    printf("kmalloc_baseline %u\n", HEAP_OPS);
    printf("kmalloc_baseline_loop %u\n", HEAP_OPS);
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
