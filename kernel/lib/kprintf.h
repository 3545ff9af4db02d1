/* kprintf.h - formatted output to every kernel console (COM1 and the screen: dev/console.h). */
#ifndef KERNEL_LIB_KPRINTF_H
#define KERNEL_LIB_KPRINTF_H

#include <stdarg.h>
#include <stddef.h>

/* %s %c %d %u %x %p %llu %llx %lld, with zero padding and width (%08x). */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap);
/* Into a buffer, always NUL-terminated; returns the length written. */
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
