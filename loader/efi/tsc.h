/* timeline.h - the loader's boot time stamps: rdtsc, written into our timeline tag. */
#ifndef LOADER_TIMELINE_H
#define LOADER_TIMELINE_H

#include <stdint.h>

/* The time stamp counter. Every CPU UEFI ia32 runs on has it (Pentium and later);
 * under QEMU -icount it counts guest instructions. */
static inline uint64_t tsc_now(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

#endif
