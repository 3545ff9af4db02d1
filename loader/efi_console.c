/* efi_console.c - formats a line with diag_vset and writes it as UCS-2 on ConOut. */
#include "efi_console.h"

static SIMPLE_TEXT_OUTPUT_INTERFACE *con_out;

void con_init(EFI_SYSTEM_TABLE *st)
{
    con_out = st->ConOut;
}

/* ConOut takes CHAR16; our text is ASCII, so widening byte by byte is exact.
 * Anything outside ASCII becomes '?' rather than a stray code point. */
static void put_ascii(const char *s)
{
    CHAR16 wide[DIAG_MAX + 4];
    UINTN n = 0;
    for (; *s && n < DIAG_MAX; s++)
        wide[n++] = (unsigned char)*s < 0x80 ? (CHAR16)*s : L'?';
    wide[n] = 0;
    if (con_out)
        con_out->OutputString(con_out, wide);
}

static void put_line(const char *prefix, const char *fmt, va_list ap, const char *suffix)
{
    struct diag line;
    diag_vset(&line, fmt, ap);
    put_ascii(prefix);
    put_ascii(line.msg);
    put_ascii(suffix);
    put_ascii("\r\n");
}

void con_print(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    put_line("loader: ", fmt, ap, "");
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

EFI_STATUS con_error(EFI_STATUS status, const char *fmt, ...)
{
    struct diag suffix;
    const char *name = efi_status_name(status);
    if (name)
        diag_set(&suffix, " (EFI status %s)", name);
    else
        diag_set(&suffix, " (EFI status 0x%x)", (unsigned)status);
    va_list ap;
    va_start(ap, fmt);
    put_line("loader: error: ", fmt, ap, suffix.msg);
    va_end(ap);
    return status;
}
