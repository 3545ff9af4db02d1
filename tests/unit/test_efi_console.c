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

/* One firmware and boot.cfg setting, and where each kind of line must end up. */
struct routing {
    const char *name;
    const uint8_t *conout_var;
    size_t conout_size;
    bool uart, serial, verbose;
    bool mirrored;        /* con_configure's answer: every line to COM1 */
    const char *conout;   /* what ConOut shows after print_three */
    const char *com1;     /* what COM1 carries */
    bool programmed;      /* the loader set COM1's speed and line itself */
};

static const struct routing routings[] = {
    /* OVMF: the firmware console has a UART. Progress lines go to that COM1 ourselves,
     * without reprogramming it; everything else through ConOut only (no line twice). */
    {"firmware serial console", with_uart, sizeof with_uart, true, true, false,
     false, NOTE ERROR, PROGRESS, false},
    {"verbose = on", with_uart, sizeof with_uart, true, true, true,
     false, PROGRESS NOTE ERROR, "", false},
    /* A screen-only firmware console: every line to COM1 (programmed by us), progress
     * lines kept off the screen. */
    {"screen-only console", screen_only, sizeof screen_only, true, true, false,
     true, NOTE ERROR, PROGRESS NOTE ERROR, true},
    {"serial = off", with_uart, sizeof with_uart, true, false, false,
     false, NOTE ERROR, "", false},
    /* No UART answers: progress lines are lost, errors still reach the screen. */
    {"no UART", with_uart, sizeof with_uart, false, true, false,
     false, NOTE ERROR, "", false},
};

static void each_kind_of_line_goes_where_the_settings_say(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof routings / sizeof routings[0]; i++) {
        const struct routing *r = &routings[i];
        print_message("%s\n", r->name);
        firmware(r->conout_var, r->conout_size, r->uart);
        assert_int_equal(con_configure(r->serial, r->verbose), r->mirrored);
        print_three();
        assert_string_equal(mock_conout, r->conout);
        assert_string_equal(fake_com1_out, r->com1);
        assert_int_equal(fake_com1_programmed, r->programmed);
        mock_efi_down();
    }
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
        cmocka_unit_test(each_kind_of_line_goes_where_the_settings_say),
        cmocka_unit_test(before_configure_progress_is_on_the_screen),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
