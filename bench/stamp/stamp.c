/* stamp.c - bench-only EFI app: stamps the TSC around LoadImage of the loader under test
 * (named in \stamp.cfg on its own volume), writes both stamps to COM1, then StartImage's it.
 *
 * A loader's cost is then the kernel's entry TSC minus before_load_tsc, measured in one
 * boot: it includes the firmware loading the loader's own image, for ours as for GRUB. */
#include <efi.h>
#include <efilib.h>

#include "shared/lib/uart16550.h"

#define CFG_PATH L"\\stamp.cfg"
#define PATH_MAX_CHARS 128

static inline uint64_t tsc_now(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static void com1_puts(const char *s)
{
    for (; *s; s++)
        uart_putc(UART_COM1, (uint8_t)*s, UART_THRE_POLLS);
}

/* Appends the decimal digits of v at p; returns the end. */
static char *put_dec(char *p, uint64_t v)
{
    char tmp[24];
    int n = 0;
    do
        tmp[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    while (n)
        *p++ = tmp[--n];
    return p;
}

static char *put_str(char *p, const char *s)
{
    while (*s)
        *p++ = *s++;
    return p;
}

/* The first line of text (up to CR, LF or the end) as a UCS-2 path; false when empty or
 * too long. */
static BOOLEAN cfg_path(const char *text, CHAR16 *path, UINTN max)
{
    UINTN i = 0;
    for (; text[i] && text[i] != '\r' && text[i] != '\n'; i++) {
        if (i + 1 >= max)
            return FALSE;
        path[i] = (CHAR16)(unsigned char)text[i];
    }
    path[i] = 0;
    return i > 0;
}

/* Reads the first line of \stamp.cfg into path (UCS-2). Returns EFI_SUCCESS, or why not. */
static EFI_STATUS read_cfg(EFI_HANDLE device, CHAR16 *path)
{
    EFI_FILE_HANDLE root = LibOpenRoot(device), f;
    char buf[PATH_MAX_CHARS];
    UINTN n = sizeof buf - 1;
    EFI_STATUS s;

    if (!root)
        return EFI_NOT_FOUND;
    s = uefi_call_wrapper(root->Open, 5, root, &f, CFG_PATH, EFI_FILE_MODE_READ, 0);
    if (!EFI_ERROR(s)) {
        s = uefi_call_wrapper(f->Read, 3, f, &n, buf);
        uefi_call_wrapper(f->Close, 1, f);
    }
    uefi_call_wrapper(root->Close, 1, root);
    if (EFI_ERROR(s))
        return s;
    buf[n] = 0;
    return cfg_path(buf, path, PATH_MAX_CHARS) ? EFI_SUCCESS : EFI_INVALID_PARAMETER;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
    EFI_LOADED_IMAGE *li;
    CHAR16 path[PATH_MAX_CHARS];
    EFI_HANDLE child;
    char line[160];
    EFI_STATUS s;

    InitializeLib(image, st);
    s = uefi_call_wrapper(BS->HandleProtocol, 3, image, &LoadedImageProtocol, (void **)&li);
    if (EFI_ERROR(s) || EFI_ERROR((s = read_cfg(li->DeviceHandle, path)))) {
        com1_puts("\r\nstamp: cannot read \\stamp.cfg\r\n");
        return s;
    }
    EFI_DEVICE_PATH *dp = FileDevicePath(li->DeviceHandle, path);
    uint64_t before = tsc_now();
    s = uefi_call_wrapper(BS->LoadImage, 6, FALSE, image, dp, NULL, 0, &child);
    uint64_t after = tsc_now();
    char *p = put_str(line, "\r\nstamp: before_load_tsc=");
    p = put_dec(p, before);
    p = put_str(p, " after_load_tsc=");
    p = put_dec(p, after);
    p = put_str(p, " status=");
    p = put_dec(p, (uint64_t)s);
    put_str(p, "\r\n")[0] = 0;
    com1_puts(line);
    if (EFI_ERROR(s))
        return s;
    return uefi_call_wrapper(BS->StartImage, 3, child, NULL, NULL);
}
