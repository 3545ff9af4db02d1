/* entry_start.h - menu entries that are not kernels: chainloading an EFI application
 * and the actions (firmware setup, reboot, power off). */
#ifndef LOADER_EFI_ENTRY_START_H
#define LOADER_EFI_ENTRY_START_H

#include "console.h"
#include "../core/config.h"

/* Loads e->efi from the loader's own volume and starts it with e->cmdline as its load
 * options. Returns when the application exits (its status printed) or when it could
 * not be loaded (the error printed). */
EFI_STATUS efi_chainload(EFI_HANDLE image, EFI_SYSTEM_TABLE *st, const EFI_LOADED_IMAGE *li,
                         const struct cfg_entry *e);

/* Reads OsIndicationsSupported once and marks the entries the firmware cannot carry
 * out (firmware setup without EFI_OS_INDICATIONS_BOOT_TO_FW_UI) unavailable, so that
 * the menu shows it before anyone chooses them. */
void efi_entry_availability(EFI_RUNTIME_SERVICES *rt, struct boot_config *cfg);

/* Carries out e->kind (CFG_FIRMWARE_SETUP, CFG_REBOOT, CFG_POWEROFF): resets the
 * machine, or returns an error line when it cannot (an entry marked unavailable by
 * efi_entry_availability, or a reset that did not happen). */
EFI_STATUS efi_entry_action(EFI_SYSTEM_TABLE *st, const struct cfg_entry *e);

#endif
