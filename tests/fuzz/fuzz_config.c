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
        check_path(cfg.kernel);
        if (strnlen(cfg.cmdline, CFG_CMDLINE_MAX) == CFG_CMDLINE_MAX)
            abort();
        if (cfg.nmodules > CFG_MAX_MODULES)
            abort();
        for (uint32_t i = 0; i < cfg.nmodules; i++) {
            check_path(cfg.modules[i].path);
            size_t n = strnlen(cfg.modules[i].string, CFG_PATH_MAX);
            if (n == 0 || n == CFG_PATH_MAX)
                abort();
        }
        if ((cfg.res_width == 0) != (cfg.res_height == 0) || cfg.res_width > 16384 ||
            cfg.res_height > 16384)
            abort();
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
