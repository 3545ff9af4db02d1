/* serial.c - does the firmware console already reach a serial port (the ConOut device path check). Pure. */
#include "devpath.h"

/* ---- EFI device paths (UEFI 2.x, 10.2): a list of nodes, each a 4-byte head
 * {type, subtype, length (little-endian, head included)} and its data. ---- */
#define DP_HEAD 4u
#define DP_TYPE_MESSAGING 3u
#define DP_SUBTYPE_UART 14u

bool serial_devpath_has_uart(const uint8_t *p, uint32_t size)
{
    uint32_t off = 0;
    while (size - off >= DP_HEAD) {
        uint32_t len = p[off + 2] | (uint32_t)p[off + 3] << 8;
        if (len < DP_HEAD || len > size - off)
            return false; /* malformed: we cannot know where the next node is */
        if (p[off] == DP_TYPE_MESSAGING && p[off + 1] == DP_SUBTYPE_UART)
            return true;
        off += len; /* end-of-instance nodes are stepped over like any other */
    }
    return false;
}
