/* fallback_app.c - what the firmware boots next when a loader under test returns to
 * it (run.sh --fallback): writes the marker line on COM1 and powers the machine off,
 * so a refusal test ends at once with run.sh status 3 and proof that the firmware
 * went on, instead of waiting out the UEFI Shell's 5 s startup.nsh countdown. */
#include <efi.h>

#include "shared/lib/uart16550.h"

#define MARKER "\nloader-returned-to-firmware\n"

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
    (void)image;
    for (const char *p = MARKER; *p; p++)
        uart_putc(UART_COM1, (uint8_t)*p, UART_WAIT_FOREVER);
    st->RuntimeServices->ResetSystem(EfiResetShutdown, EFI_SUCCESS, 0, NULL);
    return EFI_SUCCESS; /* not reached: QEMU has stopped */
}
