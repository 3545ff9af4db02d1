/* remember.h - boot.cfg `remember = on`: the title of the entry last started, kept in
 * the EFI non-volatile variable "LastEntry" under the project's vendor GUID. */
#ifndef LOADER_EFI_REMEMBER_H
#define LOADER_EFI_REMEMBER_H

#include "console.h"
#include "../core/config.h"

/* Makes the remembered entry the default when one with that title still exists. */
void remember_load(EFI_SYSTEM_TABLE *st, struct boot_config *cfg);

/* Keeps `title` for the next boot (a note line when the firmware refuses). */
void remember_save(EFI_SYSTEM_TABLE *st, const char *title);

#endif
