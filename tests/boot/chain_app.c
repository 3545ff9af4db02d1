/* chain_app.c - a tiny EFI application for test_menu.sh's chainload case: reports
 * its load options on COM1, then ends QEMU through isa-debug-exit (port 0xf4). */
#include <efi.h>
#include <stdint.h>

#define COM1 0x3f8
#define COM1_LSR (COM1 + 5)
#define LSR_THR_EMPTY 0x20
#define DEBUG_EXIT_PORT 0xf4
#define DEBUG_EXIT_PASS 0x10 /* QEMU exits with status 33: run.sh reports pass (0) */

static void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static void put(char c)
{
    while (!(inb(COM1_LSR) & LSR_THR_EMPTY))
        ;
    outb(COM1, (uint8_t)c);
}

static void puts_ascii(const char *s)
{
    while (*s)
        put(*s++);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
    static EFI_GUID lip = LOADED_IMAGE_PROTOCOL;
    EFI_LOADED_IMAGE *li;
    puts_ascii("\nchain: started options=\"");
    if (!EFI_ERROR(st->BootServices->HandleProtocol(image, &lip, (void **)&li)) &&
        li->LoadOptions) {
        const CHAR16 *o = li->LoadOptions;
        for (UINT32 i = 0; i < li->LoadOptionsSize / 2 && o[i]; i++)
            put(o[i] < 0x80 ? (char)o[i] : '?');
    }
    puts_ascii("\"\n");
    outb(DEBUG_EXIT_PORT, DEBUG_EXIT_PASS);
    return EFI_SUCCESS;
}
