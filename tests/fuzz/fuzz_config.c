/* fuzz_config.c - libFuzzer harness: arbitrary bytes parsed as boot.cfg. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loader/core/config.h"

#define NAME "boot.cfg"

/* A parsed path is a NUL-terminated, absolute, backslash-only string. */
static void check_path(const char *p)
{
    size_t n = strnlen(p, CFG_PATH_MAX);
    if (n == 0 || n == CFG_PATH_MAX || p[0] != '\\' || memchr(p, '/', n))
        abort();
}

/* An entry is complete: what it does is known, its strings are terminated, titles
 * are printable and, with two or more entries, present. */
static void check_entry(const struct cfg_entry *e, uint32_t nentries)
{
    size_t t = strnlen(e->title, CFG_TITLE_MAX);
    if (t == CFG_TITLE_MAX || (nentries > 1 && t == 0))
        abort();
    for (size_t i = 0; i < t; i++)
        if ((unsigned char)e->title[i] < ' ' || e->title[i] == 0x7f)
            abort();
    if (e->kind == CFG_KERNEL)
        check_path(e->kernel);
    else if (e->kind == CFG_EFI)
        check_path(e->efi);
    else if (e->kind != CFG_FIRMWARE_SETUP && e->kind != CFG_REBOOT && e->kind != CFG_POWEROFF)
        abort();
    if (strnlen(e->cmdline, CFG_CMDLINE_MAX) == CFG_CMDLINE_MAX)
        abort();
    if (e->nmodules > CFG_MAX_MODULES)
        abort();
    for (uint32_t i = 0; i < e->nmodules; i++) {
        check_path(e->modules[i].path);
        size_t n = strnlen(e->modules[i].string, CFG_PATH_MAX);
        if (n == 0 || n == CFG_PATH_MAX)
            abort();
    }
    if ((e->res_width == 0) != (e->res_height == 0) || e->res_width > 16384 ||
        e->res_height > 16384)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct boot_config cfg;
    if (size > UINT32_MAX)
        return 0;
    struct diag d;
    memset(&d, 0x55, sizeof d);
    config_defaults(&cfg);
    if (config_parse((const char *)data, (uint32_t)size, NAME, &cfg, &d)) {
        if (d.msg[0] != '\0')
            abort();
        if (cfg.nentries == 0 || cfg.nentries > CFG_MAX_ENTRIES ||
            cfg.default_entry >= cfg.nentries || cfg.timeout > CFG_TIMEOUT_MAX)
            abort();
        for (uint32_t e = 0; e < cfg.nentries; e++)
            check_entry(&cfg.entries[e], cfg.nentries);
    } else {
        /* One printable line starting "boot.cfg:LINE:COL: ". */
        size_t n = strnlen(d.msg, DIAG_MAX);
        if (n == 0 || n == DIAG_MAX || strncmp(d.msg, NAME ":", sizeof NAME) != 0)
            abort();
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)d.msg[i] < ' ' || d.msg[i] == 0x7f)
                abort();
    }
    return 0;
}
