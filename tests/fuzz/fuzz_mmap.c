/* fuzz_mmap.c - libFuzzer harness: arbitrary EFI maps through the memory-map sanitizer.
 * Input: 4 bytes little-endian desc_size, then the map bytes. Every accepted result is
 * checked against a brute-force reading of the same descriptors. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loader/core/mmap.h"

#define OUT_CAP (2 * MMAP_MAX_DESC)
#define DESC_SIZE_BYTES 4

static struct mb2_mmap_entry out[OUT_CAP];

/* Independent statement of the precedence documented in mmap.c. */
static int rank(uint32_t mb2_type)
{
    switch (mb2_type) {
    case MB2_MMAP_AVAILABLE: return 0;
    case MB2_MMAP_ACPI_RECLAIMABLE: return 1;
    case MB2_MMAP_BADRAM: return 2;
    case MB2_MMAP_NVS: return 3;
    default: return 4;
    }
}

static struct efi_mem_desc desc_at(const uint8_t *map, uint32_t i, uint32_t desc_size)
{
    struct efi_mem_desc m;
    memcpy(&m, map + (size_t)i * desc_size, sizeof m);
    return m;
}

/* The type the sanitized map must give `addr`: the highest-ranked covering descriptor. */
static int expected_rank(const uint8_t *map, uint32_t count, uint32_t desc_size, uint64_t addr)
{
    int best = -1;
    for (uint32_t i = 0; i < count; i++) {
        struct efi_mem_desc m = desc_at(map, i, desc_size);
        uint64_t end = m.phys_start + (m.num_pages << 12);
        if (addr >= m.phys_start && addr < end) {
            int r = rank(mmap_type_of_efi(m.type));
            best = r > best ? r : best;
        }
    }
    return best;
}

static void check(const uint8_t *map, uint32_t map_size, uint32_t desc_size, uint32_t n)
{
    uint32_t count = map_size / desc_size;
    for (uint32_t i = 0; i < n; i++) {
        const struct mb2_mmap_entry *e = &out[i];
        if (e->length == 0 || e->zero != 0 || e->type < 1 || e->type > 5)
            abort();
        if (e->base_addr + e->length < e->base_addr)
            abort();
        if (i > 0) {
            const struct mb2_mmap_entry *p = &out[i - 1];
            uint64_t pend = p->base_addr + p->length;
            if (pend > e->base_addr) /* unsorted or overlapping */
                abort();
            if (pend == e->base_addr && p->type == e->type) /* should have merged */
                abort();
        }
        if (rank(e->type) != expected_rank(map, count, desc_size, e->base_addr))
            abort();
        uint64_t last = e->base_addr + e->length - 1;
        if (rank(e->type) != expected_rank(map, count, desc_size, last))
            abort();
    }
    /* Every descriptor's first and last byte is covered by some output entry. */
    for (uint32_t i = 0; i < count; i++) {
        struct efi_mem_desc m = desc_at(map, i, desc_size);
        if (m.num_pages == 0)
            continue;
        uint64_t pts[2] = { m.phys_start, m.phys_start + (m.num_pages << 12) - 1 };
        for (int k = 0; k < 2; k++) {
            uint32_t j = 0;
            while (j < n && !(pts[k] >= out[j].base_addr &&
                              pts[k] - out[j].base_addr < out[j].length))
                j++;
            if (j == n)
                abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < DESC_SIZE_BYTES || size - DESC_SIZE_BYTES > UINT32_MAX)
        return 0;
    uint32_t desc_size = (uint32_t)data[0] | (uint32_t)data[1] << 8 |
                         (uint32_t)data[2] << 16 | (uint32_t)data[3] << 24;
    const uint8_t *map = data + DESC_SIZE_BYTES;
    uint32_t map_size = (uint32_t)(size - DESC_SIZE_BYTES);
    uint32_t n = 0xdead;
    struct diag d = { { 0 } };
    static struct mmap_edge scratch[MMAP_SCRATCH_EDGES(MMAP_MAX_DESC)];
    if (mmap_from_efi(map, map_size, desc_size, out, OUT_CAP, &n, scratch,
                      MMAP_SCRATCH_EDGES(MMAP_MAX_DESC), &d)) {
        if (d.msg[0] != '\0' || n > OUT_CAP)
            abort();
        check(map, map_size, desc_size, n);
        uint32_t lower, upper;
        mmap_basic_meminfo(out, n, &lower, &upper);
        if (lower > 640)
            abort();
    } else if (d.msg[0] == '\0' || strncmp(d.msg, "EFI memory map: ", 16) != 0) {
        abort(); /* a refusal always says why */
    }
    return 0;
}
