/* host_kprintf.h - what host tests can ask about the kernel lines printed by the code under test. */
#ifndef TESTS_UNIT_HOST_KPRINTF_H
#define TESTS_UNIT_HOST_KPRINTF_H

/* The last complete line printed through kprintf (without the newline), "" if none. */
const char *host_kprintf_last(void);
/* How many lines kprintf printed since the last reset. */
unsigned host_kprintf_lines(void);
/* Forgets the last line and the count. */
void host_kprintf_reset(void);

#endif
