/* serial.c - the kernel's COM1 output: 16550 setup and "\n" as "\r\n" (shared/lib/uart16550.h). */
#include "serial.h"

#include <stdint.h>

#include "../../shared/lib/uart16550.h"

_Static_assert(COM1_PORT == UART_COM1, "serial.h names the same port");

static bool uart_ok = true; /* optimistic until init or a timeout says otherwise */

bool serial_init(void)
{
    uart_setup(COM1_PORT, UART_FCR_ENABLE_CLEAR_14);
    uart_ok = uart_loopback_ok(COM1_PORT, UART_MCR_DTR_RTS_OUT2);
    return uart_ok;
}

void serial_putc(char c)
{
    if (uart_ok && !uart_putc(COM1_PORT, (uint8_t)c, UART_THRE_POLLS))
        uart_ok = false;
}

void serial_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            serial_putc('\r');
        serial_putc(s[i]);
    }
}
