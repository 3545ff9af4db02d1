/* ksyms.h - the kernel's own function names, for exception reports on a screen
 * without a host beside it: a table of text symbols made from the linked image. */
#ifndef KERNEL_LIB_KSYMS_H
#define KERNEL_LIB_KSYMS_H

#include <stddef.h>
#include <stdint.h>

struct ksym {
    uint32_t addr; /* where the symbol starts */
    uint32_t name; /* offset of its NUL-terminated name in the table's names */
};

struct ksym_table {
    const struct ksym *syms; /* sorted by addr */
    uint32_t count;
    const char *names;
    uint32_t text_end; /* end of .text: an address at or past it names nothing */
};

/* The kernel's table: tools/ksyms.py writes it from `nm` of a first link of the kernel,
 * and the second link, with it, must keep every text address (mk/kernel.mk checks). */
extern const struct ksym_table ksym_kernel;

/* The symbol holding addr (the last that starts at or below it) and addr's offset
 * into it; NULL below the first symbol or at or past text_end. */
const char *ksym_find(const struct ksym_table *t, uint32_t addr, uint32_t *offset);

/* "name+0x1d" (or "?" when no symbol holds addr) into buf, always NUL-terminated. */
void ksym_format(const struct ksym_table *t, uint32_t addr, char *buf, size_t size);

#endif
