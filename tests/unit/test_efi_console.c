/* test_efi_console.c - where loader/efi/console.c sends each kind of line: errors and
 * notes to the firmware console (and COM1 when it lacks a serial port), progress lines
 * to the serial console and to the screen only with boot.cfg `verbose = on`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "loader/efi/console.h"
#include "tests/unit/fake_com1.h"
#include "tests/unit/mock_efi.h"

/* "ConOut" device paths: PciRoot/Serial/Uart/VenVt100 (as OVMF's) or a GOP alone. */
static const uint8_t with_uart[] = {
    2, 1, 12, 0, 0xd0, 0x41, 0x03, 0x0a, 0, 0, 0, 0, /* ACPI PciRoot(0) */
    3, 14, 19, 0, 0, 0, 0, 0, 0, 0xc2, 1, 0, 0, 0, 0, 0, 8, 1, 1, /* UART 115200 8N1 */
    0x7f, 0xff, 4, 0, /* end */
};
static const uint8_t screen_only[] = {
    2, 1, 12, 0, 0xd0, 0x41, 0x03, 0x0a, 0, 0, 0, 0, /* ACPI PciRoot(0) */
    1, 1, 6, 0, 2, 0,                                /* PCI 0.2: the display */
    0x7f, 0xff, 4, 0,
};

static void firmware(const uint8_t *conout_var, size_t size, bool uart)
{
    mock_efi_up();
    memcpy(mock_conout_var, conout_var, size);
    mock_conout_var_size = size;
    fake_com1_reset(uart);
}

static void print_three(void)
{
    con_progress("kernel %s %u bytes", "\\kernel.elf", 4816u);
    con_print("note: %s", "a note");
    con_error(EFI_NOT_FOUND, "gone");
}

#define PROGRESS "loader: kernel \\kernel.elf 4816 bytes\r\n"
#define NOTE "loader: note: a note\r\n"
#define ERROR "loader: error: gone (EFI status EFI_NOT_FOUND)\r\n"

/* OVMF: the firmware console has a UART. Progress lines go to that COM1 ourselves,
 * without reprogramming it; everything else through ConOut only (no line twice). */
static void firmware_serial_console_progress_to_com1_only(void **state)
{
    (void)state;
    firmware(with_uart, sizeof with_uart, true);
    assert_false(con_configure(true, false));
    print_three();
    assert_string_equal(mock_conout, NOTE ERROR);
    assert_string_equal(fake_com1_out, PROGRESS);
    assert_false(fake_com1_programmed);
    mock_efi_down();
}

static void verbose_puts_progress_on_the_screen(void **state)
{
    (void)state;
    firmware(with_uart, sizeof with_uart, true);
    assert_false(con_configure(true, true));
    print_three();
    assert_string_equal(mock_conout, PROGRESS NOTE ERROR);
    assert_string_equal(fake_com1_out, "");
    mock_efi_down();
}

/* A screen-only firmware console: every line to COM1 (programmed by us), progress lines
 * kept off the screen. */
static void screen_only_console_mirrors_every_line_to_com1(void **state)
{
    (void)state;
    firmware(screen_only, sizeof screen_only, true);
    assert_true(con_configure(true, false));
    print_three();
    assert_string_equal(mock_conout, NOTE ERROR);
    assert_string_equal(fake_com1_out, PROGRESS NOTE ERROR);
    assert_true(fake_com1_programmed);
    mock_efi_down();
}

static void serial_off_never_touches_com1(void **state)
{
    (void)state;
    firmware(with_uart, sizeof with_uart, true);
    assert_false(con_configure(false, false));
    print_three();
    assert_string_equal(mock_conout, NOTE ERROR);
    assert_string_equal(fake_com1_out, "");
    assert_false(fake_com1_programmed);
    mock_efi_down();
}

/* No UART answers: progress lines are lost, errors still reach the screen. */
static void no_uart_progress_is_lost_errors_are_not(void **state)
{
    (void)state;
    firmware(with_uart, sizeof with_uart, false);
    assert_false(con_configure(true, false));
    print_three();
    assert_string_equal(mock_conout, NOTE ERROR);
    assert_string_equal(fake_com1_out, "");
    mock_efi_down();
}

/* Before boot.cfg is read, every line (progress too) is on the screen. */
static void before_configure_progress_is_on_the_screen(void **state)
{
    (void)state;
    firmware(with_uart, sizeof with_uart, true);
    con_progress("kernel %s %u bytes", "\\kernel.elf", 4816u);
    assert_string_equal(mock_conout, PROGRESS);
    mock_efi_down();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(firmware_serial_console_progress_to_com1_only),
        cmocka_unit_test(verbose_puts_progress_on_the_screen),
        cmocka_unit_test(screen_only_console_mirrors_every_line_to_com1),
        cmocka_unit_test(serial_off_never_touches_com1),
        cmocka_unit_test(no_uart_progress_is_lost_errors_are_not),
        cmocka_unit_test(before_configure_progress_is_on_the_screen),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
