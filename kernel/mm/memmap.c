/* memmap.c - physical memory regions from the firmware's map: sort, merge, subtract, clip. */
#include "memmap.h"

#include <stddef.h>
#include "../../shared/bootinfo.h"
#include "../../shared/lib/efi_memtype.h"
#include "../../shared/lib/sort.h"
#include "../lib/kprintf.h"
#include "physmem.h"

#define FOUR_GIB (1ull << 32) /* non-PAE paging reaches no further */
/* x86 physical addresses have at most 52 bits (MAXPHYADDR): RAM a descriptor claims
 * beyond that cannot exist, so the dropped-above-4G count stops there instead of
 * growing towards 2^64 on an absurd page count. */
#define PHYS_LIMIT (1ull << 52)
#define EFI_DESC_MIN ((uint32_t)sizeof(struct efi_mem_desc))
#define MB2_ENTRY_MIN ((uint32_t)sizeof(struct mb2_mmap_entry))
#define DESC_ALIGN 8u /* both specifications keep descriptor strides 8-byte multiples */

/*
 * What each descriptor is, for this kernel:
 *
 *   K_FREE   the kernel may allocate it: EFI conventional, boot-services code/data
 *            and loader code/data, each only with attribute EFI_MEMORY_WB (memory
 *            that cannot be cached write-back is not ordinary RAM); tag 6 type 1.
 *            The loader's live data (kernel image, boot information, modules) is
 *            loader data too: mm_init reserves it again afterwards.
 *   K_RAM    RAM that is not free: ACPI reclaimable, ACPI NVS, runtime-services
 *            code/data, and the usable types without WB; tag 6 types 3 and 4.
 *   K_OTHER  everything else: reserved (type 0), unusable, MMIO, MMIO port space,
 *            PAL code, persistent and unaccepted memory, unknown types.
 *
 * Decision on `ram` (what paging identity-maps) = K_FREE + K_RAM below 4 GiB.
 * ACPI and runtime memory are in it because the kernel must still read the ACPI
 * tables (and the firmware's runtime data) after paging is on. MMIO is not: device
 * memory is not RAM, the page tables would map it with the default write-back
 * type, and the one device range we need (the framebuffer) is mapped on its own by
 * mm_init. Reserved type 0 and unusable memory are holes: nothing of ours lives
 * there, so a stray access should fault rather than touch firmware or SMM memory.
 *
 * `free` = the pages lying wholly inside K_FREE memory and touching no K_RAM or
 * K_OTHER descriptor: where descriptors overlap, the reserved one wins, and
 * unaligned edges shrink inward so a free page is free in every byte.
 */
enum kind { K_FREE = 1u, K_RAM = 2u, K_OTHER = 4u };

struct span {
    uint64_t base, end; /* end exclusive, saturated at 2^64 - 1 */
    unsigned kind;
};

/* A raw map: EFI descriptors or Multiboot2 entries, `stride` bytes apart. */
struct source {
    const uint8_t *p;
    uint32_t stride;
    int mb2;
    const char *name; /* for messages */
};

/* Descriptor indices sorted by base. Static: there is no allocator yet when the
 * kernel runs this, and 16 KiB of .bss beats a bound tied to MEMMAP_MAX_REGIONS. */
static uint16_t order[MEMMAP_MAX_DESCS];
_Static_assert(MEMMAP_MAX_DESCS <= 65536, "order[] holds 16-bit indices");

/* Fields are read bytewise-safe: the map may sit at any alignment. */
static uint64_t rd64(const uint8_t *p)
{
    uint64_t v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}

static uint32_t rd32(const uint8_t *p)
{
    uint32_t v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}

static unsigned efi_kind(uint32_t type, uint64_t attr)
{
    switch (efi_memtype(type)->kernel) { /* shared/lib/efi_memtype.h decides, per type */
    case EFI_USE_ALLOC:
        return (attr & EFI_MEMORY_WB) ? K_FREE : K_RAM;
    case EFI_USE_MAP:
        return K_RAM;
    default:
        return K_OTHER;
    }
}

