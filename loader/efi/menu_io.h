/* menu_io.h - the boot menu on the firmware console: drawn with con_print (screen and
 * COM1 alike), keys read from ConIn with a one-second timer for the countdown. */
#ifndef LOADER_EFI_MENU_IO_H
#define LOADER_EFI_MENU_IO_H

#include "console.h"
#include "../core/menu.h"

/* Shows the menu and runs it until an entry is chosen (MENU_BOOT, MENU_BOOT_EDITED
 * with m->sel and m->edit_buf) or Esc (MENU_EXIT). Without a ConIn or a timer it
 * boots the selection. */
/* Set by the Secure Boot start-up checks: the command line is then part of what is
 * trusted, so the menu offers no editor. */
extern bool menu_editor_locked;

enum menu_action menu_run(EFI_SYSTEM_TABLE *st, struct menu *m);

#endif
