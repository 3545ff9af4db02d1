/* backtrace.h - the return addresses of a frame-pointer chain, walked with bounds checks. */
#ifndef KERNEL_ARCH_BACKTRACE_H
#define KERNEL_ARCH_BACKTRACE_H

#include <stdint.h>

#define BACKTRACE_MAX 12u /* frames shown; a deeper chain ends in BACKTRACE_MORE */

/* Why the walk stopped. */
enum backtrace_end {
    BACKTRACE_COMPLETE, /* reached ebp = 0, which entry.asm sets before kmain */
    BACKTRACE_BROKEN,   /* a frame outside the stack, misaligned or not above the last */
    BACKTRACE_MORE,     /* BACKTRACE_MAX frames shown, the chain goes on */
};

struct backtrace {
    uint32_t ret[BACKTRACE_MAX]; /* return addresses, innermost first */
    uint32_t n;
    enum backtrace_end end;
};

/*
 * Walks the chain the kernel's frame pointers make (mk/kernel.mk keeps them): at
 * each frame, [ebp] is the caller's ebp and [ebp + 4] the return address into the
 * caller. `stack` is the memory of the stack [lo, hi) (the kernel passes lo itself:
 * it is identity mapped; the host tests pass a simulated stack). Every frame is
 * checked to lie in the stack, 4-byte aligned and above the one before, so a
 * corrupt ebp ends the walk instead of faulting or looping. A function built
 * without a frame of its own (a leaf GCC left without one) is not in the chain:
 * the exception's eip names it, and its caller is missing from the list.
 */
void backtrace_walk(uint32_t ebp, uint32_t lo, uint32_t hi, const void *stack,
                    struct backtrace *bt);

/* "end of chain", "chain broken" or "more frames". */
const char *backtrace_end_name(enum backtrace_end end);

#endif
