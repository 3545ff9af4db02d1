/* efi_console.c - the loader's lines on ConOut (UCS-2) and, when asked, COM1; the hold after an error. */
#include "console.h"
#include "../core/devpath.h"
#include "com1.h"

#define HUNDRED_NS_PER_SECOND 10000000ull /* SetTimer counts in 100 ns units */

static EFI_SYSTEM_TABLE *sys;
static SIMPLE_TEXT_OUTPUT_INTERFACE *con_out;
static bool com1_mirror; /* also write every line to COM1 ourselves */
static bool firmware_gone; /* ExitBootServices was called: COM1 only, no ConOut */
static bool com1_tried;    /* after firmware_gone: COM1 probed once */
static bool progress_screen = true; /* boot.cfg verbose = on (until read: on) */
static bool progress_com1; /* progress lines kept off ConOut go to COM1 ourselves */

void con_init(EFI_SYSTEM_TABLE *st)
{
    sys = st;
    con_out = st->ConOut;
    /* Every field, as at load time: host tests boot many times in one process. */
    com1_mirror = firmware_gone = com1_tried = progress_com1 = false;
    progress_screen = true;
}

/* ConOut takes CHAR16; our text is ASCII, so widening byte by byte is exact.
 * Anything outside ASCII becomes '?' rather than a stray code point. A line not for
 * the `screen` goes only to COM1, and only when progress_com1 says so. */
static void put_ascii(const char *s, bool screen)
{
    if (firmware_gone && !com1_mirror && !com1_tried) {
        com1_tried = true; /* COM1 is the only console left; no UART: the line is lost */
        com1_mirror = com1_init();
    }
    if (com1_mirror || (!screen && progress_com1))
        com1_write(s); /* bytes as they are: a terminal shows them as it likes */
    if (firmware_gone || !screen)
        return;
    CHAR16 wide[DIAG_MAX + 4];
    UINTN n = 0;
    for (; *s && n < DIAG_MAX; s++)
        wide[n++] = (unsigned char)*s < 0x80 ? (CHAR16)*s : L'?';
    wide[n] = 0;
    if (con_out)
        con_out->OutputString(con_out, wide);
}

static void put_line(const char *prefix, const char *fmt, va_list ap, const char *suffix,
                     bool screen)
{
    struct diag line;
    diag_vset(&line, fmt, ap);
    put_ascii(prefix, screen);
    put_ascii(line.msg, screen);
    put_ascii(suffix, screen);
    put_ascii("\r\n", screen);
}

void con_print(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    put_line("loader: ", fmt, ap, "", true);
    va_end(ap);
}

void con_progress(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    put_line("loader: ", fmt, ap, "", progress_screen);
    va_end(ap);
}

const char *efi_status_name(EFI_STATUS status)
{
    /* Indexed by the code without the error bit (UEFI 2.x, Appendix D). */
    static const char *const names[] = {
        "EFI_SUCCESS",           "EFI_LOAD_ERROR",        "EFI_INVALID_PARAMETER",
        "EFI_UNSUPPORTED",       "EFI_BAD_BUFFER_SIZE",   "EFI_BUFFER_TOO_SMALL",
        "EFI_NOT_READY",         "EFI_DEVICE_ERROR",      "EFI_WRITE_PROTECTED",
        "EFI_OUT_OF_RESOURCES",  "EFI_VOLUME_CORRUPTED",  "EFI_VOLUME_FULL",
        "EFI_NO_MEDIA",          "EFI_MEDIA_CHANGED",     "EFI_NOT_FOUND",
        "EFI_ACCESS_DENIED",     "EFI_NO_RESPONSE",       "EFI_NO_MAPPING",
        "EFI_TIMEOUT",           "EFI_NOT_STARTED",       "EFI_ALREADY_STARTED",
        "EFI_ABORTED",           "EFI_ICMP_ERROR",        "EFI_TFTP_ERROR",
        "EFI_PROTOCOL_ERROR",    "EFI_INCOMPATIBLE_VERSION", "EFI_SECURITY_VIOLATION",
    };
    UINTN code = status & ~EFI_ERROR_MASK;
    if (status != EFI_SUCCESS && !EFI_ERROR(status))
        return NULL; /* warnings share the low codes; do not misname them */
    return code < sizeof names / sizeof names[0] ? names[code] : NULL;
}

const char *efi_status_text(EFI_STATUS status, struct diag *buf)
{
    const char *name = efi_status_name(status);
    if (name)
        return name;
    /* Whole: on x64 the error bit is bit 63, which a 32-bit format would drop. */
    diag_set(buf, "0x%llx", (unsigned long long)status);
    return buf->msg;
}

EFI_STATUS con_error(EFI_STATUS status, const char *fmt, ...)
{
    struct diag suffix, text;
    diag_set(&suffix, " (EFI status %s)", efi_status_text(status, &text));
    va_list ap;
    va_start(ap, fmt);
    put_line("loader: error: ", fmt, ap, suffix.msg, true);
    va_end(ap);
    return status;
}

/* The "ConOut" global variable lists the device paths of every console output the
 * firmware drives; a UART node among them means our lines already reach a serial
 * port through ConOut (OVMF: yes). Unreadable variable: assume no serial console. */
static bool conout_has_uart(const EFI_SYSTEM_TABLE *st)
{
    EFI_GUID global = EFI_GLOBAL_VARIABLE;
    UINTN size = 0;
    uint8_t *buf = NULL;
    EFI_STATUS s = st->RuntimeServices->GetVariable(L"ConOut", &global, NULL, &size, NULL);
    if (s != EFI_BUFFER_TOO_SMALL ||
        EFI_ERROR(st->BootServices->AllocatePool(EfiLoaderData, size, (void **)&buf)))
        return false;
    s = st->RuntimeServices->GetVariable(L"ConOut", &global, NULL, &size, buf);
    bool uart = !EFI_ERROR(s) && serial_devpath_has_uart(buf, (uint32_t)size);
    st->BootServices->FreePool(buf);
    return uart;
}

void con_firmware_gone(void)
{
    firmware_gone = true;
}

bool con_firmware_is_gone(void)
{
    return firmware_gone;
}

bool con_configure(bool serial, bool verbose)
{
    bool firmware_uart = serial && sys && conout_has_uart(sys);
    com1_mirror = serial && sys && !firmware_uart && com1_init();
    progress_screen = verbose;
    progress_com1 = !verbose && firmware_uart && com1_attach();
    return com1_mirror;
}

/* WaitForEvent on ConIn's key event and a one-shot timer: whichever comes first.
 * The key is read so that it does not leak into the next boot option. */
void con_hold(unsigned seconds)
{
    const EFI_SYSTEM_TABLE *st = sys;
    if (!st || firmware_gone)
        return;
    EFI_BOOT_SERVICES *bs = st->BootServices;
    EFI_EVENT ev[2];
    UINTN which;
    EFI_INPUT_KEY key;
    con_print("press any key to return to the firmware (or wait %u s)", seconds);
    if (!st->ConIn || EFI_ERROR(bs->CreateEvent(EVT_TIMER, 0, NULL, NULL, &ev[1])))
        return;
    if (!EFI_ERROR(bs->SetTimer(ev[1], TimerRelative, seconds * HUNDRED_NS_PER_SECOND))) {
        ev[0] = st->ConIn->WaitForKey;
        if (!EFI_ERROR(bs->WaitForEvent(2, ev, &which)) && which == 0)
            st->ConIn->ReadKeyStroke(st->ConIn, &key);
    }
    bs->CloseEvent(ev[1]);
}
