/* mmap.c - sanitizes the EFI memory map into a sorted, merged Multiboot2 map (tag 6). */
#include "mmap.h"
#include "../../shared/lib/efi_memtype.h"
#include "../../shared/lib/sort.h"

#define MB2_PAGE_SHIFT 12 /* EFI pages are 4 KiB */
#define EFI_DESC_MIN ((uint32_t)sizeof(struct efi_mem_desc))
#define EFI_DESC_ALIGN 8u
/* More pages than this cannot be expressed in bytes in 64 bits. */
#define EFI_MAX_PAGES (UINT64_MAX >> MB2_PAGE_SHIFT)
#define KIB_SHIFT 10
#define LOW_MEM_MAX_KIB 640u      /* conventional memory below the VGA hole */
#define HIGH_MEM_START 0x100000ull /* 1 MiB: where mem_upper starts counting */

/* Where descriptors overlap, the type with the higher rank wins. The order is "how
 * badly would the kernel break if it used this memory":
 *   RESERVED  - firmware, MMIO or unknown: touching it can hang the machine.
 *   NVS       - firmware state that must survive sleep; the OS never owns it.
 *   BADRAM    - unusable, but holds nothing anyone needs to preserve.
 *   ACPI_RECLAIMABLE - holds tables the kernel must read first; usable after.
 *   AVAILABLE - free for the kernel.
 * So a page claimed by both a free and a reserved descriptor is never handed out. */
enum rank { RANK_AVAILABLE, RANK_ACPI, RANK_BADRAM, RANK_NVS, RANK_RESERVED, RANK_COUNT };

static const uint32_t type_of_rank[RANK_COUNT] = {
    [RANK_AVAILABLE] = MB2_MMAP_AVAILABLE, [RANK_ACPI] = MB2_MMAP_ACPI_RECLAIMABLE,
    [RANK_BADRAM] = MB2_MMAP_BADRAM,       [RANK_NVS] = MB2_MMAP_NVS,
    [RANK_RESERVED] = MB2_MMAP_RESERVED,
};

static enum rank rank_of_type(uint32_t mb2_type)
{
    switch (mb2_type) {
    case MB2_MMAP_AVAILABLE: return RANK_AVAILABLE;
    case MB2_MMAP_ACPI_RECLAIMABLE: return RANK_ACPI;
    case MB2_MMAP_BADRAM: return RANK_BADRAM;
    case MB2_MMAP_NVS: return RANK_NVS;
    default: return RANK_RESERVED;
    }
}

/* Boot-services and loader memory are free once ExitBootServices returns; the
 * loader's own structures the kernel needs are reserved by the kernel itself. The
 * rest is shared/lib/efi_memtype.h's decision. */
uint32_t mmap_type_of_efi(uint32_t efi_type) { return efi_memtype(efi_type)->mb2; }

/* The caller's scratch holds the edges: a static array here would be 32 KiB of
 * zeroes inside BOOTIA32.EFI (gnu-efi's linker script folds .bss into .data). */
#define event mmap_edge

/* Ascending by position; the order among equal positions does not matter, the
 * sweep below reads every edge at one position before it emits anything. */
static int by_pos(const void *a, const void *b, void *ctx)
{
    (void)ctx;
    uint64_t x = ((const struct event *)a)->pos, y = ((const struct event *)b)->pos;
    return x < y ? -1 : x > y;
}

/* Appends [base, end) of `type` to out, merging with a touching same-type entry. */
static bool emit(struct mb2_mmap_entry *out, uint32_t cap, uint32_t *n, uint64_t base,
                 uint64_t end, uint32_t type, struct diag *d)
{
    if (*n > 0) {
        struct mb2_mmap_entry *last = &out[*n - 1];
        if (last->type == type && last->base_addr + last->length == base) {
            last->length += end - base;
            return true;
        }
    }
    if (*n >= cap) {
        diag_set(d, "EFI memory map: more than %u entries after sanitizing (at 0x%llx)", cap,
                 (unsigned long long)base);
        return false;
    }
    out[*n].base_addr = base;
    out[*n].length = end - base;
    out[*n].type = type;
    out[*n].zero = 0;
    (*n)++;
    return true;
}

