/* test_kprintf.c - the kernel's printf formatter (kernel/lib/kprintf.c), through ksnprintf and a captured COM1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/dev/serial.h"
#include "kernel/lib/kprintf.h"

/* COM1 for kprintf: bytes land here instead of the UART. */
static char com1[256];
static size_t com1_len;
void serial_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n && com1_len < sizeof com1 - 1; i++)
        com1[com1_len++] = s[i];
    com1[com1_len] = '\0';
}

static char out[128];

#define EXPECT(want, ...)                                                         \
    do {                                                                          \
        int n_ = ksnprintf(out, sizeof out, __VA_ARGS__);                         \
        assert_string_equal(out, want);                                           \
        assert_int_equal(n_, strlen(want));                                       \
    } while (0)

static void decimal_signed_and_unsigned_with_width(void **state)
{
    (void)state;
    EXPECT("0 -1 42 4294967295", "%d %d %u %u", 0, -1, 42u, 4294967295u);
    EXPECT("[  -42][-42  ][-0042]", "[%5d][%-5d][%05d]", -42, -42, -42);
    EXPECT("-2147483648", "%d", (int)0x80000000u);
}

static void hex_zero_padded_like_register_dumps(void **state)
{
    (void)state;
    EXPECT("0x0000beef 0xBEEF ff", "0x%08x 0x%X %x", 0xbeefu, 0xbeefu, 255u);
    EXPECT("0x00000000", "0x%08x", 0u);
}

static void sixty_four_bit_values_keep_all_bits(void **state)
{
    (void)state;
    EXPECT("18446744073709551615", "%llu", 18446744073709551615ull);
    EXPECT("-9223372036854775808", "%lld", (long long)(-9223372036854775807ll - 1));
    EXPECT("100000000", "%llx", 0x100000000ull);
    EXPECT("12345 67", "%lu %zu", 12345ul, (size_t)67);
}

/* The next two tests hand ksnprintf what printf's format checker rightly rejects. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-overflow"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
static void strings_chars_pointers_and_percent(void **state)
{
    (void)state;
    EXPECT("[ab  ][  ab][(null)]", "[%-4s][%4s][%s]", "ab", "ab", (const char *)NULL);
    EXPECT("z|%", "%c|%%", 'z');
    char want[32];
    snprintf(want, sizeof want, "0x%0*lx", (int)(2 * sizeof(void *)), (unsigned long)0x1234);
    EXPECT(want, "%p", (void *)0x1234);
}

static void unknown_conversion_is_shown_as_written(void **state)
{
    (void)state;
    EXPECT("%q 1", "%q %d", 1);
    EXPECT("end%", "end%");
}

#pragma GCC diagnostic pop

static void snprintf_truncates_and_always_terminates(void **state)
{
    (void)state;
    char small[6];
    memset(small, 'X', sizeof small);
    int n = ksnprintf(small, sizeof small, "%s", "abcdefgh");
    assert_string_equal(small, "abcde");
    assert_int_equal(n, 5);
    char one[1] = {'X'};
    assert_int_equal(ksnprintf(one, 1, "abc"), 0);
    assert_int_equal(one[0], '\0');
    assert_int_equal(ksnprintf(NULL, 0, "abc"), 0);
}

static void kprintf_writes_to_com1(void **state)
{
    (void)state;
    com1_len = 0;
    kprintf("boot: loader=\"%s\" n=%u\n", "GRUB", 3u);
    assert_string_equal(com1, "boot: loader=\"GRUB\" n=3\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decimal_signed_and_unsigned_with_width),
        cmocka_unit_test(hex_zero_padded_like_register_dumps),
        cmocka_unit_test(sixty_four_bit_values_keep_all_bits),
        cmocka_unit_test(strings_chars_pointers_and_percent),
        cmocka_unit_test(unknown_conversion_is_shown_as_written),
        cmocka_unit_test(snprintf_truncates_and_always_terminates),
        cmocka_unit_test(kprintf_writes_to_com1),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
