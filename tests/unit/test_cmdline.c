/* test_cmdline.c - shared/lib/cmdline.c: words and key=value in a space-separated command line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "shared/lib/cmdline.h"

static void a_word_is_found_anywhere(void **state)
{
    (void)state;
    assert_true(cmdline_has_word("test", "test"));
    assert_true(cmdline_has_word("debug test", "test"));
    assert_true(cmdline_has_word("test debug", "test"));
    assert_true(cmdline_has_word("  a   test  b ", "test"));
}

static void a_word_must_match_whole(void **state)
{
    (void)state;
    assert_false(cmdline_has_word("testing", "test"));
    assert_false(cmdline_has_word("atest", "test"));
    assert_false(cmdline_has_word("tes", "test"));
    assert_false(cmdline_has_word("test=1", "test"));
    assert_false(cmdline_has_word("", "test"));
    assert_false(cmdline_has_word(NULL, "test"));
}

static void only_spaces_separate_words(void **state)
{
    (void)state;
    assert_false(cmdline_has_word("debug\ttest", "test"));
    assert_true(cmdline_has_word("debug\ttest", "debug\ttest"));
}

static void a_value_follows_its_key(void **state)
{
    (void)state;
    size_t n = 99;
    const char *line = "test crash=pf heap=4M";
    const char *v = cmdline_value(line, "crash", &n);
    assert_ptr_equal(v, line + 11);
    assert_int_equal(n, 2);
    v = cmdline_value(line, "heap", &n);
    assert_ptr_equal(v, line + 19);
    assert_int_equal(n, 2);
    assert_non_null(cmdline_value(line, "heap", NULL));
}

static void the_first_key_wins_and_an_empty_value_counts(void **state)
{
    (void)state;
    size_t n = 99;
    const char *line = "crash= crash=ud";
    assert_ptr_equal(cmdline_value(line, "crash", &n), line + 6);
    assert_int_equal(n, 0);
}

static void a_key_must_match_whole_and_have_equals(void **state)
{
    (void)state;
    size_t n = 0;
    assert_null(cmdline_value("xcrash=pf", "crash", &n));
    assert_null(cmdline_value("crashes=pf", "crash", &n));
    assert_null(cmdline_value("crash", "crash", &n));
    assert_null(cmdline_value("", "crash", &n));
    assert_null(cmdline_value(NULL, "crash", &n));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_word_is_found_anywhere),
        cmocka_unit_test(a_word_must_match_whole),
        cmocka_unit_test(only_spaces_separate_words),
        cmocka_unit_test(a_value_follows_its_key),
        cmocka_unit_test(the_first_key_wins_and_an_empty_value_counts),
        cmocka_unit_test(a_key_must_match_whole_and_have_equals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
