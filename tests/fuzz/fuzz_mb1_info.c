/* fuzz_mb1_info.c - libFuzzer harness: the Multiboot 1 structure built from a fuzzed EFI
 * map (through the sanitizer tag 6 uses), command line and module strings.
 * Input: 1 byte module count, 1 byte string length, 2 bytes buffer size, 4 bytes
 * desc_size, then string bytes, then the map. Checks that every pointer the structure
 * holds lies in the buffer and that the map entries say the same as tag 6's. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loader/core/mb1_info.h"
#include "loader/core/mmap.h"

#define PHYS 0x10000u
#define HEAD 8u
#define OUT_CAP (2 * MMAP_MAX_DESC)

static struct mb2_mmap_entry out[OUT_CAP];
static struct mmap_edge edges[MMAP_SCRATCH_EDGES(MMAP_MAX_DESC)];
static _Alignas(8) uint8_t buf[0x10000 + 24 * OUT_CAP];

/* [a, a + n) lies in the used part of the buffer. */
static void inside(uint32_t a, uint32_t n, uint32_t used)
{
    if (a < PHYS || a - PHYS > used || n > used - (a - PHYS))
        abort();
}

static void inside_string(uint32_t a, uint32_t used)
{
    inside(a, 1, used);
    if (!memchr(buf + (a - PHYS), 0, used - (a - PHYS)))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < HEAD)
        return 0;
    uint32_t nmods = data[0] % 9, slen = data[1], cap, desc_size;
    uint16_t cap16;
    memcpy(&cap16, data + 2, 2);
    memcpy(&desc_size, data + 4, 4);
    cap = cap16 + 24u * (uint32_t)(size / 8); /* sometimes too small, usually not */
    if (size - HEAD < slen)
        return 0;
    char str[256];
    memcpy(str, data + HEAD, slen);
    str[slen] = '\0';
    const uint8_t *map = data + HEAD + slen;
    uint32_t map_size = (uint32_t)(size - HEAD - slen), n = 0;
    struct diag d;
    if (!mmap_from_efi(map, map_size, desc_size, out, OUT_CAP, &n, edges,
                       MMAP_SCRATCH_EDGES(MMAP_MAX_DESC), &d))
        n = 0;

    struct mb1_builder b;
    mb1i_begin(&b, buf, PHYS, cap > sizeof buf ? sizeof buf : cap);
    mb1i_cmdline(&b, str);
    mb1i_loader_name(&b, "efi-mb");
    if (mb1i_mods(&b, nmods))
        for (uint32_t i = 0; i < nmods; i++)
            mb1i_add_module(&b, 0x100000 * (i + 1), 0x100000 * (i + 1) + slen,
                            str + i % (slen + 1));
    uint32_t lower, upper;
    mmap_basic_meminfo(out, n, &lower, &upper);
    mb1i_meminfo(&b, lower, upper);
    mb1i_mmap(&b, out, n);
    uint32_t used = mb1i_end(&b);
    if (used == 0)
        return 0;
    const struct mb1_info *mi = (const struct mb1_info *)buf;
    if (used < sizeof *mi || (mi->flags & ~(MB1_INFO_MEMORY | MB1_INFO_CMDLINE | MB1_INFO_MODS |
                                            MB1_INFO_MMAP | MB1_INFO_BOOT_LOADER_NAME)))
        abort();
    inside_string(mi->cmdline, used);
    if (strcmp((const char *)buf + (mi->cmdline - PHYS), str) != 0)
        abort();
    inside_string(mi->boot_loader_name, used);
    if (nmods) {
        if (mi->mods_count != nmods)
            abort();
        inside(mi->mods_addr, nmods * sizeof(struct mb1_module), used);
        for (uint32_t i = 0; i < nmods; i++) {
            struct mb1_module m;
            memcpy(&m, buf + (mi->mods_addr - PHYS) + i * sizeof m, sizeof m);
            inside_string(m.string, used);
        }
    } else if (mi->flags & MB1_INFO_MODS) {
        abort();
    }
    inside(mi->mmap_addr, mi->mmap_length, used);
    if (mi->mmap_length != n * sizeof(struct mb1_mmap_entry) || mi->mmap_addr % 4)
        abort();
    for (uint32_t i = 0; i < n; i++) {
        struct mb1_mmap_entry m;
        memcpy(&m, buf + (mi->mmap_addr - PHYS) + i * sizeof m, sizeof m);
        if (m.size != MB1_MMAP_ENTRY_BODY || m.addr != out[i].base_addr || m.len != out[i].length ||
            m.type != out[i].type)
            abort();
    }
    return 0;
}
