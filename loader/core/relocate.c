/* relocate.c - finds where a relocatable kernel may go when its linked address is taken. */
#include "relocate.h"
#include "mb2_header.h"
#include "../../shared/bootinfo.h"
#include "../../shared/lib/efi_memtype.h"
#include "span.h"

#define PAGE EFI_PAGE_SIZE
#define PAGE0_END PAGE           /* like elf.c: nothing loads into page 0 */
#define ADDR_LIMIT (1ull << 32)  /* the kernel is entered in 32-bit mode */
#define NO_BASE UINT64_MAX

/* Before ExitBootServices only conventional memory can be claimed with
 * AllocatePages(AllocateAddress): boot-services and loader memory are still in use. */
static bool claimable(uint32_t type)
{
    return efi_memtype(type)->claimable;
}

/* True when every byte of [base, end) lies in claimable descriptors. */
static bool covered(const uint8_t *map, uint32_t n, uint32_t desc_size, uint64_t base,
                    uint64_t end)
{
    return efi_span_first_uncovered(map, n, desc_size, base, end, claimable) == EFI_SPAN_NONE;
}

static uint64_t align_up(uint64_t a, uint64_t step)
{
    return (a + step - 1) & ~(step - 1);
}

static uint64_t align_down(uint64_t a, uint64_t step)
{
    return a & ~(step - 1);
}

/* The candidate base descriptor `s` offers: the lowest aligned base at or above its
 * start (and min), or the highest aligned base whose image ends at or below its end
 * (and max). The best base overall is one of these: the run of touching free
 * descriptors holding it starts at some descriptor's base and ends at some
 * descriptor's end. NO_BASE when `s` offers nothing. */
static uint64_t candidate(struct efi_span s, bool highest, uint64_t lo, uint64_t hi_end,
                          uint64_t size, uint64_t step)
{
    if (highest) {
        uint64_t top = s.end < hi_end ? s.end : hi_end;
        return top < size ? NO_BASE : align_down(top - size, step);
    }
    uint64_t from = s.base > lo ? s.base : lo;
    return from >= hi_end ? NO_BASE : align_up(from, step);
}

bool reloc_choose(const uint8_t *efi_map, uint32_t map_size, uint32_t desc_size,
                  const struct reloc_request *r, const char *file, uint64_t *base,
                  struct diag *d)
{
    d->msg[0] = '\0';
    if (!efi_span_map_valid(map_size, desc_size, file, d))
        return false;
    if (!mb2h_reloc_range_valid(r->min_addr, r->max_addr, r->align, file, d))
        return false; /* mb2h_parse refused it already; kept for other callers */
    if (r->size == 0 || r->size > ADDR_LIMIT) {
        diag_set(d, "%s: image size = 0x%llx: nothing to relocate or beyond 4 GiB", file,
                 (unsigned long long)r->size);
        return false;
    }
    /* Page steps keep every segment's page offset, so segments sharing a page still
     * share one; a larger power-of-two align is a multiple of the page anyway. */
    uint64_t step = r->align > PAGE ? r->align : PAGE;
    uint64_t lo = r->min_addr > PAGE0_END ? r->min_addr : PAGE0_END;
    uint64_t hi_end = r->max_addr; /* <= 0xffffffff, so below ADDR_LIMIT */
    uint64_t pages_len = align_up(r->size, PAGE);
    bool highest = r->preference == RELOC_PREF_HIGHEST;
    uint64_t best = NO_BASE;
    uint32_t n = map_size / desc_size;

    for (uint32_t i = 0; i < n; i++) {
        struct efi_span s = efi_span_at(efi_map, desc_size, i);
        if (!claimable(s.type))
            continue;
        uint64_t b = candidate(s, highest, lo, hi_end, r->size, step);
        if (b == NO_BASE || b < lo || b + r->size > hi_end ||
            !covered(efi_map, n, desc_size, b, b + pages_len))
            continue;
        if (best == NO_BASE || (highest ? b > best : b < best))
            best = b;
    }
    if (best == NO_BASE) {
        diag_set(d, "%s: Multiboot2 relocatable tag: linked at 0x%llx, which is taken, and no "
                    "free 0x%llx bytes aligned to 0x%llx between min_addr 0x%x and max_addr 0x%x",
                 file, (unsigned long long)r->link_lo, (unsigned long long)r->size,
                 (unsigned long long)step, r->min_addr, r->max_addr);
        return false;
    }
    *base = best;
    return true;
}
