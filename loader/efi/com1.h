/* com1.h - the loader's own polled COM1 output (port I/O). */
#ifndef LOADER_EFI_COM1_H
#define LOADER_EFI_COM1_H

#include <stdbool.h>
#include <stdint.h>

/* Probes COM1 (the scratch register must hold what we write) and programs it for
 * 115200 8N1, polled, FIFOs on. False, with COM1 left alone afterwards, when no
 * UART answers. */
bool com1_init(void);

/* The same probe, for a COM1 the firmware's own serial console has set up: its
 * speed and line settings stay as the firmware made them. */
bool com1_attach(void);

/* Writes `s` to COM1 after com1_init succeeded; otherwise does nothing. Each byte
 * waits a bounded time for the transmitter; after one timeout COM1 is treated as
 * gone and later writes return at once, so a stuck UART never stalls the loader. */
void com1_write(const char *s);

#endif
