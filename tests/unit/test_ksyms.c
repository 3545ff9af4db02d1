/* test_ksyms.c - kernel/lib/ksyms.c: naming addresses by a symbol table, at each
 * symbol's first byte, inside it, between the last symbol and the end of the text, and
 * outside the text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kernel/lib/ksyms.h"

static const struct ksym syms[] = {
    {0x00100040u, 0}, /* "header" */
    {0x00100100u, 7}, /* "kmain" */
    {0x00100180u, 13}, /* "_start.halt" */
};
static const char names[] = "header\0kmain\0_start.halt";
static const struct ksym_table table = {syms, 3, names, 0x00100200u};

static void names_the_symbol_holding_an_address(void **state)
{
    (void)state;
    uint32_t off = 99;
    assert_string_equal(ksym_find(&table, 0x00100040u, &off), "header");
    assert_int_equal(off, 0);
    assert_string_equal(ksym_find(&table, 0x001000ffu, &off), "header");
    assert_int_equal(off, 0xbf);
    assert_string_equal(ksym_find(&table, 0x00100100u, &off), "kmain");
    assert_int_equal(off, 0);
    assert_string_equal(ksym_find(&table, 0x0010017fu, &off), "kmain");
    assert_int_equal(off, 0x7f);
    assert_string_equal(ksym_find(&table, 0x001001ffu, &off), "_start.halt");
    assert_int_equal(off, 0x7f);
}

static void names_nothing_outside_the_text(void **state)
{
    (void)state;
    uint32_t off = 0;
    assert_null(ksym_find(&table, 0x0010003fu, &off));
    assert_null(ksym_find(&table, 0x00100200u, &off)); /* text_end */
    assert_null(ksym_find(&table, 0xffffffffu, &off));
    assert_null(ksym_find(&table, 0, &off));
    const struct ksym_table empty = {syms, 0, names, 0x00100200u};
    assert_null(ksym_find(&empty, 0x00100100u, &off));
}

static void formats_name_plus_offset(void **state)
{
    (void)state;
    char buf[32];
    ksym_format(&table, 0x001001d0u, buf, sizeof buf);
    assert_string_equal(buf, "_start.halt+0x50");
    ksym_format(&table, 0x00100100u, buf, sizeof buf);
    assert_string_equal(buf, "kmain+0x0");
    ksym_format(&table, 0x00200000u, buf, sizeof buf);
    assert_string_equal(buf, "?");
    char small[6];
    ksym_format(&table, 0x00100101u, small, sizeof small); /* truncated, terminated */
    assert_string_equal(small, "kmain");
}

/* A table with one symbol per 4 bytes: every address finds its own (the search's
 * bounds at both ends and in between). */
static void finds_every_symbol_of_a_larger_table(void **state)
{
    (void)state;
    enum { N = 1000 };
    static struct ksym many[N];
    for (uint32_t i = 0; i < N; i++)
        many[i] = (struct ksym){0x1000u + 4 * i, i % 2 ? 2 : 0};
    const struct ksym_table t = {many, N, "a\0b", 0x1000u + 4 * N};
    for (uint32_t a = 0x1000u; a < 0x1000u + 4 * N; a++) {
        uint32_t off = 9;
        const char *name = ksym_find(&t, a, &off);
        assert_non_null(name);
        assert_int_equal(off, a % 4);
        assert_string_equal(name, ((a - 0x1000u) / 4) % 2 ? "b" : "a");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_the_symbol_holding_an_address),
        cmocka_unit_test(names_nothing_outside_the_text),
        cmocka_unit_test(formats_name_plus_offset),
        cmocka_unit_test(finds_every_symbol_of_a_larger_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
