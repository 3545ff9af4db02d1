/* fake_uart.h - a pretend 16550 behind uart_outb/uart_inb, for host tests of
 * shared/lib/uart16550.h. */
#ifndef TESTS_UNIT_FAKE_UART_H
#define TESTS_UNIT_FAKE_UART_H

#include <stdbool.h>
#include <stdint.h>

#define FAKE_UART_LOG_MAX 256

struct fake_uart_io {
    bool out; /* true: uart_outb, false: uart_inb */
    uint16_t port;
    uint8_t value; /* written, or read back */
};

extern struct fake_uart_io fake_uart_log[FAKE_UART_LOG_MAX]; /* every access, in order */
extern unsigned fake_uart_nlog;

/* `present`: a UART answers (scratch and loopback keep what is written; otherwise
 * every read is 0xFF). `busy_polls`: how many LSR reads before THRE shows (~0u:
 * never, a stuck transmitter). */
void fake_uart_reset(bool present, uint32_t busy_polls);
/* The bytes sent through the data register outside loopback, NUL-terminated. */
const char *fake_uart_sent(void);

#endif
