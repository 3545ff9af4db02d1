/* run.c - the boot self-tests, run once paging is on: the live page tables, faults, the
 * TLB, the frame allocator and the heap, one `selftest: NAME ok|FAIL` line each. */
#include "selftest.h"

#include <stdbool.h>
#include <stdint.h>

#include "check.h"

char selftest_detail[160];
bool selftest_full;

enum when { QUICK = 1, FULL = 2, BOTH = QUICK | FULL };

struct check {
    const char *name;
    bool (*run)(void);
    enum when when;
};

/* The quick set costs the same at any RAM size (samples per region); the full set
 * takes every frame and writes sampled pages of all of them, and provokes misuse. */
static const struct check checks[] = {
    { "walk", check_walk, BOTH },
    { "frames_sample", check_frames_sample, QUICK },
    { "identity_rw", check_identity_rw, FULL },
    { "null", check_null, BOTH },
    { "text_ro", check_text_ro, BOTH },
    { "invlpg", check_invlpg, BOTH },
    { "guard", check_guard, BOTH },
    { "frames_all", check_frames_all, FULL },
    { "heap", check_heap, BOTH },
};

int selftest_run(bool full, int *npassed)
{
    int passed = 0, failed = 0;
    selftest_full = full;
    kprintf("selftest: mode=%s\n", full ? "full" : "quick");
    for (uint32_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        if (!(checks[i].when & (full ? FULL : QUICK)))
            continue;
        selftest_detail[0] = '\0';
        if (checks[i].run()) {
            kprintf("selftest: %s ok\n", checks[i].name);
            passed++;
        } else {
            kprintf("selftest: %s FAIL %s\n", checks[i].name, selftest_detail);
            failed++;
        }
    }
    kprintf("selftest: %d passed, %d failed\n", passed, failed);
    *npassed = passed;
    return failed;
}
