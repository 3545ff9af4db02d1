/* ovmf_map.c - a synthetic OVMF-like EFI memory map of 3 GiB RAM, for the host benchmarks. */
#include "bench/ovmf_map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/mm/physmem.h"
#include "shared/bootinfo.h"

#define KiB 1024ull
#define MiB (1024 * KiB)
#define ATTR_RAM 0xFull                     /* UC | WC | WT | WB, as OVMF reports RAM */
#define ATTR_RUNTIME (1ull << 63)           /* EFI_MEMORY_RUNTIME */
#define ATTR_MMIO (1ull | ATTR_RUNTIME)     /* UC, runtime-mapped */
#define TOP_PIECES 110u                     /* small allocations below the top of RAM */
#define TOP_AREA (64 * MiB)                 /* where those pieces lie */
#define MAX_DESCS 160u

struct piece {
    uint32_t type;
    uint64_t base, bytes, attr;
};

static struct piece pieces[MAX_DESCS];
static uint32_t npieces;

static void add(uint32_t type, uint64_t base, uint64_t bytes, uint64_t attr)
{
    if (npieces == MAX_DESCS) {
        fprintf(stderr, "ovmf_map: more than %u descriptors\n", MAX_DESCS);
        abort();
    }
    pieces[npieces++] = (struct piece){ type, base, bytes, attr };
}

/* A fixed linear congruential sequence: the same map on every run and machine. */
static uint32_t lcg_state = 12345u;
static uint32_t lcg(void)
{
    lcg_state = lcg_state * 1103515245u + 12345u;
    return lcg_state >> 16;
}

uint32_t ovmf_map_build(uint8_t *buf, uint32_t cap)
{
    npieces = 0;
    lcg_state = 12345u;
    add(EFI_MT_CONVENTIONAL, 0, 0x9F000, ATTR_RAM);
    add(EFI_MT_BOOT_SERVICES_DATA, 0x9F000, 0x1000, ATTR_RAM);
    add(EFI_MT_CONVENTIONAL, 0x100000, 0x700000, ATTR_RAM);
    add(EFI_MT_ACPI_NVS, 0x800000, 0x8000, ATTR_RAM);
    add(EFI_MT_CONVENTIONAL, 0x808000, 0x8000, ATTR_RAM);
    add(EFI_MT_ACPI_NVS, 0x810000, 0xF0000, ATTR_RAM);
    uint64_t top_base = BENCH_RAM_BYTES - TOP_AREA;
    add(EFI_MT_CONVENTIONAL, 0x900000, top_base - 0x900000, ATTR_RAM);

    /* The top 64 MiB: what the firmware allocated while it ran, in pieces of 1 to
     * 512 pages; the last piece takes whatever is left so RAM ends at 3 GiB. */
    static const uint32_t kinds[] = {
        EFI_MT_BOOT_SERVICES_CODE, EFI_MT_BOOT_SERVICES_DATA, EFI_MT_BOOT_SERVICES_DATA,
        EFI_MT_CONVENTIONAL,       EFI_MT_LOADER_DATA,        EFI_MT_BOOT_SERVICES_DATA,
        EFI_MT_RUNTIME_SERVICES_DATA, EFI_MT_BOOT_SERVICES_CODE, EFI_MT_ACPI_RECLAIM,
        EFI_MT_CONVENTIONAL,       EFI_MT_RUNTIME_SERVICES_CODE, EFI_MT_ACPI_NVS,
    };
    uint64_t at = top_base;
    for (uint32_t i = 0; i < TOP_PIECES; i++) {
        uint32_t type = kinds[lcg() % (sizeof kinds / sizeof kinds[0])];
        uint64_t bytes = (uint64_t)(1 + lcg() % 96) * PAGE_SIZE;
        if (i == TOP_PIECES - 1 || at + bytes > BENCH_RAM_BYTES - MiB)
            bytes = BENCH_RAM_BYTES - MiB - at;
        uint64_t attr = ATTR_RAM;
        if (type == EFI_MT_RUNTIME_SERVICES_CODE || type == EFI_MT_RUNTIME_SERVICES_DATA)
            attr |= ATTR_RUNTIME;
        add(type, at, bytes, attr);
        at += bytes;
        if (at >= BENCH_RAM_BYTES - MiB)
            break;
    }
    add(EFI_MT_RESERVED, BENCH_RAM_BYTES - MiB, MiB, ATTR_RAM);
    add(EFI_MT_MMIO, 0xE0000000ull, 0x10000000ull, ATTR_MMIO); /* PCIe ECAM */
    add(EFI_MT_MMIO, 0xFEC00000ull, 0x1000, ATTR_MMIO);        /* I/O APIC */
    add(EFI_MT_MMIO, 0xFFC00000ull, 0x400000, ATTR_MMIO);      /* flash */

    /* Fisher-Yates with the same sequence: a fixed, unsorted order. */
    for (uint32_t i = npieces - 1; i > 0; i--) {
        uint32_t j = lcg() % (i + 1);
        struct piece t = pieces[i];
        pieces[i] = pieces[j];
        pieces[j] = t;
    }
    if ((uint64_t)npieces * BENCH_DESC_SIZE > cap)
        return 0;
    memset(buf, 0, (size_t)npieces * BENCH_DESC_SIZE);
    for (uint32_t i = 0; i < npieces; i++) {
        struct efi_mem_desc d = { .type = pieces[i].type,
                                  .phys_start = pieces[i].base,
                                  .num_pages = pieces[i].bytes / PAGE_SIZE,
                                  .attribute = pieces[i].attr };
        memcpy(buf + (size_t)i * BENCH_DESC_SIZE, &d, sizeof d);
    }
    return npieces * BENCH_DESC_SIZE;
}

void ovmf_regions(struct memmap *m)
{
    static uint8_t map[MAX_DESCS * BENCH_DESC_SIZE];
    char err[160];
    uint32_t size = ovmf_map_build(map, sizeof map);
    if (!size || !memmap_from_efi(m, map, size, BENCH_DESC_SIZE, err, sizeof err)) {
        fprintf(stderr, "ovmf_map: %s\n", size ? err : "buffer too small");
        abort();
    }
    memmap_reserve(m, 0, PAGE_SIZE);
    memmap_reserve(m, BENCH_KERNEL_BASE, BENCH_KERNEL_BYTES);
}
