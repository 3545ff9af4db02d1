/* devpath.h - whether the firmware console already reaches a UART (EFI device paths). Pure. */
#ifndef LOADER_CORE_DEVPATH_H
#define LOADER_CORE_DEVPATH_H

#include <stdbool.h>
#include <stdint.h>

/* True when the EFI device path list `p` (`size` bytes; one or more instances, as
 * in the "ConOut" variable) contains a UART messaging node (type 3, subtype 14),
 * i.e. the firmware console already writes to a serial port. Walks node by node
 * and stops at a node shorter than its 4-byte head or running past `size`. Pure. */
bool serial_devpath_has_uart(const uint8_t *p, uint32_t size);

#endif