/* Reads descriptor `i` into events; false with a message if its length overflows. */
static bool add_descriptor(const uint8_t *efi_map, uint32_t i, uint32_t desc_size,
                           struct event *events, uint32_t *nev, struct diag *d)
{
    struct efi_mem_desc m;
    /* Copy: the map is only guaranteed byte-aligned by our callers (and the fuzzer). */
    diag_memcpy(&m, efi_map + i * desc_size, sizeof m);
    if (m.num_pages == 0)
        return true;
    if (m.num_pages > EFI_MAX_PAGES) {
        diag_set(d, "EFI memory map: descriptor %u: num_pages 0x%llx is too large", i,
                 (unsigned long long)m.num_pages);
        return false;
    }
    uint64_t len = m.num_pages << MB2_PAGE_SHIFT;
    if (m.phys_start + len < m.phys_start) {
        diag_set(d, "EFI memory map: descriptor %u: phys_start 0x%llx + num_pages 0x%llx "
                    "runs past 2^64", i, (unsigned long long)m.phys_start,
                 (unsigned long long)m.num_pages);
        return false;
    }
    uint32_t rank = rank_of_type(mmap_type_of_efi(m.type));
    events[(*nev)++] = (struct event){ m.phys_start, 1, rank };
    events[(*nev)++] = (struct event){ m.phys_start + len, -1, rank };
    return true;
}

/* Boundary sweep: between two consecutive edges the set of covering descriptors is
 * constant, so that elementary interval gets the highest-ranked covering type. */
bool mmap_from_efi(const uint8_t *efi_map, uint32_t map_size, uint32_t desc_size,
                   struct mb2_mmap_entry *out, uint32_t cap, uint32_t *n,
                   struct mmap_edge *events, uint32_t events_cap, struct diag *d)
{
    *n = 0;
    if (desc_size < EFI_DESC_MIN || desc_size % EFI_DESC_ALIGN != 0) {
        diag_set(d, "EFI memory map: desc_size %u (must be >= %u and a multiple of %u)",
                 desc_size, EFI_DESC_MIN, EFI_DESC_ALIGN);
        return false;
    }
    if (map_size % desc_size != 0) {
        diag_set(d, "EFI memory map: map_size %u is not a multiple of desc_size %u", map_size,
                 desc_size);
        return false;
    }
    uint32_t count = map_size / desc_size;
    if (count == 0) {
        diag_set(d, "EFI memory map: map_size %u (no descriptors)", map_size);
        return false;
    }
    if (count > MMAP_MAX_DESC) {
        diag_set(d, "EFI memory map: %u descriptors (at most %u)", count, MMAP_MAX_DESC);
        return false;
    }

    if (events_cap < MMAP_SCRATCH_EDGES(count)) {
        diag_set(d, "EFI memory map: %u descriptors (scratch for %u)", count, events_cap / 2);
        return false;
    }
    uint32_t nev = 0;
    for (uint32_t i = 0; i < count; i++)
        if (!add_descriptor(efi_map, i, desc_size, events, &nev, d))
            return false;
    lib_sort(events, nev, sizeof *events, by_pos, 0);

    int32_t active[RANK_COUNT] = { 0 };
    uint32_t i = 0;
    while (i < nev) {
        uint64_t pos = events[i].pos;
        for (; i < nev && events[i].pos == pos; i++)
            active[events[i].rank] += events[i].delta;
        if (i == nev)
            break; /* the last edge closes everything */
        int r = RANK_COUNT - 1;
        while (r >= 0 && active[r] == 0)
            r--;
        if (r >= 0 && !emit(out, cap, n, pos, events[i].pos, type_of_rank[r], d))
            return false;
    }
    return true;
}

static uint64_t entry_end(const struct mb2_mmap_entry *e)
{
    return e->base_addr + e->length; /* mmap_from_efi refused every wrapping range */
}

