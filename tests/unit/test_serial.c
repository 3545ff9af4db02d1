/* test_serial.c - specifies serial_devpath_has_uart: does the firmware console (ConOut) already reach a UART. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "loader/core/devpath.h"

/* Device path nodes as OVMF writes them into "ConOut" (bytes: type, subtype,
 * length low, length high, data). */
static const uint8_t ACPI_PCI_ROOT[] = { 2, 1, 12, 0, 0xD0, 0x41, 0x03, 0x0A, 0, 0, 0, 0 };
static const uint8_t PCI_VGA[] = { 1, 1, 6, 0, 0, 2 };
static const uint8_t PCI_LPC[] = { 1, 1, 6, 0, 0, 0x1F };
static const uint8_t ACPI_COM1[] = { 2, 1, 12, 0, 0xD0, 0x41, 0x01, 0x05, 0, 0, 0, 0 };
static const uint8_t UART_115200_8N1[] = { 3, 14, 19, 0, 0, 0, 0, 0,
                                           0x00, 0xC2, 0x01, 0, 0, 0, 0, 0, 8, 1, 1 };
static const uint8_t VENDOR_VT100[] = { 3, 10, 20, 0, 0x65, 0x4F, 0xDC, 0xDF, 0x73, 0xA1,
                                        0xD3, 0x11, 0x8A, 0x99, 0x00, 0xA0, 0xC9, 0x69,
                                        0x72, 0x3B };
static const uint8_t END_INSTANCE[] = { 0x7F, 0x01, 4, 0 };
static const uint8_t END_ENTIRE[] = { 0x7F, 0xFF, 4, 0 };

static uint8_t path[512];
static uint32_t len;

static int reset(void **state)
{
    (void)state;
    memset(path, 0xCC, sizeof path);
    len = 0;
    return 0;
}

static void put(const uint8_t *node, uint32_t n)
{
    memcpy(path + len, node, n);
    len += n;
}
#define PUT(node) put(node, sizeof node)

static void gop_instance(void)
{
    PUT(ACPI_PCI_ROOT);
    PUT(PCI_VGA);
}

static void serial_instance(void)
{
    PUT(ACPI_PCI_ROOT);
    PUT(PCI_LPC);
    PUT(ACPI_COM1);
    PUT(UART_115200_8N1);
    PUT(VENDOR_VT100);
}

/* OVMF: ConOut = GOP, end of instance, COM1 with a VT100 terminal, end. */
static void ovmf_conout_with_a_serial_instance_after_the_gop_has_a_uart(void **state)
{
    (void)state;
    gop_instance();
    PUT(END_INSTANCE);
    serial_instance();
    PUT(END_ENTIRE);
    assert_true(serial_devpath_has_uart(path, len));
}

static void conout_with_only_a_gop_has_no_uart(void **state)
{
    (void)state;
    gop_instance();
    PUT(END_ENTIRE);
    assert_false(serial_devpath_has_uart(path, len));
}

static void a_single_serial_instance_has_a_uart(void **state)
{
    (void)state;
    serial_instance();
    PUT(END_ENTIRE);
    assert_true(serial_devpath_has_uart(path, len));
}

/* Subtype 14 under the ACPI type (2) is not a UART node. */
static void subtype_14_of_another_type_is_not_a_uart(void **state)
{
    (void)state;
    const uint8_t not_uart[] = { 2, 14, 8, 0, 0, 0, 0, 0 };
    PUT(not_uart);
    PUT(END_ENTIRE);
    assert_false(serial_devpath_has_uart(path, len));
}

/* A zero-length node would loop forever if stepped over: the walk stops there. */
static void a_node_shorter_than_its_head_stops_the_walk(void **state)
{
    (void)state;
    const uint8_t zero_len[] = { 1, 1, 0, 0 };
    PUT(zero_len);
    serial_instance();
    assert_false(serial_devpath_has_uart(path, len));
}

/* The UART node's length runs one byte past the variable's size. */
static void a_node_running_past_the_data_is_not_read(void **state)
{
    (void)state;
    PUT(ACPI_PCI_ROOT);
    put(UART_115200_8N1, sizeof UART_115200_8N1 - 1);
    assert_false(serial_devpath_has_uart(path, len));
}

static void an_empty_or_truncated_variable_has_no_uart(void **state)
{
    (void)state;
    assert_false(serial_devpath_has_uart(path, 0));
    PUT(UART_115200_8N1);
    assert_false(serial_devpath_has_uart(path, 3));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(ovmf_conout_with_a_serial_instance_after_the_gop_has_a_uart, reset),
        cmocka_unit_test_setup(conout_with_only_a_gop_has_no_uart, reset),
        cmocka_unit_test_setup(a_single_serial_instance_has_a_uart, reset),
        cmocka_unit_test_setup(subtype_14_of_another_type_is_not_a_uart, reset),
        cmocka_unit_test_setup(a_node_shorter_than_its_head_stops_the_walk, reset),
        cmocka_unit_test_setup(a_node_running_past_the_data_is_not_read, reset),
        cmocka_unit_test_setup(an_empty_or_truncated_variable_has_no_uart, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
