/* test_fmt.c - shared/lib/fmt.c, the one formatter: the buffer and sink contracts, and the
 * conversions the loader's messages use printing what its own formatter printed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "shared/lib/fmt.h"

static int fmt(char *buf, size_t size, const char *f, ...) __attribute__((format(printf, 3, 4)));
static int fmt(char *buf, size_t size, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int n = fmt_vsnprintf(buf, size, f, ap);
    va_end(ap);
    return n;
}

/* Exactly the bytes loader/core/diag.c's own formatter gave for every conversion
 * the loader uses (%s %u %x %02x %llu %llx). */
static void the_loaders_conversions_print_as_before(void **state)
{
    (void)state;
    char b[200];
    fmt(b, sizeof b, "%s: ELF: e_phnum %u at 0x%x", "kernel.elf", 3u, 0x100000u);
    assert_string_equal(b, "kernel.elf: ELF: e_phnum 3 at 0x100000");
    fmt(b, sizeof b, "%02x %02x %02x", 0x5u, 0xABu, 0x1FFu);
    assert_string_equal(b, "05 ab 1ff");
    fmt(b, sizeof b, "0x%llx %llu", 0xFFFFFFFF00000000ull, 18446744073709551615ull);
    assert_string_equal(b, "0xffffffff00000000 18446744073709551615");
    const char *volatile none = NULL; /* hidden from the format checker */
    fmt(b, sizeof b, "[%s] %u%%", none, 0u);
    assert_string_equal(b, "[(null)] 0%");
}

static void a_full_buffer_keeps_the_start_and_a_nul(void **state)
{
    (void)state;
    char b[8];
    memset(b, 'X', sizeof b);
    assert_int_equal(fmt(b, sizeof b, "%s-%u", "abcdef", 12345u), 7);
    assert_string_equal(b, "abcdef-");
    assert_int_equal(fmt(b, 1, "%s", "abc"), 0);
    assert_string_equal(b, "");
}

static void size_zero_writes_nothing(void **state)
{
    (void)state;
    char b[4] = "XYZ";
    assert_int_equal(fmt(b, 0, "%s", "abc"), 0);
    assert_string_equal(b, "XYZ");
}

/* A sink that keeps every piece: kprintf's console sink is one of these. */
struct pieces {
    struct fmt_sink s;
    char text[64];
    unsigned calls;
};

static void keep(struct fmt_sink *s, const char *p, size_t n)
{
    struct pieces *k = (struct pieces *)s;
    memcpy(k->text + s->len, p, n);
    k->calls++;
}

static void fmt_to_sink(struct fmt_sink *s, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    fmt_format(s, f, ap);
    va_end(ap);
}

static void a_sink_gets_the_text_and_the_count(void **state)
{
    (void)state;
    struct pieces k = {.s = {.put = keep}};
    fmt_to_sink(&k.s, "mem %u KiB at %p", 640u, (void *)0x1000);
    k.text[k.s.len] = '\0';
    assert_string_equal(k.text, sizeof(void *) == 8 ? "mem 640 KiB at 0x0000000000001000"
                                                    : "mem 640 KiB at 0x00001000");
    assert_true(k.calls >= 3); /* literal runs go out whole, not byte by byte */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_loaders_conversions_print_as_before),
        cmocka_unit_test(a_full_buffer_keeps_the_start_and_a_nul),
        cmocka_unit_test(size_zero_writes_nothing),
        cmocka_unit_test(a_sink_gets_the_text_and_the_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
