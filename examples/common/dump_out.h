/* dump_out.h - the line printer of the dump kernels (examples/tagdump, examples/mb1dump):
 * COM1 through shared/lib/uart16550.h, hex and decimal fields, quoted strings, CRC-32.
 * Header only, static inline: each dump kernel is one C file and uses most of it. */
#ifndef EXAMPLES_COMMON_DUMP_OUT_H
#define EXAMPLES_COMMON_DUMP_OUT_H

#include <stdint.h>

#include "shared/lib/uart16550.h"

/* Polled COM1; both loaders leave the UART programmed (OVMF sets 115200 8N1). A dump
 * kernel has nothing better to do than wait for it. */
static inline void putc_(char c)
{
    if (c == '\n')
        putc_('\r');
    uart_putc(UART_COM1, (uint8_t)c, UART_WAIT_FOREVER);
}

static inline void puts_(const char *s)
{
    while (*s)
        putc_(*s++);
}

static inline void hex(uint64_t v)
{
    char b[19];
    int i = 18;
    b[i] = 0;
    do {
        b[--i] = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v);
    b[--i] = 'x';
    b[--i] = '0';
    puts_(b + i);
}

static inline void dec(uint64_t v)
{
    char b[21];
    int i = 20;
    b[i] = 0;
    do {
        b[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    puts_(b + i);
}

/* " key=0x..", " key=N" */
static inline void kx(const char *k, uint64_t v) { putc_(' '), puts_(k), putc_('='), hex(v); }
static inline void kd(const char *k, uint64_t v) { putc_(' '), puts_(k), putc_('='), dec(v); }

/* " key="..."": at most n bytes, stopping at NUL; bytes outside printable ASCII and
 * '"' show as '.'. */
static inline void ks(const char *k, const char *s, uint32_t n)
{
    putc_(' '), puts_(k), puts_("=\"");
    for (uint32_t i = 0; i < n && s[i]; i++)
        putc_(s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' ? s[i] : '.');
    putc_('"');
}

/* CRC-32 (IEEE, as zlib.crc32), bitwise: the data is small. */
static inline uint32_t crc32(const uint8_t *p, uint32_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (uint32_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & -(c & 1));
    }
    return ~c;
}

#endif
