/* com1.c - the loader's own polled 16550 output on COM1 (port I/O: not built for host tests,
 * which link tests/unit/fake_com1.c instead). */
#include "com1.h"

#include "../../shared/lib/uart16550.h"

static bool com1_ok;

/* The scratch probe first: if no UART answers, nothing else is written to the port.
 * Interrupts stay off (IER = 0): we poll. */
bool com1_init(void)
{
    if (!uart_scratch_ok(UART_COM1))
        return com1_ok = false;
    uart_setup(UART_COM1, UART_FCR_ENABLE_CLEAR);
    uart_outb(UART_COM1 + UART_MCR, UART_MCR_DTR_RTS);
    return com1_ok = true;
}

bool com1_attach(void)
{
    return com1_ok = uart_scratch_ok(UART_COM1);
}

void com1_write(const char *s)
{
    for (; com1_ok && *s; s++)
        if (!uart_putc(UART_COM1, (uint8_t)*s, UART_THRE_POLLS))
            com1_ok = false;
}
