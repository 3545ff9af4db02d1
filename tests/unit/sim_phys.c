/* sim_phys.c - simulated physical memory for host tests: a lazily backed 4 GiB mapping. */
#include "sim_phys.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

/* Any paddr_t is below 4 GiB; the slack lets a 4- or 8-byte access at the very last
 * address stay inside the mapping. A 32-bit process (the i386 build of bench/ops.c)
 * cannot map that much and passes a smaller window: the benchmark touches frames only
 * through the bitmaps and page tables, taken from the lowest free memory, and a touch
 * above the window faults instead of passing unnoticed. */
#ifndef SIM_PHYS_BYTES
#define SIM_PHYS_BYTES ((1ull << 32) + (1ull << 16))
#endif

uint8_t *phys_base;

void sim_phys_init(void)
{
    if (phys_base)
        return;
    /* MAP_NORESERVE: only the pages a test touches are ever backed. */
    void *p = mmap(NULL, SIM_PHYS_BYTES, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        perror("sim_phys: mmap of the simulated physical memory");
        abort();
    }
    phys_base = p;
}

void sim_phys_reset(void)
{
    if (!phys_base) {
        sim_phys_init();
        return;
    }
    /* For private anonymous memory MADV_DONTNEED drops the pages: the next touch
     * reads zeroes, and nothing is copied. */
    if (madvise(phys_base, SIM_PHYS_BYTES, MADV_DONTNEED) != 0) {
        perror("sim_phys: madvise");
        abort();
    }
}