/* Moves e[from, n) so that it starts at `to` (either direction, overlapping). */
static void move_tail(struct mb2_mmap_entry *e, uint32_t n, uint32_t from, uint32_t to)
{
    if (to < from)
        for (uint32_t i = from; i < n; i++)
            e[to + (i - from)] = e[i];
    else
        for (uint32_t i = n; i-- > from;)
            e[to + (i - from)] = e[i];
}

/* Joins touching entries of one type, in place. */
static void merge_touching(struct mb2_mmap_entry *e, uint32_t *n)
{
    uint32_t w = 0;
    for (uint32_t r = 0; r < *n; r++) {
        if (w > 0 && e[w - 1].type == e[r].type && entry_end(&e[w - 1]) == e[r].base_addr)
            e[w - 1].length += e[r].length;
        else
            e[w++] = e[r];
    }
    *n = w;
}

/* The entries [i0, i1) that meet the range are replaced by at most three: what is
 * left of the first one below `base`, the range itself, what is left of the last
 * one above `end`. */
bool mmap_carve(struct mb2_mmap_entry *e, uint32_t *n, uint32_t cap, uint64_t base,
                uint64_t len, uint32_t type)
{
    uint64_t end = base + len;
    if (len == 0)
        return true;
    if (end < base)
        return false;
    uint32_t i0 = 0;
    while (i0 < *n && entry_end(&e[i0]) <= base)
        i0++;
    uint32_t i1 = i0;
    while (i1 < *n && e[i1].base_addr < end)
        i1++;
    bool left = i0 < i1 && e[i0].base_addr < base;
    bool right = i0 < i1 && entry_end(&e[i1 - 1]) > end;
    struct mb2_mmap_entry lo = { 0 }, hi = { 0 };
    if (left)
        lo = (struct mb2_mmap_entry){ e[i0].base_addr, base - e[i0].base_addr, e[i0].type, 0 };
    if (right)
        hi = (struct mb2_mmap_entry){ end, entry_end(&e[i1 - 1]) - end, e[i1 - 1].type, 0 };
    uint32_t k = (uint32_t)left + 1 + (uint32_t)right;
    if (*n - (i1 - i0) + k > cap)
        return false;
    move_tail(e, *n, i1, i0 + k);
    *n = *n - (i1 - i0) + k;
    uint32_t w = i0;
    if (left)
        e[w++] = lo;
    e[w++] = (struct mb2_mmap_entry){ base, len, type, 0 };
    if (right)
        e[w] = hi;
    merge_touching(e, n);
    return true;
}

/* mem_lower: the available entry at address 0. mem_upper: available memory that
 * runs without a hole from 1 MiB. Works on any order of entries. */
void mmap_basic_meminfo(const struct mb2_mmap_entry *e, uint32_t n, uint32_t *lower_kib,
                        uint32_t *upper_kib)
{
    *lower_kib = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (e[i].type == MB2_MMAP_AVAILABLE && e[i].base_addr == 0) {
            uint64_t kib = e[i].length >> KIB_SHIFT;
            *lower_kib = kib > LOW_MEM_MAX_KIB ? LOW_MEM_MAX_KIB : (uint32_t)kib;
        }
    }

    uint64_t reach = HIGH_MEM_START;
    for (bool grew = true; grew;) {
        grew = false;
        for (uint32_t i = 0; i < n; i++) {
            uint64_t end = e[i].base_addr + e[i].length;
            if (end < e[i].base_addr)
                end = UINT64_MAX; /* a hostile map; clamp instead of wrapping */
            if (e[i].type == MB2_MMAP_AVAILABLE && e[i].base_addr <= reach && end > reach) {
                reach = end;
                grew = true;
            }
        }
    }
    uint64_t kib = (reach - HIGH_MEM_START) >> KIB_SHIFT;
    *upper_kib = kib > UINT32_MAX ? UINT32_MAX : (uint32_t)kib;
}
