/* fuzz_memmap.c - libFuzzer harness: arbitrary bytes as an EFI (or Multiboot2) memory map for the kernel's region builder.
 *
 * Input: byte 0 = descriptor stride (any value, so bad ones are exercised too),
 * byte 1 bit 0 = read as a Multiboot2 tag 6 map instead, the rest = the map.
 * On success the regions must be sorted, disjoint, page aligned, below 4 GiB, free
 * inside ram, the byte counts must add up, and pages are checked against a
 * brute-force reading of the descriptors. Then reserve/alloc must keep all that. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/mm/memmap.h"
#include "shared/bootinfo.h"

#define PAGE 4096ull
#define FOUR_GIB (1ull << 32)
#define ORACLE_MAX_DESCS 64 /* the brute-force check is quadratic */

static struct memmap m;

static void check_sorted(const struct region *r, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        if (r[i].base >= r[i].end || r[i].end > FOUR_GIB || r[i].base % PAGE || r[i].end % PAGE)
            abort();
        if (i > 0 && r[i].base <= r[i - 1].end) /* touching ones must have merged */
            abort();
    }
}

static int inside(const struct region *r, uint32_t n, uint64_t b, uint64_t e)
{
    for (uint32_t i = 0; i < n; i++)
        if (r[i].base <= b && e <= r[i].end)
            return 1;
    return 0;
}

static void check_shape(void)
{
    if (m.nfree > MEMMAP_MAX_REGIONS || m.nram > MEMMAP_MAX_REGIONS)
        abort();
    check_sorted(m.free, m.nfree);
    check_sorted(m.ram, m.nram);
    for (uint32_t i = 0; i < m.nfree; i++)
        if (!inside(m.ram, m.nram, m.free[i].base, m.free[i].end))
            abort();
}

struct desc {
    uint64_t base, end;
    int free;
};

/* The same reading of one descriptor, written independently and plainly. */
static struct desc read_desc(const uint8_t *p, int mb2)
{
    struct desc d;
    uint64_t len;
    if (mb2) {
        struct mb2_mmap_entry e;
        memcpy(&e, p, sizeof e);
        d.base = e.base_addr;
        len = e.length;
        d.free = e.type == MB2_MMAP_AVAILABLE;
    } else {
        struct efi_mem_desc e;
        memcpy(&e, p, sizeof e);
        d.base = e.phys_start;
        len = e.num_pages >= (1ull << 52) ? UINT64_MAX : e.num_pages * PAGE;
        int usable = e.type == EFI_MT_CONVENTIONAL || e.type == EFI_MT_LOADER_CODE ||
                     e.type == EFI_MT_LOADER_DATA || e.type == EFI_MT_BOOT_SERVICES_CODE ||
                     e.type == EFI_MT_BOOT_SERVICES_DATA;
        d.free = usable && (e.attribute & EFI_MEMORY_WB);
    }
    d.end = len > UINT64_MAX - d.base ? UINT64_MAX : d.base + len;
    return d;
}

/* For the pages at each descriptor's edges: in free => no blocker touches it and
 * some usable descriptor does; one usable descriptor covering it and no blocker
 * => in free. */
static void check_pages(const uint8_t *map, uint32_t n, uint32_t stride, int mb2)
{
    if (n > ORACLE_MAX_DESCS)
        return;
    struct desc d[ORACLE_MAX_DESCS];
    for (uint32_t i = 0; i < n; i++)
        d[i] = read_desc(map + (size_t)i * stride, mb2);
    for (uint32_t i = 0; i < n; i++) {
        if (d[i].end <= d[i].base)
            continue;
        uint64_t probes[2] = {d[i].base & ~(PAGE - 1), (d[i].end - 1) & ~(PAGE - 1)};
        for (int k = 0; k < 2; k++) {
            uint64_t p = probes[k];
            if (p >= FOUR_GIB)
                continue;
            int blocked = 0, touched = 0, covered = 0;
            for (uint32_t j = 0; j < n; j++) {
                if (d[j].end <= d[j].base || d[j].end <= p || d[j].base >= p + PAGE)
                    continue;
                if (!d[j].free)
                    blocked = 1;
                touched |= d[j].free;
                if (d[j].free && d[j].base <= p && p + PAGE <= d[j].end)
                    covered = 1;
            }
            int in_free = inside(m.free, m.nfree, p, p + PAGE);
            if (in_free && (blocked || !touched))
                abort();
            if (covered && !blocked && !in_free)
                abort();
        }
    }
}

static void check_counts(void)
{
    uint64_t fr = 0, ram = 0;
    for (uint32_t i = 0; i < m.nfree; i++)
        fr += m.free[i].end - m.free[i].base;
    for (uint32_t i = 0; i < m.nram; i++)
        ram += m.ram[i].end - m.ram[i].base;
    if (fr != m.usable_bytes || ram - fr != m.reserved_bytes)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size - 2 > UINT32_MAX)
        return 0;
    uint32_t stride = data[0];
    int mb2 = data[1] & 1;
    uint32_t len = (uint32_t)(size - 2);
    /* An exact-size copy: ASan reports any read past the map. */
    uint8_t *map = malloc(len ? len : 1);
    if (!map)
        return 0;
    memcpy(map, data + 2, len);

    char err[160];
    err[0] = '\0';
    bool ok = mb2 ? memmap_from_mb2(&m, map, len, stride, err, sizeof err)
                  : memmap_from_efi(&m, map, len, stride, err, sizeof err);
    if (!ok) {
        if (strncmp(err, "memmap: ", 8) != 0 || !memchr(err, '\0', sizeof err))
            abort();
        free(map);
        return 0;
    }
    if (m.nfree == 0 || m.efi_entries != len / stride)
        abort();
    check_shape();
    check_counts();
    check_pages(map, len / stride, stride, mb2);

    /* Reservations and allocations taken from the map's own bytes. */
    for (uint32_t off = 0; off + 16 <= len && off < 16 * 16; off += 16) {
        uint64_t a, b;
        memcpy(&a, map + off, 8);
        memcpy(&b, map + off + 8, 8);
        if (a & 1) {
            uint64_t got = memmap_alloc(&m, b & 0xFFFFFFF);
            if (got && (got % PAGE || got < PAGE || got >= FOUR_GIB))
                abort();
            if (got && inside(m.free, m.nfree, got, got + PAGE))
                abort(); /* handed out yet still free */
        } else {
            memmap_reserve(&m, a & 0x1FFFFFFFFull, b & 0xFFFFFFFFull);
            uint64_t lo = (a & 0x1FFFFFFFFull) & ~(PAGE - 1);
            if ((b & 0xFFFFFFFFull) && lo < FOUR_GIB && inside(m.free, m.nfree, lo, lo + PAGE))
                abort(); /* the reserved start must be gone */
        }
        check_shape();
    }
    free(map);
    return 0;
}
