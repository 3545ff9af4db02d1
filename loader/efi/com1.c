/* com1.c - the loader's own polled 16550 output on COM1 (port I/O: not built for host tests,
 * which link tests/unit/fake_com1.c instead). */
#include "com1.h"

/* ---- 16550 UART at the PC's COM1 I/O ports ---- */
#define COM1 0x3F8
#define UART_THR 0 /* transmit holding (write), DLAB = 0 */
#define UART_DLL 0 /* divisor latch low, DLAB = 1 */
#define UART_IER 1 /* interrupt enable, DLAB = 0 */
#define UART_DLM 1 /* divisor latch high, DLAB = 1 */
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_SCR 7
#define LCR_DLAB 0x80
#define LCR_8N1 0x03
#define FCR_ENABLE_CLEAR 0x07 /* FIFOs on, both cleared */
#define MCR_DTR_RTS 0x03
#define LSR_THRE 0x20 /* the transmit holding register can take a byte */
#define BAUD_BASE 115200u /* 1.8432 MHz / 16 */
#define BAUD 115200u
#define SCRATCH_PROBE 0x5A
/* One byte takes ~87 us at 115200 baud; a port read takes ~1 us on real hardware
 * (less under QEMU), so this allows a few ms before the UART is declared stuck. */
#define THRE_SPINS 100000u

static bool com1_ok;

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

/* The scratch register has no function: a UART keeps what is written there, an
 * empty I/O port reads back 0xFF. Interrupts stay off (IER = 0): we poll. */
bool com1_init(void)
{
    outb(COM1 + UART_SCR, SCRATCH_PROBE);
    if (inb(COM1 + UART_SCR) != SCRATCH_PROBE)
        return com1_ok = false;
    uint16_t div = BAUD_BASE / BAUD;
    outb(COM1 + UART_IER, 0);
    outb(COM1 + UART_LCR, LCR_DLAB);
    outb(COM1 + UART_DLL, (uint8_t)div);
    outb(COM1 + UART_DLM, (uint8_t)(div >> 8));
    outb(COM1 + UART_LCR, LCR_8N1);
    outb(COM1 + UART_FCR, FCR_ENABLE_CLEAR);
    outb(COM1 + UART_MCR, MCR_DTR_RTS);
    return com1_ok = true;
}

void com1_write(const char *s)
{
    for (; com1_ok && *s; s++) {
        uint32_t spins = 0;
        while (!(inb(COM1 + UART_LSR) & LSR_THRE))
            if (++spins == THRE_SPINS) {
                com1_ok = false;
                return;
            }
        outb(COM1 + UART_THR, (uint8_t)*s);
    }
}
