/* efi_console.h - the loader's one-line messages on the firmware console (ConOut). */
#ifndef LOADER_EFI_CONSOLE_H
#define LOADER_EFI_CONSOLE_H

#include <efi.h>
#include <stdbool.h>
/* shared/bootinfo.h defines EFI_PAGE_SIZE and EFI_MEMORY_WB too (same values, as
 * 64-bit constants); drop gnu-efi's spelling so firmware-facing files can include
 * both. Firmware-facing headers include this one instead of <efi.h>. */
#undef EFI_PAGE_SIZE
#undef EFI_MEMORY_WB
#include "../../shared/bootinfo.h"
#include "../core/diag.h"

/* Remembers the system table and ConOut; call first. Every line printed afterwards starts with "loader: ". */
void con_init(EFI_SYSTEM_TABLE *st);

/* Prints "loader: <formatted>" and a line break (diag.h's format subset). */
void con_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints "loader: error: <formatted> (EFI status <name>)" and returns `status`, so
 * that a failing step reads `return con_error(st, "...", ...);`. */
EFI_STATUS con_error(EFI_STATUS status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prints a progress line ("kernel ... bytes", "boot info at ..."): "loader: <formatted>"
 * on the serial console, and on the screen only with boot.cfg `verbose = on`. Drawing
 * text through the firmware's graphics console costs OVMF about 0.3 M cycles a line,
 * most of what the loader itself spends (docs/performance.md). */
void con_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* boot.cfg's console keys. `serial` (on): every later line goes to COM1 as well,
 * unless the firmware console already reaches a serial port (a UART node in the
 * "ConOut" variable) or no UART answers at COM1; then progress lines, kept off the
 * screen, go to that COM1 directly. Without `serial` COM1 is never touched.
 * `verbose`: progress lines on ConOut as every other line. Returns whether every
 * line is now mirrored to COM1. */
bool con_configure(bool serial, bool verbose);

/* Called just before the first ExitBootServices: from then on even a failed call
 * leaves boot services half shut down (UEFI 2.x, 7.4), so ConOut, events and
 * protocols are off limits. Later lines go to COM1 only (when a UART answers) and
 * con_hold returns at once. */
void con_firmware_gone(void);
bool con_firmware_is_gone(void);

/* After an error: prints a prompt and waits until a key is pressed or `seconds`
 * pass, so that a person can read the error before the firmware moves on. */
void con_hold(unsigned seconds);

/* "EFI_NOT_FOUND" and friends, or NULL for a status without a name here. */
const char *efi_status_name(EFI_STATUS status);

/* The status's name, else its whole value in hex (written into `buf`). */
const char *efi_status_text(EFI_STATUS status, struct diag *buf);

#endif
