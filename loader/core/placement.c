/* placement.c - checks that kernel segment targets lie in memory free after ExitBootServices. */
#include "placement.h"
#include "../../shared/bootinfo.h"
#include "../../shared/efi_memtype.h"
#include "span.h"

#define NO_ADDR UINT64_MAX /* "nothing found" for the lowest-address searches below */

/* Memory the firmware hands over for good once boot services are gone. */
static bool reusable(uint32_t type) { return efi_memtype(type)->placeable; }

static const char *type_name(uint32_t type) { return efi_memtype(type)->name; }

/* Lowest address in [base, end) inside a descriptor we may not overwrite, or NO_ADDR;
 * *type gets that descriptor's type. */
static uint64_t first_forbidden(const uint8_t *map, uint32_t n, uint32_t desc_size,
                                uint64_t base, uint64_t end, uint32_t *type)
{
    uint64_t first = NO_ADDR;
    for (uint32_t i = 0; i < n; i++) {
        struct efi_span s = efi_span_at(map, desc_size, i);
        if (reusable(s.type) || s.end <= base || s.base >= end)
            continue;
        uint64_t at = s.base > base ? s.base : base;
        if (at < first) {
            first = at;
            *type = s.type;
        }
    }
    return first;
}

/* Lowest address in [base, end) covered by no reusable descriptor, or NO_ADDR. */
static uint64_t first_uncovered(const uint8_t *map, uint32_t n, uint32_t desc_size,
                                uint64_t base, uint64_t end)
{
    uint64_t at = efi_span_first_uncovered(map, n, desc_size, base, end, reusable);
    return at == EFI_SPAN_NONE ? NO_ADDR : at;
}

static bool check_map(const uint8_t *map, uint32_t n, uint32_t desc_size,
                      const struct range64 *t, const char *file, struct diag *d)
{
    uint64_t end = t->base + t->len;
    uint32_t type = 0;
    uint64_t bad = first_forbidden(map, n, desc_size, t->base, end, &type);
    uint64_t hole = first_uncovered(map, n, desc_size, t->base, end);
    if (bad != NO_ADDR && bad <= hole) {
        diag_set(d, "%s: target 0x%llx-0x%llx: 0x%llx is EFI %s memory (type %u), in use after "
                    "ExitBootServices", file, (unsigned long long)t->base,
                 (unsigned long long)end, (unsigned long long)bad, type_name(type), type);
        return false;
    }
    if (hole != NO_ADDR) {
        diag_set(d, "%s: target 0x%llx-0x%llx: 0x%llx is not RAM (hole in the EFI memory map)",
                 file, (unsigned long long)t->base, (unsigned long long)end,
                 (unsigned long long)hole);
        return false;
    }
    return true;
}

static bool check_live(const struct range64 *t, const struct range64 *live, uint32_t nlive,
                       const char *file, struct diag *d)
{
    uint64_t end = t->base + t->len;
    for (uint32_t i = 0; i < nlive; i++) {
        const struct range64 *l = &live[i];
        if (l->len == 0 || l->base >= end || t->base >= l->base + l->len)
            continue;
        diag_set(d, "%s: target 0x%llx-0x%llx overlaps live range %u (0x%llx-0x%llx) the loader "
                    "still needs", file, (unsigned long long)t->base, (unsigned long long)end,
                 i, (unsigned long long)l->base, (unsigned long long)(l->base + l->len));
        return false;
    }
    return true;
}

bool placement_check(const uint8_t *efi_map, uint32_t map_size, uint32_t desc_size,
                     const struct range64 *targets, uint32_t ntargets,
                     const struct range64 *live, uint32_t nlive, const char *file,
                     struct diag *d)
{
    d->msg[0] = '\0';
    if (!efi_span_map_valid(map_size, desc_size, file, d))
        return false;
    /* Ranges wrapping 2^64 would make every comparison below lie. */
    for (uint32_t i = 0; i < nlive; i++) {
        if (live[i].base + live[i].len < live[i].base) {
            diag_set(d, "%s: live range %u: 0x%llx + 0x%llx wraps 64 bits", file, i,
                     (unsigned long long)live[i].base, (unsigned long long)live[i].len);
            return false;
        }
    }
    uint32_t n = map_size / desc_size;
    for (uint32_t i = 0; i < ntargets; i++) {
        const struct range64 *t = &targets[i];
        if (t->len == 0)
            continue;
        if (t->base + t->len < t->base) {
            diag_set(d, "%s: target %u: 0x%llx + 0x%llx wraps 64 bits", file, i,
                     (unsigned long long)t->base, (unsigned long long)t->len);
            return false;
        }
        if (!check_map(efi_map, n, desc_size, t, file, d) ||
            !check_live(t, live, nlive, file, d))
            return false;
    }
    return true;
}
