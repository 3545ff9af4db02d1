/* efi_span.c - see efi_span.h. */
#include "span.h"

#include "../../shared/bootinfo.h"
#include "diag.h"

struct efi_span efi_span_at(const uint8_t *map, uint32_t desc_size, uint32_t i)
{
    struct efi_mem_desc m;
    diag_memcpy(&m, map + (uint64_t)i * desc_size, sizeof m);
    uint64_t room = (UINT64_MAX - m.phys_start) / EFI_PAGE_SIZE;
    uint64_t end = m.num_pages > room ? UINT64_MAX : m.phys_start + m.num_pages * EFI_PAGE_SIZE;
    return (struct efi_span){ m.type, m.phys_start, end };
}

uint64_t efi_span_first_uncovered(const uint8_t *map, uint32_t n, uint32_t desc_size,
                                  uint64_t base, uint64_t end, bool (*wanted)(uint32_t type))
{
    uint64_t at = base;
    while (at < end) {
        uint64_t reach = at;
        for (uint32_t i = 0; i < n; i++) {
            struct efi_span s = efi_span_at(map, desc_size, i);
            if (wanted(s.type) && s.base <= at && s.end > reach)
                reach = s.end;
        }
        if (reach == at)
            return at;
        at = reach;
    }
    return EFI_SPAN_NONE;
}

bool efi_span_map_valid(uint32_t map_size, uint32_t desc_size, const char *file, struct diag *d)
{
    if (desc_size >= sizeof(struct efi_mem_desc) && map_size % desc_size == 0)
        return true;
    diag_set(d, "%s: EFI memory map: desc_size = %u, map_size = %u: not a whole number of "
                "descriptors of at least %u bytes", file, desc_size, map_size,
             (unsigned)sizeof(struct efi_mem_desc));
    return false;
}
