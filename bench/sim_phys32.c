/* sim_phys32.c - simulated physical memory for the i386 (-m32) host build of bench/ops.c:
 * tests/unit/sim_phys.c's 4 GiB window does not fit a 32-bit process, so only the low
 * 1 GiB is backed (lazily). The benchmark touches frames only through the bitmaps and the
 * page tables, which frames_init and paging_init take from the lowest free memory; a
 * touch above the window faults instead of passing unnoticed. */
#include "tests/unit/sim_phys.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#define SIM_PHYS_BYTES (1u << 30)

uint8_t *phys_base;

void sim_phys_init(void)
{
    if (phys_base)
        return;
    void *p = mmap(NULL, SIM_PHYS_BYTES, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        perror("sim_phys32: mmap of 1 GiB");
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
    if (madvise(phys_base, SIM_PHYS_BYTES, MADV_DONTNEED) != 0) {
        perror("sim_phys32: madvise");
        abort();
    }
}
