/* test_line_edit.c - the menu's one-line editor: every key, at the ends of the line
 * and when the buffer is full. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "loader/core/line_edit.h"
#include "tests/unit/key_builders.h"

static char buf[16];
static struct line_edit le;

static void
start(const char *text)
{
    memset(buf, 'X', sizeof buf);
    strcpy(buf, text);
    le_start(&le, buf, sizeof buf);
}

static void type(const char *s)
{
    for (; *s; s++)
        assert_int_equal(le_key(&le, C(*s)), LE_EDITING);
}

static void starts_with_the_cursor_at_the_end(void **state)
{
    (void)state;
    start("quiet");
    assert_int_equal(le.len, 5);
    assert_int_equal(le.cursor, 5);
    type(" x");
    assert_string_equal(buf, "quiet x");
}

static void left_and_home_insert_inside_the_line(void **state)
{
    (void)state;
    start("ac");
    le_key(&le, K(KEY_LEFT));
    type("b");
    assert_string_equal(buf, "abc");
    le_key(&le, K(KEY_HOME));
    type(">");
    assert_string_equal(buf, ">abc");
    le_key(&le, K(KEY_END));
    type("<");
    assert_string_equal(buf, ">abc<");
}

static void cursor_stops_at_both_ends(void **state)
{
    (void)state;
    start("ab");
    for (int i = 0; i < 5; i++)
        le_key(&le, K(KEY_LEFT));
    assert_int_equal(le.cursor, 0);
    for (int i = 0; i < 5; i++)
        le_key(&le, K(KEY_RIGHT));
    assert_int_equal(le.cursor, 2);
}

static void backspace_removes_before_and_delete_at_the_cursor(void **state)
{
    (void)state;
    start("abcd");
    le_key(&le, K(KEY_LEFT));
    le_key(&le, K(KEY_LEFT)); /* ab|cd */
    le_key(&le, K(KEY_BACKSPACE));
    assert_string_equal(buf, "acd");
    assert_int_equal(le.cursor, 1);
    le_key(&le, K(KEY_DELETE));
    assert_string_equal(buf, "ad");
    assert_int_equal(le.len, 2);
}

/* A serial terminal's Backspace arrives as Delete: at the end it erases backwards. */
static void delete_at_the_end_erases_backwards_backspace_at_the_start_does_nothing(void **state)
{
    (void)state;
    start("ab");
    le_key(&le, K(KEY_DELETE));
    assert_string_equal(buf, "a");
    assert_int_equal(le.cursor, 1);
    le_key(&le, K(KEY_HOME));
    le_key(&le, K(KEY_BACKSPACE));
    assert_string_equal(buf, "a");
    assert_int_equal(le.cursor, 0);
}

static void a_full_line_takes_no_more_characters(void **state)
{
    (void)state;
    start("0123456789abcd"); /* 14 of 15 usable bytes */
    type("ef");
    assert_string_equal(buf, "0123456789abcde");
    assert_int_equal(le.len, sizeof buf - 1);
}

static void control_characters_are_not_inserted(void **state)
{
    (void)state;
    start("a");
    type("\t\x7f");
    assert_string_equal(buf, "a");
}

static void enter_finishes_and_esc_cancels(void **state)
{
    (void)state;
    start("a");
    assert_int_equal(le_key(&le, K(KEY_ENTER)), LE_DONE);
    assert_int_equal(le_key(&le, K(KEY_ESC)), LE_CANCELLED);
    assert_int_equal(le_key(&le, K(KEY_UP)), LE_EDITING);
}

static void a_string_longer_than_the_buffer_is_cut(void **state)
{
    (void)state;
    char small[4] = {'a', 'b', 'c', 'd'}; /* no NUL */
    le_start(&le, small, sizeof small);
    assert_int_equal(le.len, 3);
    assert_string_equal(small, "abc");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(starts_with_the_cursor_at_the_end),
        cmocka_unit_test(left_and_home_insert_inside_the_line),
        cmocka_unit_test(cursor_stops_at_both_ends),
        cmocka_unit_test(backspace_removes_before_and_delete_at_the_cursor),
        cmocka_unit_test(delete_at_the_end_erases_backwards_backspace_at_the_start_does_nothing),
        cmocka_unit_test(a_full_line_takes_no_more_characters),
        cmocka_unit_test(control_characters_are_not_inserted),
        cmocka_unit_test(enter_finishes_and_esc_cancels),
        cmocka_unit_test(a_string_longer_than_the_buffer_is_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
