/* test_log_colour.c - which colour each kind of log line gets on screen. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/dev/log_colour.h"

static uint32_t of(const char *s) { return log_line_rgb(s, strlen(s)); }

static void errors_failures_and_exceptions_are_red(void **state)
{
    (void)state;
    assert_int_equal(of("cpu: error: CPUID leaf 1 edx=0x0 lacks required bits 0x10 (tsc)"),
                     LOG_RGB_ERROR);
    assert_int_equal(of("heap: error: double free at 0x1710010"), LOG_RGB_ERROR);
    assert_int_equal(of("selftest: walk FAIL va=0x00001000 not present"), LOG_RGB_ERROR);
    assert_int_equal(of("selftest: 6 passed, 1 failed"), LOG_RGB_ERROR);
    assert_int_equal(of("exception: vector=14 name=\"page fault\" error=0x00000002"),
                     LOG_RGB_ERROR);
    assert_int_equal(of("kernel: fail reason=mm_init"), LOG_RGB_ERROR);
}

static void provoked_misuse_lines_are_not_red(void **state)
{
    (void)state;
    assert_int_equal(of("heap: expect: double free at 0x1710010"), LOG_RGB_TEXT);
    assert_int_equal(of("frames: expect: free of reserved frame 0x100000"), LOG_RGB_TEXT);
}

static void passes_are_green_and_warnings_yellow(void **state)
{
    (void)state;
    assert_int_equal(of("selftest: walk ok"), LOG_RGB_PASS);
    assert_int_equal(of("selftest: 7 passed, 0 failed"), LOG_RGB_PASS);
    assert_int_equal(of("kernel: ready"), LOG_RGB_PASS);
    assert_int_equal(of("mm: warning: something odd"), LOG_RGB_WARNING);
}

static void the_rest_is_light_grey(void **state)
{
    (void)state;
    assert_int_equal(of("mm: efi_entries=121 usable_kib=1 reserved_kib=2"), LOG_RGB_TEXT);
    assert_int_equal(of(""), LOG_RGB_TEXT);
    /* Only the first n bytes count: the colour of "selftest: x ok" cut before "ok". */
    assert_int_equal(log_line_rgb("selftest: x ok", 12), LOG_RGB_TEXT);
}

static void the_report_verdict_is_green_when_nothing_failed_and_red_otherwise(void **state)
{
    (void)state;
    assert_int_equal(of("Self-test (quick): 7 passed, 0 failed"), LOG_RGB_PASS);
    assert_int_equal(of("Self-test (full): 7 passed, 1 failed"), LOG_RGB_ERROR);
    assert_int_equal(of("ready"), LOG_RGB_PASS);
    assert_int_equal(of("ready or not"), LOG_RGB_TEXT);
}

static bool shown(const char *s, bool verbose, size_t *skip)
{
    return log_line_shown(s, strlen(s), verbose, skip);
}

/* The screen shows the report (without its prefix), errors and warnings; verbose
 * shows every line as serial has it. */
static void the_screen_shows_report_errors_and_warnings_unless_verbose(void **state)
{
    (void)state;
    size_t skip;
    assert_true(shown("screen: RAM    2000 MiB usable", false, &skip));
    assert_int_equal(skip, 8);
    assert_true(shown("cpu: error: no tsc", false, &skip));
    assert_int_equal(skip, 0);
    assert_true(shown("mm: warning: odd", false, &skip));
    assert_false(shown("mm: efi_entries=121 usable_kib=1", false, &skip));
    assert_false(shown("heap: expect: double free at 0x1", false, &skip));
    assert_true(shown("mm: efi_entries=121 usable_kib=1", true, &skip));
    assert_true(shown("screen: ready", true, &skip));
    assert_int_equal(skip, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(errors_failures_and_exceptions_are_red),
        cmocka_unit_test(provoked_misuse_lines_are_not_red),
        cmocka_unit_test(passes_are_green_and_warnings_yellow),
        cmocka_unit_test(the_rest_is_light_grey),
        cmocka_unit_test(the_report_verdict_is_green_when_nothing_failed_and_red_otherwise),
        cmocka_unit_test(the_screen_shows_report_errors_and_warnings_unless_verbose),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
