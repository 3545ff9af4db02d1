/* test_backtrace.c - kernel/arch/backtrace.c on a simulated stack: a whole chain, and
 * each way a chain can be corrupt (outside the stack, misaligned, pointing down or at
 * itself), and one deeper than the report shows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/arch/backtrace.h"

/* A 256-byte stack at 0x00108000 (addresses as the kernel would see them). */
#define LO 0x00108000u
#define WORDS 64u
#define HI (LO + WORDS * 4u)
static uint32_t stack[WORDS];

/* A frame at address `at`: saved ebp `caller`, return address `ret`. */
static void frame(uint32_t at, uint32_t caller, uint32_t ret)
{
    stack[(at - LO) / 4] = caller;
    stack[(at - LO) / 4 + 1] = ret;
}

static int reset(void **state)
{
    (void)state;
    memset(stack, 0xA5, sizeof stack);
    return 0;
}

static void walks_a_chain_to_its_end(void **state)
{
    (void)state;
    frame(LO + 0x10, LO + 0x40, 0x00101111);
    frame(LO + 0x40, LO + 0xF8, 0x00102222);
    frame(LO + 0xF8, 0, 0x00103333); /* kmain's frame: entry.asm's ebp = 0 above it */
    struct backtrace bt;
    backtrace_walk(LO + 0x10, LO, HI, stack, &bt);
    assert_int_equal(bt.n, 3);
    assert_int_equal(bt.ret[0], 0x00101111);
    assert_int_equal(bt.ret[1], 0x00102222);
    assert_int_equal(bt.ret[2], 0x00103333);
    assert_int_equal(bt.end, BACKTRACE_COMPLETE);
    assert_string_equal(backtrace_end_name(bt.end), "end of chain");
}

static void ebp_zero_is_an_empty_complete_chain(void **state)
{
    (void)state;
    struct backtrace bt;
    backtrace_walk(0, LO, HI, stack, &bt);
    assert_int_equal(bt.n, 0);
    assert_int_equal(bt.end, BACKTRACE_COMPLETE);
}

/* Each start (or next frame) that is no frame of this stack: no word is read from it. */
static void refuses_frames_outside_misaligned_or_at_the_top(void **state)
{
    (void)state;
    const uint32_t bad[] = {
        LO - 4,          /* below the stack */
        HI,              /* at its end */
        HI - 4,          /* the return address would lie past the end */
        LO + 0x12,       /* misaligned */
        0xFFFFFFFCu,     /* near 4 GiB: must not wrap */
        4,               /* low memory */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct backtrace bt;
        backtrace_walk(bad[i], LO, HI, stack, &bt);
        assert_int_equal(bt.n, 0);
        assert_int_equal(bt.end, BACKTRACE_BROKEN);
        assert_string_equal(backtrace_end_name(bt.end), "chain broken");
    }
    /* The last frame that fits: its return address is the stack's top word. */
    frame(HI - 8, 0, 0x00104444);
    struct backtrace bt;
    backtrace_walk(HI - 8, LO, HI, stack, &bt);
    assert_int_equal(bt.n, 1);
    assert_int_equal(bt.ret[0], 0x00104444);
    assert_int_equal(bt.end, BACKTRACE_COMPLETE);
}

/* A saved ebp at or below its own frame would loop or walk down: the walk keeps the
 * frames read so far and stops. */
static void stops_at_a_chain_that_does_not_climb(void **state)
{
    (void)state;
    const uint32_t next[] = {LO + 0x40 /* itself */, LO + 0x20 /* below */};
    for (size_t i = 0; i < 2; i++) {
        frame(LO + 0x10, LO + 0x40, 0x00101111);
        frame(LO + 0x40, next[i], 0x00102222);
        struct backtrace bt;
        backtrace_walk(LO + 0x10, LO, HI, stack, &bt);
        assert_int_equal(bt.n, 2);
        assert_int_equal(bt.ret[1], 0x00102222);
        assert_int_equal(bt.end, BACKTRACE_BROKEN);
    }
    /* And one that climbs out of the stack. */
    frame(LO + 0x10, HI + 0x100, 0x00101111);
    struct backtrace bt;
    backtrace_walk(LO + 0x10, LO, HI, stack, &bt);
    assert_int_equal(bt.n, 1);
    assert_int_equal(bt.end, BACKTRACE_BROKEN);
}

/* Deep recursion: the first BACKTRACE_MAX frames, then "more frames". */
static void a_deep_chain_shows_the_innermost_frames(void **state)
{
    (void)state;
    uint32_t depth = BACKTRACE_MAX + 5;
    for (uint32_t i = 0; i < depth; i++)
        frame(LO + 8 * i, i + 1 < depth ? LO + 8 * (i + 1) : 0, 0x00100000 + i);
    struct backtrace bt;
    backtrace_walk(LO, LO, HI, stack, &bt);
    assert_int_equal(bt.n, BACKTRACE_MAX);
    for (uint32_t i = 0; i < BACKTRACE_MAX; i++)
        assert_int_equal(bt.ret[i], 0x00100000 + i);
    assert_int_equal(bt.end, BACKTRACE_MORE);
    assert_string_equal(backtrace_end_name(bt.end), "more frames");

    /* Exactly BACKTRACE_MAX frames is a complete chain, not "more". */
    frame(LO + 8 * (BACKTRACE_MAX - 1), 0, 0x00109999);
    backtrace_walk(LO, LO, HI, stack, &bt);
    assert_int_equal(bt.n, BACKTRACE_MAX);
    assert_int_equal(bt.end, BACKTRACE_COMPLETE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(walks_a_chain_to_its_end, reset),
        cmocka_unit_test_setup(ebp_zero_is_an_empty_complete_chain, reset),
        cmocka_unit_test_setup(refuses_frames_outside_misaligned_or_at_the_top, reset),
        cmocka_unit_test_setup(stops_at_a_chain_that_does_not_climb, reset),
        cmocka_unit_test_setup(a_deep_chain_shows_the_innermost_frames, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
