/* serial.c - polled 16550 UART driver for COM1. */
#include "serial.h"

#include <stdint.h>

#include "../arch/cpu.h"

/* 16550 registers, as offsets from the base port. */
#define UART_DATA 0u /* THR (write) / RBR (read); divisor low byte when DLAB=1 */
#define UART_IER 1u  /* interrupt enable; divisor high byte when DLAB=1 */
#define UART_FCR 2u  /* FIFO control */
#define UART_LCR 3u  /* line control */
#define UART_MCR 4u  /* modem control */
#define UART_LSR 5u  /* line status */

#define LCR_8N1 0x03u
#define LCR_DLAB 0x80u
#define FCR_ENABLE_CLEAR_14 0xC7u /* enable, clear RX and TX, 14-byte RX trigger */
#define MCR_DTR_RTS_OUT2 0x0Bu
#define MCR_LOOPBACK 0x10u
#define LSR_THRE 0x20u /* transmit holding register empty */

#define UART_CLOCK_DIVISOR_BASE 115200u
#define SERIAL_BAUD 115200u
#define LOOPBACK_PATTERN 0xA5u

/* ~100 ms worth of LSR reads on real hardware (port reads take ~1 us); at 115200
 * baud one byte leaves in ~87 us, so a working UART never gets near it. */
#define THRE_MAX_POLLS 100000u

static bool uart_ok = true; /* optimistic until init or a timeout says otherwise */

bool serial_init(void)
{
    const uint16_t divisor = UART_CLOCK_DIVISOR_BASE / SERIAL_BAUD;

    outb(COM1_PORT + UART_IER, 0);
    outb(COM1_PORT + UART_LCR, LCR_DLAB);
    outb(COM1_PORT + UART_DATA, (uint8_t)divisor);
    outb(COM1_PORT + UART_IER, (uint8_t)(divisor >> 8));
    outb(COM1_PORT + UART_LCR, LCR_8N1);
    outb(COM1_PORT + UART_FCR, FCR_ENABLE_CLEAR_14);

    /* In loopback mode what we send comes straight back: a missing UART reads 0xFF. */
    outb(COM1_PORT + UART_MCR, MCR_LOOPBACK | MCR_DTR_RTS_OUT2);
    outb(COM1_PORT + UART_DATA, LOOPBACK_PATTERN);
    uart_ok = inb(COM1_PORT + UART_DATA) == LOOPBACK_PATTERN;

    outb(COM1_PORT + UART_MCR, MCR_DTR_RTS_OUT2);
    return uart_ok;
}

void serial_putc(char c)
{
    if (!uart_ok)
        return;
    uint32_t polls = 0;
    while (!(inb(COM1_PORT + UART_LSR) & LSR_THRE)) {
        if (++polls == THRE_MAX_POLLS) {
            uart_ok = false;
            return;
        }
    }
    outb(COM1_PORT + UART_DATA, (uint8_t)c);
}

void serial_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            serial_putc('\r');
        serial_putc(s[i]);
    }
}
