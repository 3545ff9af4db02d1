/* test_gop_mode.c - specifies gop_mode_closest: the GOP mode the loader sets for a wanted resolution. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "loader/core/gop_mode.h"

/* A mode list like the one OVMF's QemuVideoDxe offers (-vga std), in its order. */
static const struct gop_mode_offer OVMF[] = {
    { 640, 480, true },   { 800, 480, true },   { 800, 600, true },   { 832, 624, true },
    { 960, 640, true },   { 1024, 600, true },  { 1024, 768, true },  { 1152, 864, true },
    { 1152, 870, true },  { 1280, 720, true },  { 1280, 760, true },  { 1280, 768, true },
    { 1280, 800, true },  { 1280, 960, true },  { 1280, 1024, true }, { 1360, 768, true },
    { 1366, 768, true },  { 1400, 1050, true }, { 1440, 900, true },  { 1600, 900, true },
    { 1600, 1200, true }, { 1680, 1050, true }, { 1920, 1080, true }, { 1920, 1200, true },
    { 1920, 1440, true }, { 2000, 2000, true }, { 2048, 1536, true }, { 2048, 2048, true },
    { 2560, 1440, true }, { 2560, 1600, true },
};
#define NOVMF (uint32_t)(sizeof OVMF / sizeof OVMF[0])

static const struct gop_mode_offer *pick(const struct gop_mode_offer *m, uint32_t n, uint32_t w,
                                         uint32_t h)
{
    int i = gop_mode_closest(m, n, w, h);
    assert_true(i >= -1 && i < (int)n);
    return i < 0 ? NULL : &m[i];
}

static void an_offered_resolution_is_taken_exactly(void **state)
{
    (void)state;
    const struct gop_mode_offer *m = pick(OVMF, NOVMF, 1280, 800);
    assert_int_equal(m->width, 1280);
    assert_int_equal(m->height, 800);
}

/* 1000x700: 1024x768 is 24+68 = 92 away, 960x640 40+60 = 100, 1024x600 24+100 = 124. */
static void an_unoffered_resolution_gets_the_nearest_mode(void **state)
{
    (void)state;
    const struct gop_mode_offer *m = pick(OVMF, NOVMF, 1000, 700);
    assert_int_equal(m->width, 1024);
    assert_int_equal(m->height, 768);
}

/* Larger than any mode: the largest one is nearest. */
static void a_resolution_beyond_every_mode_gets_the_largest(void **state)
{
    (void)state;
    const struct gop_mode_offer *m = pick(OVMF, NOVMF, 8000, 6000);
    assert_int_equal(m->width, 2560);
    assert_int_equal(m->height, 1600);
}

static void a_tiny_resolution_gets_the_smallest(void **state)
{
    (void)state;
    const struct gop_mode_offer *m = pick(OVMF, NOVMF, 1, 1);
    assert_int_equal(m->width, 640);
    assert_int_equal(m->height, 480);
}

/* 700x540 is 60+60 = 120 from 640x480 and 60+60 = 120 from 760x600: a tie, and the
 * larger mode gives the kernel more of the screen it asked for. */
static void a_tie_goes_to_the_larger_mode(void **state)
{
    (void)state;
    static const struct gop_mode_offer tie[] = { { 640, 480, true }, { 760, 600, true } };
    const struct gop_mode_offer *m = pick(tie, 2, 700, 540);
    assert_int_equal(m->width, 760);
}

/* A BLT-only mode has no framebuffer to hand over, however exact it is. */
static void blt_only_modes_are_never_chosen(void **state)
{
    (void)state;
    static const struct gop_mode_offer modes[] = {
        { 1024, 768, false }, { 800, 600, true }, { 1280, 1024, true } };
    const struct gop_mode_offer *m = pick(modes, 3, 1024, 768);
    assert_int_equal(m->width, 800);
    assert_int_equal(m->height, 600);
}

static void no_linear_mode_means_none(void **state)
{
    (void)state;
    static const struct gop_mode_offer modes[] = { { 1024, 768, false } };
    assert_null(pick(modes, 1, 1024, 768));
    assert_null(pick(modes, 0, 1024, 768));
}

/* Distances are summed in 64 bits: extreme requests cannot wrap into a wrong pick. */
static void extreme_requests_do_not_wrap(void **state)
{
    (void)state;
    const struct gop_mode_offer *m = pick(OVMF, NOVMF, UINT32_MAX, UINT32_MAX);
    assert_int_equal(m->width, 2560);
    assert_int_equal(m->height, 1600);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_offered_resolution_is_taken_exactly),
        cmocka_unit_test(an_unoffered_resolution_gets_the_nearest_mode),
        cmocka_unit_test(a_resolution_beyond_every_mode_gets_the_largest),
        cmocka_unit_test(a_tiny_resolution_gets_the_smallest),
        cmocka_unit_test(a_tie_goes_to_the_larger_mode),
        cmocka_unit_test(blt_only_modes_are_never_chosen),
        cmocka_unit_test(no_linear_mode_means_none),
        cmocka_unit_test(extreme_requests_do_not_wrap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
