/* backtrace.c - walks the frame-pointer chain for the exception report. */
#include "backtrace.h"

#define FRAME_BYTES 8u /* saved ebp and return address */

static uint32_t stack_word(const void *stack, uint32_t lo, uint32_t at)
{
    return ((const uint32_t *)stack)[(at - lo) / 4u];
}

void backtrace_walk(uint32_t ebp, uint32_t lo, uint32_t hi, const void *stack,
                    struct backtrace *bt)
{
    bt->n = 0;
    for (;;) {
        if (ebp == 0) {
            bt->end = BACKTRACE_COMPLETE;
            return;
        }
        if (ebp < lo || hi - lo < FRAME_BYTES || ebp > hi - FRAME_BYTES || (ebp & 3u)) {
            bt->end = BACKTRACE_BROKEN;
            return;
        }
        if (bt->n == BACKTRACE_MAX) {
            bt->end = BACKTRACE_MORE;
            return;
        }
        bt->ret[bt->n++] = stack_word(stack, lo, ebp + 4u);
        uint32_t caller = stack_word(stack, lo, ebp);
        if (caller != 0 && caller <= ebp) { /* the stack grows down: callers sit above */
            bt->end = BACKTRACE_BROKEN;
            return;
        }
        ebp = caller;
    }
}

const char *backtrace_end_name(enum backtrace_end end)
{
    static const char *const names[] = {
        [BACKTRACE_COMPLETE] = "end of chain",
        [BACKTRACE_BROKEN] = "chain broken",
        [BACKTRACE_MORE] = "more frames",
    };
    return (unsigned)end < sizeof(names) / sizeof(names[0]) ? names[end] : "chain broken";
}
