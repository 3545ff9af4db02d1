/* fuzz_kbootinfo.c - libFuzzer harness: arbitrary bytes checked by the kernel's bootinfo_parse;
 * ASan proves it reads nothing outside the block, and an accepted block must give a
 * self-consistent view (maps, strings and RSDP inside the block, a framebuffer either
 * usable below 4 GiB or refused with a reason). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/boot/bootinfo.h"

void serial_write(const char *s, size_t n); /* kprintf.c's COM1: nowhere on the host */
void serial_write(const char *s, size_t n)
{
    (void)s;
    (void)n;
}

static int inside(const void *p, size_t n, const uint8_t *buf, size_t len)
{
    const uint8_t *b = p;
    return b >= buf && n <= len && (size_t)(b - buf) <= len - n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > BOOTINFO_MAX_SIZE)
        return 0;
    /* total_size is trusted as the block's size (the loader guarantees the memory is
     * there), so the buffer is as large as the block claims, capped by the input. */
    size_t len = size < sizeof(struct mb2_info) ? sizeof(struct mb2_info) : size;
    uint8_t *buf = calloc(1, len);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    uint32_t total;
    memcpy(&total, buf, sizeof total);
    if (total > len) {
        total = (uint32_t)len;
        memcpy(buf, &total, sizeof total);
    }

    struct boot_view bi;
    char err[192];
    if (bootinfo_parse((const struct mb2_info *)buf, &bi, err, sizeof err)) {
        if (strlen(bi.cmdline) > total || strlen(bi.loader_name) > total)
            abort();
        if (bi.mmap.source != BOOT_MMAP_NONE &&
            (!inside(bi.mmap.bytes, bi.mmap.size, buf, total) || bi.mmap.stride < 24 ||
             bi.mmap.stride % 8 != 0))
            abort();
        if (bi.rsdp && !inside(bi.rsdp, bi.rsdp_version == 2 ? 36 : 20, buf, total))
            abort();
        for (uint32_t i = 0; i < bi.nmodules; i++)
            if (bi.modules[i].end < bi.modules[i].start ||
                !inside(bi.modules[i].string, strlen(bi.modules[i].string) + 1, buf, total))
                abort();
        if (bi.fb.usable ? (bi.fb.addr == 0 || bi.fb.base >= bi.fb.end ||
                            bi.fb.end > (1ull << 32) || bi.fb.base % 4096 || bi.fb.end % 4096)
                         : (bi.fb.why[0] == '\0' || bi.fb.end != 0))
            abort();
        if (bi.info_addr != (uintptr_t)buf || bi.total_size != total)
            abort();
    } else if (err[0] == '\0' || strncmp(err, "bootinfo: error: ", 17) != 0) {
        abort(); /* every rejection says why, in one line */
    }
    free(buf);
    return 0;
}
