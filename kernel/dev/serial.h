/* serial.h - COM1 (16550 UART) output, 115200 8N1. */
#ifndef KERNEL_DEV_SERIAL_H
#define KERNEL_DEV_SERIAL_H

#include <stdbool.h>
#include <stddef.h>

#define COM1_PORT 0x3F8u

/* Programs COM1 for 115200 8N1 with FIFOs, interrupts off. Returns false (and
 * output becomes a no-op) when no UART answers the loopback check. */
bool serial_init(void);
/* One byte; waits a bounded time for the transmitter, then gives up on the UART
 * for good rather than hang the kernel. */
void serial_putc(char c);
/* `n` bytes, "\n" sent as "\r\n" so a terminal on -serial stdio stays readable. */
void serial_write(const char *s, size_t n);

#endif
