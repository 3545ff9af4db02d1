/* test_uart16550.c - shared/lib/uart16550.h and its two COM1 users (loader/efi/com1.c,
 * kernel/dev/serial.c) against a pretend UART: the exact port accesses each makes, and
 * how a missing or stuck UART is given up. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kernel/dev/serial.h"
#include "loader/efi/com1.h"
#include "shared/lib/uart16550.h"
#include "tests/unit/fake_uart.h"

#define W(off, v) { true, UART_COM1 + (off), (v) }
#define R(off, v) { false, UART_COM1 + (off), (v) }

static void log_is(const struct fake_uart_io *want, unsigned n)
{
    assert_int_equal(fake_uart_nlog, n);
    for (unsigned i = 0; i < n; i++) {
        assert_int_equal(fake_uart_log[i].out, want[i].out);
        assert_int_equal(fake_uart_log[i].port, want[i].port);
        assert_int_equal(fake_uart_log[i].value, want[i].value);
    }
}

static void kernel_init_programs_then_checks_loopback(void **state)
{
    (void)state;
    fake_uart_reset(true, 0);
    assert_true(serial_init());
    const struct fake_uart_io want[] = {
        W(UART_IER, 0), W(UART_LCR, 0x80), W(UART_DATA, 1), W(UART_IER, 0),
        W(UART_LCR, 0x03), W(UART_FCR, 0xC7), W(UART_MCR, 0x1B), W(UART_DATA, 0xA5),
        R(UART_DATA, 0xA5), W(UART_MCR, 0x0B),
    };
    log_is(want, sizeof want / sizeof want[0]);
}

static void kernel_without_uart_sends_nothing(void **state)
{
    (void)state;
    fake_uart_reset(false, 0);
    assert_false(serial_init());
    unsigned before = fake_uart_nlog;
    serial_write("lost\n", 5);
    assert_int_equal(fake_uart_nlog, before);
}

static void kernel_sends_newline_as_cr_lf(void **state)
{
    (void)state;
    fake_uart_reset(true, 0);
    assert_true(serial_init());
    serial_write("a\nb", 3);
    assert_string_equal(fake_uart_sent(), "a\r\nb");
}

static void kernel_gives_up_a_stuck_transmitter_for_good(void **state)
{
    (void)state;
    fake_uart_reset(true, 0);
    assert_true(serial_init());
    fake_uart_reset(true, ~0u);
    serial_putc('x');
    assert_string_equal(fake_uart_sent(), "");
    fake_uart_reset(true, 0);
    serial_putc('y'); /* given up: no port access at all */
    assert_int_equal(fake_uart_nlog, 0);
}

static void loader_init_probes_scratch_then_programs(void **state)
{
    (void)state;
    fake_uart_reset(true, 0);
    assert_true(com1_init());
    const struct fake_uart_io want[] = {
        W(UART_SCR, 0x5A), R(UART_SCR, 0x5A), W(UART_IER, 0), W(UART_LCR, 0x80),
        W(UART_DATA, 1), W(UART_IER, 0), W(UART_LCR, 0x03), W(UART_FCR, 0x07),
        W(UART_MCR, 0x03),
    };
    log_is(want, sizeof want / sizeof want[0]);
    com1_write("ok\r\n");
    assert_string_equal(fake_uart_sent(), "ok\r\n");
}

static void loader_without_uart_touches_only_scratch(void **state)
{
    (void)state;
    fake_uart_reset(false, 0);
    assert_false(com1_init());
    const struct fake_uart_io want[] = { W(UART_SCR, 0x5A), R(UART_SCR, 0xFF) };
    log_is(want, 2);
    com1_write("lost");
    assert_int_equal(fake_uart_nlog, 2);
}

static void loader_waits_a_bounded_time_then_stops_writing(void **state)
{
    (void)state;
    fake_uart_reset(true, 0);
    assert_true(com1_init());
    fake_uart_reset(true, ~0u);
    com1_write("ab");
    assert_string_equal(fake_uart_sent(), "");
    fake_uart_reset(true, 0);
    com1_write("cd");
    assert_int_equal(fake_uart_nlog, 0);
}

static void putc_waits_for_a_busy_transmitter(void **state)
{
    (void)state;
    fake_uart_reset(true, 5);
    assert_true(uart_putc(UART_COM1, 'z', UART_WAIT_FOREVER));
    assert_int_equal(fake_uart_nlog, 7); /* 6 LSR reads, one write */
    fake_uart_reset(true, 5);
    assert_false(uart_putc(UART_COM1, 'z', 3));
    assert_string_equal(fake_uart_sent(), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kernel_init_programs_then_checks_loopback),
        cmocka_unit_test(kernel_without_uart_sends_nothing),
        cmocka_unit_test(kernel_sends_newline_as_cr_lf),
        cmocka_unit_test(kernel_gives_up_a_stuck_transmitter_for_good),
        cmocka_unit_test(loader_init_probes_scratch_then_programs),
        cmocka_unit_test(loader_without_uart_touches_only_scratch),
        cmocka_unit_test(loader_waits_a_bounded_time_then_stops_writing),
        cmocka_unit_test(putc_waits_for_a_busy_transmitter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
