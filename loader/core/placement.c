/* placement.c - checks that kernel segment targets lie in memory free after ExitBootServices. */
#include "placement.h"
#include "../../shared/bootinfo.h"
#include "../../shared/lib/efi_memtype.h"
#include "span.h"

#define NO_ADDR UINT64_MAX /* "nothing found" for the lowest-address searches below */

/* Memory the firmware hands over for good once boot services are gone. */
static bool reusable(uint32_t type) { return efi_memtype(type)->placeable; }

static const char *type_name(uint32_t type) { return efi_memtype(type)->name; }

/* The firmware memory a target overlaps, for the refusal: the lowest such range whole
 * (adjacent descriptors of its type merged), how many other descriptors the target
 * also overlaps, and where the last of them ends (the kernel fits above that). */
struct forbidden {
    uint64_t base, end; /* the first range; base NO_ADDR: none */
    uint32_t type;
    uint32_t others;
    uint64_t last_end;
};

static struct forbidden find_forbidden(const uint8_t *map, uint32_t n, uint32_t desc_size,
                                       uint64_t base, uint64_t end)
{
    struct forbidden f = { NO_ADDR, 0, 0, 0, 0 };
    uint32_t hits = 0;
    for (uint32_t i = 0; i < n; i++) {
        struct efi_span s = efi_span_at(map, desc_size, i);
        if (reusable(s.type) || s.end <= base || s.base >= end)
            continue;
        hits++;
        if (s.end > f.last_end)
            f.last_end = s.end;
        if (s.base < f.base)
            f.base = s.base, f.end = s.end, f.type = s.type;
    }
    /* Grow the first range over same-type neighbours (maps are not always merged). */
    uint32_t merged = hits ? 1 : 0;
    for (bool grew = hits > 0; grew;) {
        grew = false;
        for (uint32_t i = 0; i < n; i++) {
            struct efi_span s = efi_span_at(map, desc_size, i);
            if (s.type == f.type && s.base == f.end && s.end > s.base) {
                merged += s.base < end;
                f.end = s.end;
                grew = true;
            }
        }
    }
    f.others = hits - merged;
    return f;
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
    struct forbidden f = find_forbidden(map, n, desc_size, t->base, end);
    uint64_t hole = first_uncovered(map, n, desc_size, t->base, end);
    uint64_t bad = f.base == NO_ADDR ? NO_ADDR : f.base > t->base ? f.base : t->base;
    if (bad != NO_ADDR && bad <= hole) {
        diag_set(d, "%s: target 0x%llx-0x%llx overlaps EFI %s 0x%llx-0x%llx (type %u)%s, kept "
                    "after ExitBootServices: link above 0x%llx or add a relocatable tag", file, (unsigned long long)t->base,
                 (unsigned long long)end, type_name(f.type), (unsigned long long)f.base,
                 (unsigned long long)f.end, f.type,
                 f.others ? " + other ranges" : "",
                 (unsigned long long)f.last_end);
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
