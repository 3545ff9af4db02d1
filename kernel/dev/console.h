/* console.h - where kernel output goes: COM1 always, plus screens that register. */
#ifndef KERNEL_DEV_CONSOLE_H
#define KERNEL_DEV_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

#define CONSOLE_MAX_SINKS 4u
/* Output from before the first sink registers, kept so that sink sees it too. */
#define CONSOLE_EARLY_BYTES 4096u

typedef void (*console_sink)(const char *s, size_t n);

/* Writes to COM1, then to every registered sink. A sink that causes output while
 * it runs (a fault inside it) does not get that output: it goes to COM1 only. */
void console_write(const char *s, size_t n);

/* Registers `fn`; the first one registered is first handed the output kept from
 * before. Returns false when CONSOLE_MAX_SINKS are already registered. */
bool console_add_sink(console_sink fn);

#endif
