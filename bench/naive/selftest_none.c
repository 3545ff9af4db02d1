/* selftest_none.c - bench-only: the naive build (mm_naive.c) has no frame allocator or heap
 * for kernel/selftest/ to check, so its self-tests are this one line. */
#include "kernel/lib/kprintf.h"
#include "kernel/selftest/selftest.h"

int selftest_run(bool full, int *passed)
{
    (void)full;
    *passed = 0;
    kprintf("selftest: none in the bench naive build\n");
    return 0;
}
