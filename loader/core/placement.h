/* placement.h - decides whether the kernel's segments may be copied to their
 * physical targets after ExitBootServices, given the final firmware memory map. */
#ifndef LOADER_PLACEMENT_H
#define LOADER_PLACEMENT_H

#include <stdbool.h>
#include <stdint.h>
#include "diag.h"

struct range64 {
    uint64_t base;
    uint64_t len;
};

/* True when every target range lies wholly in memory the firmware will not need
 * after ExitBootServices (conventional, boot-services code/data, loader code/data)
 * according to the EFI map (`map_size` bytes, stepping by `desc_size`), and
 * overlaps none of the `live` ranges (staged copies, boot information, handoff code
 * and stack, the loader image). Otherwise false and one line in `d` naming the
 * target and what is in the way. `file` names the kernel in the message. */
bool placement_check(const uint8_t *efi_map, uint32_t map_size, uint32_t desc_size,
                     const struct range64 *targets, uint32_t ntargets,
                     const struct range64 *live, uint32_t nlive, const char *file,
                     struct diag *d);

#endif
