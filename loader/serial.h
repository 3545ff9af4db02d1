/* serial.h - the loader's own COM1 output, and whether the firmware console already reaches a UART. */
#ifndef LOADER_SERIAL_H
#define LOADER_SERIAL_H

#include <stdbool.h>
#include <stdint.h>

/* True when the EFI device path list `p` (`size` bytes; one or more instances, as
 * in the "ConOut" variable) contains a UART messaging node (type 3, subtype 14),
 * i.e. the firmware console already writes to a serial port. Walks node by node
 * and stops at a node shorter than its 4-byte head or running past `size`. Pure. */
bool serial_devpath_has_uart(const uint8_t *p, uint32_t size);

/* Probes COM1 (the scratch register must hold what we write) and programs it for
 * 115200 8N1, polled, FIFOs on. False, with COM1 left alone afterwards, when no
 * UART answers. */
bool com1_init(void);

/* Writes `s` to COM1 after com1_init succeeded; otherwise does nothing. Each byte
 * waits a bounded time for the transmitter; after one timeout COM1 is treated as
 * gone and later writes return at once, so a stuck UART never stalls the loader. */
void com1_write(const char *s);

#endif
