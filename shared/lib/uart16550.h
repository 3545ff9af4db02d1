/* uart16550.h - the PC's 16550 UART (COM1), polled: port I/O, probes, setup, bounded output. */
#ifndef SHARED_LIB_UART16550_H
#define SHARED_LIB_UART16550_H

/* Header only (static inline): the test kernels under tests/boot/ are each built from
 * one C file (mk/test-kernels.mk, mk/compat-kernels.mk), and every user needs only a
 * few of these, so each gets the one copy without a second object to link. */

#include <stdbool.h>
#include <stdint.h>

#define UART_COM1 0x3F8u /* the PC's first serial port */

/* Registers, as offsets from the base port. */
#define UART_DATA 0u /* THR (write) / RBR (read); divisor low byte (DLL) when DLAB = 1 */
#define UART_IER 1u  /* interrupt enable; divisor high byte (DLM) when DLAB = 1 */
#define UART_FCR 2u  /* FIFO control */
#define UART_LCR 3u  /* line control */
#define UART_MCR 4u  /* modem control */
#define UART_LSR 5u  /* line status */
#define UART_SCR 7u  /* scratch: no function, keeps what is written */

#define UART_LCR_8N1 0x03u
#define UART_LCR_DLAB 0x80u
#define UART_FCR_ENABLE_CLEAR 0x07u    /* FIFOs on, both cleared */
#define UART_FCR_ENABLE_CLEAR_14 0xC7u /* the same, and a 14-byte receive trigger */
#define UART_MCR_DTR_RTS 0x03u
#define UART_MCR_DTR_RTS_OUT2 0x0Bu
#define UART_MCR_LOOPBACK 0x10u
#define UART_LSR_THRE 0x20u /* the transmit holding register can take a byte */

#define UART_CLOCK_DIVISOR_BASE 115200u /* 1.8432 MHz / 16 */
#define UART_BAUD 115200u
#define UART_SCRATCH_PATTERN 0x5Au
#define UART_LOOPBACK_PATTERN 0xA5u

/* One byte takes ~87 us at 115200 baud and an LSR read ~1 us on real hardware, so
 * this many polls (~100 ms) means the UART is stuck, not busy. */
#define UART_THRE_POLLS 100000u
#define UART_WAIT_FOREVER 0u /* for test kernels that have nothing better to do */

#ifdef HOST_TEST
/* A host process may not touch I/O ports: host tests link a pretend UART
 * (tests/unit/fake_uart.c) that supplies these two. */
void uart_outb(uint16_t port, uint8_t v);
uint8_t uart_inb(uint16_t port);
#else
static inline void uart_outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t uart_inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
#endif

/* True when a UART keeps a byte in its scratch register; an empty I/O port reads
 * back 0xFF. Touches nothing else, so a failed probe leaves the port alone. */
static inline bool uart_scratch_ok(uint16_t base)
{
    uart_outb(base + UART_SCR, UART_SCRATCH_PATTERN);
    return uart_inb(base + UART_SCR) == UART_SCRATCH_PATTERN;
}

/* 115200 8N1 with interrupts off (we poll) and the FIFOs set by `fcr`; the modem
 * control register is the caller's (uart_loopback_ok may need it first). */
static inline void uart_setup(uint16_t base, uint8_t fcr)
{
    const uint16_t divisor = UART_CLOCK_DIVISOR_BASE / UART_BAUD;
    uart_outb(base + UART_IER, 0);
    uart_outb(base + UART_LCR, UART_LCR_DLAB);
    uart_outb(base + UART_DATA, (uint8_t)divisor);
    uart_outb(base + UART_IER, (uint8_t)(divisor >> 8));
    uart_outb(base + UART_LCR, UART_LCR_8N1);
    uart_outb(base + UART_FCR, fcr);
}

/* In loopback mode what we send comes straight back, and a missing UART reads
 * 0xFF. Leaves the modem control register at `mcr`. */
static inline bool uart_loopback_ok(uint16_t base, uint8_t mcr)
{
    uart_outb(base + UART_MCR, UART_MCR_LOOPBACK | mcr);
    uart_outb(base + UART_DATA, UART_LOOPBACK_PATTERN);
    bool ok = uart_inb(base + UART_DATA) == UART_LOOPBACK_PATTERN;
    uart_outb(base + UART_MCR, mcr);
    return ok;
}

/* Sends one byte once the transmitter can take it. False, with nothing sent, after
 * `max_polls` polls (UART_WAIT_FOREVER: no limit), so a caller can give the UART up
 * rather than hang. */
static inline bool uart_putc(uint16_t base, uint8_t c, uint32_t max_polls)
{
    uint32_t polls = 0;
    while (!(uart_inb(base + UART_LSR) & UART_LSR_THRE))
        if (max_polls != UART_WAIT_FOREVER && ++polls == max_polls)
            return false;
    uart_outb(base + UART_DATA, c);
    return true;
}

#endif