static unsigned mb2_kind(uint32_t type)
{
    switch (type) {
    case MB2_MMAP_AVAILABLE:
        return K_FREE;
    case MB2_MMAP_ACPI_RECLAIMABLE:
    case MB2_MMAP_NVS:
        return K_RAM;
    default:
        return K_OTHER;
    }
}

static uint64_t desc_base(const struct source *s, uint32_t i)
{
    const uint8_t *d = s->p + (size_t)i * s->stride;
    return rd64(d + (s->mb2 ? offsetof(struct mb2_mmap_entry, base_addr)
                            : offsetof(struct efi_mem_desc, phys_start)));
}

static struct span decode(const struct source *s, uint32_t i)
{
    const uint8_t *d = s->p + (size_t)i * s->stride;
    struct span sp;
    uint64_t len;

    sp.base = desc_base(s, i);
    if (s->mb2) {
        len = rd64(d + offsetof(struct mb2_mmap_entry, length));
        sp.kind = mb2_kind(rd32(d + offsetof(struct mb2_mmap_entry, type)));
    } else {
        uint64_t pages = rd64(d + offsetof(struct efi_mem_desc, num_pages));
        len = pages > (UINT64_MAX >> PAGE_SHIFT) ? UINT64_MAX : pages << PAGE_SHIFT;
        sp.kind = efi_kind(rd32(d + offsetof(struct efi_mem_desc, type)),
                           rd64(d + offsetof(struct efi_mem_desc, attribute)));
    }
    /* A length running past 2^64 is nonsense, but saturating keeps it reserved-safe. */
    sp.end = len > UINT64_MAX - sp.base ? UINT64_MAX : sp.base + len;
    return sp;
}

/* Orders the indices in order[] by the base of the descriptor each names. */
static int by_base(const void *a, const void *b, void *ctx)
{
    uint64_t x = desc_base(ctx, *(const uint16_t *)a), y = desc_base(ctx, *(const uint16_t *)b);
    return x < y ? -1 : x > y;
}

/* Walks the sorted descriptors of some kinds as merged spans (touching ones join). */
struct union_iter {
    const struct source *s;
    uint32_t n, pos;
    unsigned mask;
};

static int union_next(struct union_iter *it, uint64_t *base, uint64_t *end)
{
    struct span sp;
    for (;;) {
        if (it->pos >= it->n)
            return 0;
        sp = decode(it->s, order[it->pos++]);
        if (sp.kind & it->mask)
            break;
    }
    uint64_t b = sp.base, e = sp.end;
    while (it->pos < it->n) {
        sp = decode(it->s, order[it->pos]);
        if (sp.kind & it->mask) {
            if (sp.base > e)
                break;
            if (sp.end > e)
                e = sp.end;
        }
        it->pos++;
    }
    *base = b;
    *end = e;
    return 1;
}

/* Appends [b, e) to a sorted region array, joining it to the last one when they
 * touch. Returns false when the array is full. */
static bool append(struct region *r, uint32_t *n, uint64_t b, uint64_t e)
{
    if (*n > 0 && b <= r[*n - 1].end) {
        if (e > r[*n - 1].end)
            r[*n - 1].end = e;
        return true;
    }
    if (*n >= MEMMAP_MAX_REGIONS)
        return false;
    r[*n].base = b;
    r[*n].end = e;
    (*n)++;
    return true;
}

static uint64_t round_up_sat(uint64_t x)
{
    return x > UINT64_MAX - (PAGE_SIZE - 1) ? PAGE_ALIGN_DOWN(UINT64_MAX) : PAGE_ALIGN_UP(x);
}

/* One piece of usable-minus-reserved memory: shrink inward to whole pages, count
 * what lies above 4 GiB, keep the rest. */
