/* fake_uart.c - a pretend 16550 at COM1 that logs each port access (see fake_uart.h). */
#include "tests/unit/fake_uart.h"

#include "shared/lib/uart16550.h"

struct fake_uart_io fake_uart_log[FAKE_UART_LOG_MAX];
unsigned fake_uart_nlog;
static bool present;
static uint32_t busy_left;
static uint8_t regs[8]; /* by offset; DLAB is ignored, the tests read the log */
static char sent[1024];
static unsigned nsent;

void fake_uart_reset(bool uart_present, uint32_t busy_polls)
{
    present = uart_present;
    busy_left = busy_polls;
    fake_uart_nlog = 0;
    nsent = 0;
    sent[0] = '\0';
    for (unsigned i = 0; i < sizeof regs; i++)
        regs[i] = 0;
}

const char *fake_uart_sent(void)
{
    return sent;
}

static void log_io(bool out, uint16_t port, uint8_t v)
{
    if (fake_uart_nlog < FAKE_UART_LOG_MAX)
        fake_uart_log[fake_uart_nlog++] = (struct fake_uart_io){out, port, v};
}

void uart_outb(uint16_t port, uint8_t v)
{
    log_io(true, port, v);
    if (port < UART_COM1 || port > UART_COM1 + UART_SCR)
        return;
    unsigned r = port - UART_COM1;
    regs[r] = v;
    bool loop = regs[UART_MCR] & UART_MCR_LOOPBACK;
    bool dlab = regs[UART_LCR] & UART_LCR_DLAB;
    if (r == UART_DATA && !loop && !dlab && nsent < sizeof sent - 1) {
        sent[nsent++] = (char)v;
        sent[nsent] = '\0';
    }
}

uint8_t uart_inb(uint16_t port)
{
    uint8_t v = 0xFF; /* nothing on the bus */
    if (present && port >= UART_COM1 && port <= UART_COM1 + UART_SCR) {
        unsigned r = port - UART_COM1;
        if (r == UART_LSR) {
            if (busy_left == ~0u)
                v = 0;
            else if (busy_left) {
                busy_left--;
                v = 0;
            } else
                v = UART_LSR_THRE;
        } else
            v = regs[r];
    }
    log_io(false, port, v);
    return v;
}
