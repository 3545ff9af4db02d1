/* test_font_pick.c - the console font by screen width, and the font= override. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/dev/font_pick.h"

static enum font_id pick(uint32_t w, const char *want, int *bad)
{
    return font_pick(w, want, want ? strlen(want) : 0, bad);
}

static void screens_below_1920_wide_get_10x18_and_from_1920_16x32(void **state)
{
    (void)state;
    int bad;
    assert_int_equal(pick(640, NULL, &bad), FONT_10X18);
    assert_int_equal(pick(1280, NULL, &bad), FONT_10X18);
    assert_int_equal(pick(1919, NULL, &bad), FONT_10X18);
    assert_int_equal(pick(1920, NULL, &bad), FONT_16X32);
    assert_int_equal(pick(3840, NULL, &bad), FONT_16X32);
    assert_int_equal(bad, 0);
    assert_true(1920 / 16 <= 120); /* the bound: at most 120 columns at 1920 */
}

static void font_on_the_command_line_overrides_and_a_bad_value_is_flagged(void **state)
{
    (void)state;
    int bad;
    assert_int_equal(pick(640, "16x32", &bad), FONT_16X32);
    assert_int_equal(bad, 0);
    assert_int_equal(pick(1920, "10x18", &bad), FONT_10X18);
    assert_int_equal(pick(1920, "12x24", &bad), FONT_16X32);
    assert_int_equal(bad, 1);
    assert_int_equal(pick(640, "16x3", &bad), FONT_10X18);
    assert_int_equal(bad, 1);
    assert_string_equal(font_name(FONT_16X32), "16x32");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(screens_below_1920_wide_get_10x18_and_from_1920_16x32),
        cmocka_unit_test(font_on_the_command_line_overrides_and_a_bad_value_is_flagged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