static bool emit_free(struct memmap *m, uint64_t b, uint64_t e)
{
    b = round_up_sat(b);
    e = PAGE_ALIGN_DOWN(e);
    if (b >= e)
        return true;
    if (e > FOUR_GIB) {
        uint64_t lo = b > FOUR_GIB ? b : FOUR_GIB, hi = e < PHYS_LIMIT ? e : PHYS_LIMIT;
        if (hi > lo) /* at most 2^52 per piece and pieces disjoint: the sum cannot wrap */
            m->dropped_above_4g_bytes += hi - lo;
        e = FOUR_GIB;
    }
    if (b >= e)
        return true;
    m->usable_bytes += e - b;
    return append(m->free, &m->nfree, b, e);
}

/* Writes one line to err (if given) and makes the caller return false. */
#define FAIL(...)                                                                          \
    do {                                                                                   \
        if (err && errlen)                                                                 \
            ksnprintf(err, errlen, __VA_ARGS__);                                           \
        return false;                                                                      \
    } while (0)

/* The common build: sort once, then three linear sweeps (ram, usable, reserved). */
static bool build(struct memmap *m, const struct source *s, uint32_t count, char *err,
                  uint32_t errlen)
{
    uint32_t n = 0;
    uint64_t b, e;

    m->nram = m->nfree = 0;
    m->efi_entries = count;
    m->usable_bytes = m->reserved_bytes = m->dropped_above_4g_bytes = 0;

    if (count > MEMMAP_MAX_DESCS)
        FAIL("memmap: %s map has %u descriptors, more than %u", s->name,
                    count, MEMMAP_MAX_DESCS);
    for (uint32_t i = 0; i < count; i++) {
        struct span sp = decode(s, i);
        if (sp.end > sp.base) /* zero-length entries say nothing */
            order[n++] = (uint16_t)i;
    }
    lib_sort(order, n, sizeof order[0], by_base, (void *)s);

    /* ram: rounded outward (a partial page of RAM is still mapped), clipped. */
    struct union_iter ri = {s, n, 0, K_FREE | K_RAM};
    uint64_t ram_bytes = 0;
    while (union_next(&ri, &b, &e)) {
        if (b >= FOUR_GIB)
            break; /* sorted: the rest is above too */
        if (e > FOUR_GIB)
            e = FOUR_GIB;
        b = PAGE_ALIGN_DOWN(b);
        e = PAGE_ALIGN_UP(e);
        if (!append(m->ram, &m->nram, b, e))
            FAIL("memmap: %s map gives more than %u RAM regions",
                        s->name, MEMMAP_MAX_REGIONS);
    }

    /* free = usable minus every reserved span, both walked in address order. */
    struct union_iter ui = {s, n, 0, K_FREE};
    struct union_iter bi = {s, n, 0, K_RAM | K_OTHER};
    uint64_t bb = 0, be = 0;
    int have_block = union_next(&bi, &bb, &be);
    while (union_next(&ui, &b, &e)) {
        uint64_t cur = b;
        while (have_block && be <= cur)
            have_block = union_next(&bi, &bb, &be);
        while (have_block && bb < e) {
            if (bb > cur && !emit_free(m, cur, bb))
                goto overflow;
            if (be > cur)
                cur = be;
            if (be >= e)
                break; /* this reserved span may cover the next usable one too */
            have_block = union_next(&bi, &bb, &be);
        }
        if (cur < e && !emit_free(m, cur, e))
            goto overflow;
    }

    for (uint32_t i = 0; i < m->nram; i++)
        ram_bytes += m->ram[i].end - m->ram[i].base;
    /* free is inside ram by construction (inward vs outward rounding). */
    m->reserved_bytes = ram_bytes - m->usable_bytes;
    if (m->nfree == 0)
        FAIL("memmap: %s map has no usable memory below 4 GiB (%u descriptors)",
                    s->name, count);
    return true;

overflow:
    FAIL("memmap: %s map gives more than %u free regions", s->name,
                MEMMAP_MAX_REGIONS);
}

