/* menu.h - the boot menu as a state machine: keys and clock ticks in, the selection,
 * the countdown and what to do out. Pure; loader/efi/menu_io.c draws it and reads keys. */
#ifndef LOADER_MENU_H
#define LOADER_MENU_H

#include <stdbool.h>
#include <stdint.h>
#include "config.h"
#include "keys.h"
#include "line_edit.h"

enum menu_action {
    MENU_STAY,        /* nothing to do but redraw */
    MENU_BOOT,        /* start entry `sel` as boot.cfg has it */
    MENU_BOOT_EDITED, /* start entry `sel` with `edit_buf` as its command line, once */
    MENU_EXIT,        /* Esc: back to the firmware */
};

struct menu {
    const struct boot_config *cfg;
    uint32_t sel;       /* 0-based */
    uint32_t countdown; /* seconds left while counting */
    bool counting;      /* stops at the first key */
    bool edit_allowed;  /* false under Secure Boot: the command line is part of what is trusted */
    bool editing;
    struct line_edit le;
    char edit_buf[CFG_CMDLINE_MAX];
};

/* The default entry selected and the countdown running from cfg->timeout. */
void menu_start(struct menu *m, const struct boot_config *cfg, bool edit_allowed);

/* True when there is no menu to show: timeout 0 boots the default at once. */
bool menu_boots_at_once(const struct boot_config *cfg);

/* One key: up/down move (no wrap), the digits 1-9 select and boot, Enter boots, 'e'
 * opens the editor on the selection's command line (kernel and efi entries, when
 * allowed), Esc leaves; in the editor Enter boots the edited line, Esc returns. */
enum menu_action menu_key(struct menu *m, struct key k);

/* One second passed: at the end of the countdown the selection boots. */
enum menu_action menu_tick(struct menu *m);

/* Sets each entry's `unavailable` from what the firmware can do: firmware-setup
 * entries when it cannot boot to its setup UI. Called once, before the menu. */
void menu_mark_unavailable(struct boot_config *cfg, bool setup_supported);

/* Entry `i`'s menu line in d->msg: "> 2. Title [kind] (unavailable) (default)", the
 * marks present as they apply ('>' for the selection). */
void menu_entry_line(const struct menu *m, uint32_t i, struct diag *d);

#endif
