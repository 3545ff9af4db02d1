/* kprintf.h - formatted output to every kernel console (COM1 and the screen: dev/console.h). */
#ifndef KERNEL_LIB_KPRINTF_H
#define KERNEL_LIB_KPRINTF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* %s %c %d %u %x %p %llu %llx %lld, with zero padding and width (%08x). */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap);
/* Into a buffer, always NUL-terminated; returns the length written. */
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The word behind a subsystem's prefix on a line about misuse it refused
 * (`heap: error: double free ...`): "error", or "expect" while a self-test provokes
 * that misuse on purpose (selftest=full), so a provoked line never reads as an error. */
const char *kerr(void);
void kerr_expect(bool on);

#endif
