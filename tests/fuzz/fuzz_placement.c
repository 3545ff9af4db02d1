/* fuzz_placement.c - libFuzzer harness: arbitrary EFI maps and requests through the
 * loader's placement check (placement.c) and relocation search (relocate.c), both of
 * which read the firmware's memory map.
 *
 * Input: a 40-byte head, then the map bytes.
 *   head  0: desc_size (u32)        4: target base (u64)   12: target length (u32)
 *        16: reloc min_addr (u32)  20: reloc max_addr (u32) 24: reloc align (u32)
 *        28: reloc size (u32)      32: preference (u32)     36: live range length (u32,
 *            the live range starts at the target base + 4 KiB)
 * Every accepted answer is checked against an independent reading of the same map
 * (check_covered): sorted, merged runs of the memory types each function accepts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loader/core/placement.h"
#include "loader/core/relocate.h"
#include "shared/bootinfo.h"

#define HEAD 40u
#define PAGE 4096ull

static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t rd64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

struct iv {
    uint64_t lo, hi; /* [lo, hi) */
};
static struct iv ivs[64u * 1024u / sizeof(struct efi_mem_desc)];

static int by_lo(const void *a, const void *b)
{
    const struct iv *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* The oracle: [base, base + len) must lie inside one run of accepted descriptors
 * that touch or overlap, computed the plain way (sort by start, merge). Descriptors
 * whose end would wrap 2^64 are clipped to UINT64_MAX, as the loader does. */
static void check_covered(const uint8_t *map, uint32_t n, uint32_t desc_size, uint64_t base,
                          uint64_t len, bool (*accept)(uint32_t))
{
    if (len == 0)
        return;
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
        struct efi_mem_desc m;
        memcpy(&m, map + (size_t)i * desc_size, sizeof m);
        if (!accept(m.type) || m.num_pages == 0)
            continue;
        bool wraps = m.num_pages > (UINT64_MAX - m.phys_start) / PAGE;
        ivs[k++] = (struct iv){ m.phys_start, wraps ? UINT64_MAX : m.phys_start + m.num_pages * PAGE };
    }
    qsort(ivs, k, sizeof ivs[0], by_lo);
    uint64_t end = base + len;
    for (uint32_t i = 0; i < k; i++) {
        if (ivs[i].lo > base)
            break; /* sorted: nothing later starts at or below base */
        uint64_t hi = ivs[i].hi;
        for (uint32_t j = i + 1; j < k && ivs[j].lo <= hi; j++)
            hi = ivs[j].hi > hi ? ivs[j].hi : hi;
        if (hi >= end)
            return;
    }
    abort();
}

static bool reusable(uint32_t t)
{
    return t == EFI_MT_CONVENTIONAL || t == EFI_MT_BOOT_SERVICES_CODE ||
           t == EFI_MT_BOOT_SERVICES_DATA || t == EFI_MT_LOADER_CODE || t == EFI_MT_LOADER_DATA;
}
static bool conventional(uint32_t t) { return t == EFI_MT_CONVENTIONAL; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < HEAD || size - HEAD > 64u * 1024u)
        return 0;
    const uint8_t *map = data + HEAD;
    uint32_t map_size = (uint32_t)(size - HEAD);
    uint32_t desc_size = rd32(data);
    struct diag d;
    bool whole = desc_size >= sizeof(struct efi_mem_desc) && map_size % desc_size == 0;
    uint32_t n = whole ? map_size / desc_size : 0;

    struct range64 target = { rd64(data + 4), rd32(data + 12) };
    struct range64 live = { target.base + PAGE, rd32(data + 36) };
    bool placed = placement_check(map, map_size, desc_size, &target, 1, &live, 1, "\\k", &d);
    if (!placed && d.msg[0] == '\0')
        abort(); /* every refusal says why */
    if (placed) {
        if (!whole)
            abort();
        /* no overlap with the live range, unless one of them wraps (refused above) */
        if (target.len && live.len && target.base < live.base + live.len &&
            live.base < target.base + target.len)
            abort();
        check_covered(map, n, desc_size, target.base, target.len, reusable);
    }

    struct reloc_request r = { 0x100000, rd32(data + 28), rd32(data + 16), rd32(data + 20),
                               rd32(data + 24), rd32(data + 32) % 3 };
    uint64_t base = 0;
    if (reloc_choose(map, map_size, desc_size, &r, "\\k", &base, &d)) {
        uint64_t step = r.align > PAGE ? r.align : PAGE;
        if (!whole || base % step || base < r.min_addr || base < PAGE ||
            base + r.size > r.max_addr || base + r.size > (1ull << 32))
            abort();
        check_covered(map, n, desc_size, base, r.size, conventional);
    } else if (d.msg[0] == '\0') {
        abort();
    }
    return 0;
}
