/* config.h - parses boot.cfg ("key = value" lines, '#' comments) at the ESP root:
 * global keys, then zero or more "entry = TITLE" blocks (docs/config.md). */
#ifndef LOADER_CONFIG_H
#define LOADER_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include "diag.h"

#define CFG_PATH_MAX 128
#define CFG_CMDLINE_MAX 1024
#define CFG_LINE_MAX 1024
#define CFG_MAX_MODULES 8
#define CFG_MAX_ENTRIES 9 /* the menu's digits 1-9 */
#define CFG_TITLE_MAX 64
#define CFG_TIMEOUT_MAX 3600
#define CFG_TIMEOUT_MENU 5 /* seconds, when two or more entries and no timeout line */

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

/* What an entry does: boot a kernel, chainload an EFI application, or an action. */
enum cfg_kind { CFG_KERNEL, CFG_EFI, CFG_FIRMWARE_SETUP, CFG_REBOOT, CFG_POWEROFF };

struct cfg_entry {
    char title[CFG_TITLE_MAX]; /* "" for the one entry of a file without entry lines */
    enum cfg_kind kind;
    char kernel[CFG_PATH_MAX]; /* default "\kernel.elf" */
    char efi[CFG_PATH_MAX];    /* CFG_EFI: the application to chainload */
    char cmdline[CFG_CMDLINE_MAX];
    bool has_kernel_sha256;
    uint8_t kernel_sha256[32];
    uint32_t nmodules;
    struct cfg_module modules[CFG_MAX_MODULES];
    uint32_t res_width, res_height; /* 0: keep the firmware's mode */
    enum cfg_protocol protocol;     /* default CFG_PROTOCOL_AUTO */
    /* The firmware cannot carry out this action (firmware setup without the bit in
     * OsIndicationsSupported): set once before the menu (menu_mark_unavailable); the
     * menu marks the entry and choosing it shows one error line. */
    bool unavailable;
};

struct boot_config {
    bool serial;            /* default on */
    bool verbose;           /* progress lines on the screen too; default off */
    bool remember;          /* the entry last started becomes the default */
    uint32_t timeout;       /* seconds the menu waits; 0: boot the default at once */
    uint32_t default_entry; /* 0-based */
    uint32_t nentries;      /* 1..CFG_MAX_ENTRIES */
    struct cfg_entry entries[CFG_MAX_ENTRIES];
};

/* Fills `cfg` with the defaults (what a missing boot.cfg means): one entry booting
 * "\kernel.elf" at once. */
void config_defaults(struct boot_config *cfg);

/* Parses `text` (`size` bytes, named `name`) over the defaults already in `cfg`.
 * Returns false with "name:line:col: ..." in `d` for an unknown key, a duplicate
 * singleton, an over-long line, a bad value, a missing '=', a key in the wrong part
 * of the file, an entry with nothing to start, a duplicate title or a default that
 * names no entry. */
bool config_parse(const char *text, uint32_t size, const char *name, struct boot_config *cfg,
                  struct diag *d);

#endif