bool memmap_from_efi(struct memmap *m, const uint8_t *map, uint32_t size, uint32_t desc_size,
                     char *err, uint32_t errlen)
{
    struct source s = {map, desc_size, 0, "efi"};
    if (desc_size < EFI_DESC_MIN || desc_size % DESC_ALIGN != 0) {
        m->nram = m->nfree = 0;
        FAIL("memmap: %s map desc_size=%u invalid (need >= %u, multiple of 8)",
                    s.name, desc_size, EFI_DESC_MIN);
    }
    if (size % desc_size != 0) {
        m->nram = m->nfree = 0;
        FAIL("memmap: %s map size=%u not a multiple of desc_size=%u", s.name,
                    size, desc_size);
    }
    return build(m, &s, size / desc_size, err, errlen);
}

bool memmap_from_mb2(struct memmap *m, const uint8_t *entries, uint32_t size,
                     uint32_t entry_size, char *err, uint32_t errlen)
{
    struct source s = {entries, entry_size, 1, "mb2"};
    if (entry_size < MB2_ENTRY_MIN || entry_size % DESC_ALIGN != 0) {
        m->nram = m->nfree = 0;
        FAIL("memmap: %s map entry_size=%u invalid (need >= %u, multiple of 8)",
                    s.name, entry_size, MB2_ENTRY_MIN);
    }
    if (size % entry_size != 0) {
        m->nram = m->nfree = 0;
        FAIL("memmap: %s map size=%u not a multiple of entry_size=%u", s.name,
                    size, entry_size);
    }
    return build(m, &s, size / entry_size, err, errlen);
}

static void remove_at(struct memmap *m, uint32_t i)
{
    for (uint32_t j = i + 1; j < m->nfree; j++)
        m->free[j - 1] = m->free[j];
    m->nfree--;
}

void memmap_reserve(struct memmap *m, uint64_t base, uint64_t len)
{
    if (len == 0)
        return;
    uint64_t b = PAGE_ALIGN_DOWN(base);
    uint64_t e = len > UINT64_MAX - base ? UINT64_MAX : base + len;
    e = round_up_sat(e);
    if (e > FOUR_GIB)
        e = FOUR_GIB;
    if (b >= e)
        return;

    /* First region ending above b (regions are sorted and disjoint). */
    uint32_t lo = 0, hi = m->nfree;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (m->free[mid].end <= b)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (uint32_t i = lo; i < m->nfree && m->free[i].base < e;) {
        struct region *r = &m->free[i];
        if (r->base >= b && r->end <= e) { /* swallowed whole */
            remove_at(m, i);
            continue;
        }
        if (r->base < b && r->end > e) { /* punched in the middle: split */
            if (m->nfree >= MEMMAP_MAX_REGIONS) {
                if (b - r->base >= r->end - e)
                    r->end = b;
                else
                    r->base = e;
                return;
            }
            for (uint32_t j = m->nfree; j > i + 1; j--)
                m->free[j] = m->free[j - 1];
            m->free[i + 1].base = e;
            m->free[i + 1].end = r->end;
            r->end = b;
            m->nfree++;
            return;
        }
        if (r->base < b) { /* loses its top */
            r->end = b;
            i++;
            continue;
        }
        r->base = e; /* loses its bottom; nothing further can overlap */
        return;
    }
}

uint64_t memmap_alloc(struct memmap *m, uint64_t len)
{
    if (len == 0 || len > FOUR_GIB)
        return 0;
    len = PAGE_ALIGN_UP(len);
    for (uint32_t i = 0; i < m->nfree; i++) {
        uint64_t b = m->free[i].base < PAGE_SIZE ? PAGE_SIZE : m->free[i].base;
        if (m->free[i].end > b && m->free[i].end - b >= len) {
            memmap_reserve(m, b, len);
            return b;
        }
    }
    return 0;
}
