/* run.c - the boot self-tests, run once paging is on: the live page tables, faults, the
 * TLB, the frame allocator and the heap, one `selftest: NAME ok|FAIL` line each. */
#include "selftest.h"

#include <stdbool.h>
#include <stdint.h>

#include "check.h"

char selftest_detail[160];

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
    for (uint32_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
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
    return failed;
}
