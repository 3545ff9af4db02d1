/* fake_com1.h - COM1 for host tests: loader/com1.c does port I/O, which a host process
 * may not; this stands in for it and keeps what the loader wrote. */
#ifndef TESTS_UNIT_FAKE_COM1_H
#define TESTS_UNIT_FAKE_COM1_H

#include <stdbool.h>

extern char fake_com1_out[4096]; /* every byte written since fake_com1_reset */
extern bool fake_com1_programmed; /* com1_init set speed and line (com1_attach does not) */

/* `present`: whether a UART answers the probe. */
void fake_com1_reset(bool present);

#endif
