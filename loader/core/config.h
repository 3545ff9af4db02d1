/* config.h - parses boot.cfg ("key = value" lines, '#' comments) at the ESP root. */
#ifndef LOADER_CONFIG_H
#define LOADER_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include "diag.h"

#define CFG_PATH_MAX 128
#define CFG_CMDLINE_MAX 1024
#define CFG_LINE_MAX 1024
#define CFG_MAX_MODULES 8

struct cfg_module {
    char path[CFG_PATH_MAX];
    char string[CFG_PATH_MAX];
    bool has_sha256;
    uint8_t sha256[32];
};

/* Which header boots the kernel: detected (a valid Multiboot2 header wins), or forced. */
enum cfg_protocol {
    CFG_PROTOCOL_AUTO,
    CFG_PROTOCOL_MULTIBOOT1,
    CFG_PROTOCOL_MULTIBOOT2,
};

struct boot_config {
    char kernel[CFG_PATH_MAX]; /* default "\kernel.elf" */
    char cmdline[CFG_CMDLINE_MAX];
    bool has_kernel_sha256;
    uint8_t kernel_sha256[32];
    uint32_t nmodules;
    struct cfg_module modules[CFG_MAX_MODULES];
    uint32_t res_width, res_height; /* 0: keep the firmware's mode */
    bool serial;                    /* default on */
    enum cfg_protocol protocol;     /* default CFG_PROTOCOL_AUTO */
};

/* Fills `cfg` with the defaults (what a missing boot.cfg means). */
void config_defaults(struct boot_config *cfg);

/* Parses `text` (`size` bytes, named `name`) over the defaults already in `cfg`.
 * Returns false with "name:line:col: ..." in `d` for an unknown key, a duplicate
 * singleton, an over-long line, a bad value or a missing '='. */
bool config_parse(const char *text, uint32_t size, const char *name, struct boot_config *cfg,
                  struct diag *d);

#endif
