/* test_utf8.c - specifies utf8_to_ucs2: boot.cfg's UTF-8 paths as the firmware's UCS-2 names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "loader/core/utf8.h"

static uint16_t out[16];
static uint32_t bad_at;

static int32_t dec(const char *s)
{
    return utf8_to_ucs2(s, (uint32_t)strlen(s), out, 16, &bad_at);
}

static void ascii_is_widened_byte_for_byte(void **state)
{
    (void)state;
    assert_int_equal(dec("\\k.elf"), 6);
    assert_int_equal(out[0], '\\');
    assert_int_equal(out[5], 'f');
    assert_int_equal(out[6], 0);
}

/* Latin-1 per byte would give two characters, 0xC3 0xA9, for one e-acute. */
static void two_and_three_byte_sequences_are_one_character_each(void **state)
{
    (void)state;
    assert_int_equal(dec("\xc3\xa9\xe2\x82\xac"), 2); /* e-acute, euro sign */
    assert_int_equal(out[0], 0xE9);
    assert_int_equal(out[1], 0x20AC);
}

static void malformed_sequences_are_refused_where_they_start(void **state)
{
    (void)state;
    assert_int_equal(dec("ab\xe9"), UTF8_BAD); /* Latin-1 byte: not UTF-8 */
    assert_int_equal(bad_at, 2);
    assert_int_equal(dec("\xc0\xaf"), UTF8_BAD); /* overlong '/' */
    assert_int_equal(dec("\xed\xa0\x80"), UTF8_BAD); /* a surrogate */
    assert_int_equal(dec("\xe2\x82"), UTF8_BAD); /* cut short */
    assert_int_equal(dec("\x80"), UTF8_BAD); /* a lone continuation byte */
}

static void characters_above_the_bmp_do_not_fit_ucs2(void **state)
{
    (void)state;
    assert_int_equal(dec("x\xf0\x9f\x98\x80"), UTF8_BEYOND_BMP);
    assert_int_equal(bad_at, 1);
}

static void counting_needs_no_buffer_and_a_full_buffer_is_too_long(void **state)
{
    (void)state;
    assert_int_equal(utf8_to_ucs2("abc", 3, NULL, 0, &bad_at), 3);
    assert_int_equal(utf8_to_ucs2("abc", 3, out, 3, &bad_at), UTF8_TOO_LONG);
    assert_int_equal(utf8_to_ucs2("abc", 3, out, 4, &bad_at), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ascii_is_widened_byte_for_byte),
        cmocka_unit_test(two_and_three_byte_sequences_are_one_character_each),
        cmocka_unit_test(malformed_sequences_are_refused_where_they_start),
        cmocka_unit_test(characters_above_the_bmp_do_not_fit_ucs2),
        cmocka_unit_test(counting_needs_no_buffer_and_a_full_buffer_is_too_long),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
