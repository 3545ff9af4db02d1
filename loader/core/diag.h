/* diag.h - one-line error messages from the loader's pure parsers.
 *
 * Parsers never print: they fill a struct diag with one line naming the file, the
 * field and the value, and the firmware-facing code prints it (ConOut and COM1).
 * Freestanding, so the same code builds for gnu-efi and for the host tests.
 */
#ifndef LOADER_DIAG_H
#define LOADER_DIAG_H

#include <stdarg.h>
#include <stdint.h>

#define DIAG_MAX 200

struct diag {
    char msg[DIAG_MAX]; /* NUL-terminated; empty when no error */
};

/* Formats into d->msg, truncating, with the conversions of shared/lib/fmt.h (the
 * kernel's kprintf formatter). */
void diag_set(struct diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_vset(struct diag *d, const char *fmt, va_list ap);

/* Small freestanding helpers the parsers share (no libc in the loader). */
uint32_t diag_strlen(const char *s);
void diag_memcpy(void *dst, const void *src, uint32_t n);
void diag_memset(void *dst, int c, uint32_t n);

#endif
