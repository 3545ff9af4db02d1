/* main.c - the minikernel: checks the hand-off, prints what the boot information holds, judges it. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "shared/bootinfo.h"
#include "shared/lib/uart16550.h"

/* ---- Hardware ---- */
#define DEBUG_EXIT_PORT 0xf4 /* QEMU isa-debug-exit: status = (value << 1) | 1 */
#define DEBUG_EXIT_PASS 0x10 /* QEMU exits 33 */
#define DEBUG_EXIT_FAIL 0x11 /* QEMU exits 35 */

#define PAGE_SIZE 4096u
#define MBI_MAX_SIZE (16u << 20) /* far above any real boot information: a sanity bound */
#define FIRST_LINE_MAX 72u

/* What hello.txt's first line says; the test mode verdict needs one module with it. */
static const char EXPECTED_FIRST_LINE[] = "hello from a module";

extern char _image_start[], _image_end[]; /* link.ld */

/* ---- COM1 output: 115200 8N1, polled ---- */
static void serial_init(void)
{
    uart_setup(UART_COM1, UART_FCR_ENABLE_CLEAR);
    uart_outb(UART_COM1 + UART_MCR, UART_MCR_DTR_RTS);
}

/* No bound on the wait: this example has no other output to fall back on. */
static void com_putc(char c)
{
    if (c == '\n')
        com_putc('\r');
    uart_putc(UART_COM1, (uint8_t)c, UART_WAIT_FOREVER);
}

static void com_puts(const char *s)
{
    while (*s)
        com_putc(*s++);
}

/* Quotes n bytes of untrusted text, stopping at NUL; unprintable bytes and '"' show as '.'. */
static void put_quoted(const char *s, uint32_t n)
{
    com_putc('"');
    for (uint32_t i = 0; i < n && s[i]; i++)
        com_putc(s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' ? s[i] : '.');
    com_putc('"');
}

static void put_hex(uint64_t v)
{
    char buf[17];
    int i = 16;
    buf[i] = 0;
    do {
        buf[--i] = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v);
    com_puts("0x");
    com_puts(buf + i);
}

/* Decimal without libgcc's 64-bit division: long division by 10, one bit at a time. */
static void put_dec(uint64_t v)
{
    char buf[21];
    int i = 20;
    buf[i] = 0;
    do {
        uint64_t q = 0;
        uint32_t r = 0;
        for (int bit = 63; bit >= 0; bit--) {
            r = (r << 1) | (uint32_t)((v >> bit) & 1);
            q <<= 1;
            if (r >= 10) {
                r -= 10;
                q |= 1;
            }
        }
        buf[--i] = (char)('0' + r);
        v = q;
    } while (v);
    com_puts(buf + i);
}

/* ---- Ending ---- */
static bool test_mode;

static __attribute__((noreturn)) void finish(bool pass)
{
    com_puts(pass ? "minikernel: result pass\n" : "minikernel: result fail\n");
    if (test_mode)
        uart_outb(DEBUG_EXIT_PORT, pass ? DEBUG_EXIT_PASS : DEBUG_EXIT_FAIL);
    com_puts("minikernel: halting\n");
    for (;;)
        __asm__ volatile("cli; hlt");
}

/* ---- Reading the boot information ---- */
static bool has_word(const char *s, uint32_t n, const char *word)
{
    uint32_t wl = 0;
    while (word[wl])
        wl++;
    for (uint32_t i = 0; i + wl <= n && s[i]; i++) {
        if (i > 0 && s[i - 1] != ' ')
            continue;
        uint32_t k = 0;
        while (k < wl && s[i + k] == word[k])
            k++;
        if (k == wl && (i + wl == n || s[i + wl] == ' ' || s[i + wl] == 0))
            return true;
    }
    return false;
}

/* The length of the module's first line (up to '\n', a trailing '\r' dropped). */
static uint32_t first_line_len(const char *p, uint32_t n)
{
    uint32_t len = 0;
    while (len < n && p[len] != '\n')
        len++;
    if (len > 0 && p[len - 1] == '\r')
        len--;
    return len;
}

static bool overlaps(uint64_t a0, uint64_t a1, uint64_t b0, uint64_t b1)
{
    return a0 < b1 && b0 < a1;
}

/* Prints one module line; true if it is page aligned, clear of us, and says hello. */
static bool check_module(const struct mb2_tag_module *m)
{
    uint32_t start = m->mod_start, end = m->mod_end;
    const char *text = (const char *)(uintptr_t)start;
    uint32_t len = end >= start ? end - start : 0;
    uint32_t line = first_line_len(text, len);

    com_puts("minikernel: module ");
    put_quoted(m->string, m->size - sizeof *m);
    com_puts(" start=");
    put_hex(start);
    com_puts(" end=");
    put_hex(end);
    com_puts(" first_line=");
    put_quoted(text, line < FIRST_LINE_MAX ? line : FIRST_LINE_MAX);
    com_putc('\n');

    if (end < start) {
        com_puts("minikernel: error: module mod_end="), put_hex(end);
        com_puts(" is below mod_start="), put_hex(start), com_putc('\n');
        return false;
    }
    if (start % PAGE_SIZE) {
        com_puts("minikernel: error: module mod_start="), put_hex(start);
        com_puts(" is not page aligned, though our header has a module alignment tag\n");
        return false;
    }
    if (overlaps(start, end, (uintptr_t)_image_start, (uintptr_t)_image_end)) {
        com_puts("minikernel: error: module ["), put_hex(start), com_puts(", "), put_hex(end);
        com_puts(") overlaps the minikernel image at "), put_hex((uintptr_t)_image_start), com_putc('\n');
        return false;
    }
    if (line != sizeof EXPECTED_FIRST_LINE - 1)
        return false;
    for (uint32_t i = 0; i < line; i++)
        if (text[i] != EXPECTED_FIRST_LINE[i])
            return false;
    return true;
}

/* Prints the mmap line; true if entries are well formed, disjoint and some RAM is free. */
static bool check_mmap(const struct mb2_tag_mmap *t)
{
    if (t->size < sizeof *t || t->entry_size < sizeof(struct mb2_mmap_entry)) {
        com_puts("minikernel: error: mmap tag entry_size="), put_dec(t->entry_size);
        com_puts(" size="), put_dec(t->size), com_puts(": entries must be at least 24 bytes\n");
        return false;
    }
    uint32_t n = (t->size - sizeof *t) / t->entry_size;
    const uint8_t *base = (const uint8_t *)t->entries;
    uint64_t avail = 0;
    bool sane = true;
    for (uint32_t i = 0; i < n; i++) {
        const struct mb2_mmap_entry *e = (const void *)(base + i * t->entry_size);
        if (e->base_addr + e->length < e->base_addr) {
            com_puts("minikernel: error: mmap entry "), put_dec(i), com_puts(" base="), put_hex(e->base_addr);
            com_puts(" length="), put_hex(e->length), com_puts(" wraps past 2^64\n");
            sane = false;
            continue;
        }
        if (e->type == MB2_MMAP_AVAILABLE)
            avail += e->length;
        for (uint32_t j = 0; j < i; j++) {
            const struct mb2_mmap_entry *f = (const void *)(base + j * t->entry_size);
            if (e->length && f->length &&
                overlaps(e->base_addr, e->base_addr + e->length, f->base_addr,
                         f->base_addr + f->length)) {
                com_puts("minikernel: error: mmap entries "), put_dec(j), com_puts(" and "), put_dec(i);
                com_puts(" overlap at "), put_hex(e->base_addr), com_putc('\n');
                sane = false;
            }
        }
    }
    com_puts("minikernel: mmap entries="), put_dec(n);
    com_puts(" available_kib="), put_dec(avail >> 10), com_putc('\n');
    if (avail < (1u << 20)) {
        com_puts("minikernel: error: mmap has only "), put_dec(avail >> 10);
        com_puts(" KiB available: below 1 MiB\n");
        sane = false;
    }
    return sane;
}

/* True if the walk ended on an end tag {0, 8} rather than on a malformed tag. */
static bool ends_properly(const struct mb2_info *info, const struct mb2_tag *last)
{
    uint32_t off = sizeof *info;
    if (last)
        off = (uint32_t)((const uint8_t *)last - (const uint8_t *)info) +
              ((last->size + MB2_TAG_ALIGN - 1) & ~(MB2_TAG_ALIGN - 1));
    if (off > info->total_size || info->total_size - off < sizeof(struct mb2_tag))
        return false;
    const struct mb2_tag *end = (const void *)((const uint8_t *)info + off);
    return end->type == MB2_TAG_END && end->size == sizeof(struct mb2_tag);
}

void mk_main(uint32_t magic, const struct mb2_info *info);

void mk_main(uint32_t magic, const struct mb2_info *info)
{
    serial_init();
    if (magic != MB2_BOOTLOADER_MAGIC) {
        com_puts("minikernel: error: EAX="), put_hex(magic);
        com_puts(" is not the Multiboot2 boot loader magic "), put_hex(MB2_BOOTLOADER_MAGIC), com_putc('\n');
        /* Without boot information we cannot know whether this is a test run; the
         * debug-exit port is unused on real machines, so report failure to QEMU anyway. */
        test_mode = true;
        finish(false);
    }
    if (!info || (uintptr_t)info % MB2_TAG_ALIGN || info->total_size < 16 ||
        info->total_size > MBI_MAX_SIZE) {
        com_puts("minikernel: error: boot information at EBX="), put_hex((uintptr_t)info);
        if (info)
            com_puts(" total_size="), put_dec(info->total_size);
        com_puts(": must be non-NULL, 8-byte aligned, total_size 16 bytes to 16 MiB\n");
        test_mode = true;
        finish(false);
    }

    uint32_t ntags = 0;
    const struct mb2_tag *last = NULL;
    for (const struct mb2_tag *t = mb2_first(info); t; t = mb2_next(info, t))
        ntags++, last = t;
    com_puts("minikernel: magic ok mbi="), put_hex((uintptr_t)info);
    com_puts(" tags="), put_dec(ntags), com_putc('\n');
    bool ok = ends_properly(info, last);
    if (!ok)
        com_puts("minikernel: error: boot information: a malformed tag stops the walk before the end tag\n");

    /* Which firmware booted us: a 32-bit UEFI loader gives tag 11, a 64-bit one 12. */
    const struct mb2_tag_efi32 *e32 = (const void *)mb2_find(info, MB2_TAG_EFI32);
    const struct mb2_tag_efi64 *e64 = (const void *)mb2_find(info, MB2_TAG_EFI64);
    com_puts("minikernel: efi_systab ");
    if (e32)
        com_puts("tag=11 pointer="), put_hex(e32->pointer);
    else if (e64)
        com_puts("tag=12 pointer="), put_hex(e64->pointer);
    else
        com_puts("none");
    com_putc('\n');

    const struct mb2_tag_string *cl = (const void *)mb2_find(info, MB2_TAG_CMDLINE);
    const char *cmdline = cl ? cl->string : "";
    uint32_t cmdline_len = cl ? cl->size - sizeof *cl : 0;
    test_mode = has_word(cmdline, cmdline_len, "test");
    com_puts("minikernel: cmdline="), put_quoted(cmdline, cmdline_len), com_putc('\n');
    if (!cl) {
        com_puts("minikernel: error: no command line tag, though our header requests one\n");
        ok = false;
    }

    uint32_t good_modules = 0;
    const struct mb2_tag_mmap *mmap = NULL;
    for (const struct mb2_tag *t = mb2_first(info); t; t = mb2_next(info, t)) {
        if (t->type == MB2_TAG_MODULE && t->size >= sizeof(struct mb2_tag_module))
            good_modules += check_module((const void *)t);
        else if (t->type == MB2_TAG_MMAP && !mmap)
            mmap = (const void *)t;
    }
    if (good_modules == 0) {
        com_puts("minikernel: error: no page-aligned module whose first line is \"");
        com_puts(EXPECTED_FIRST_LINE), com_puts("\"\n");
        ok = false;
    }
    if (!mmap) {
        com_puts("minikernel: error: no memory map tag (6), though our header requests one\n");
        ok = false;
    } else if (!check_mmap(mmap)) {
        ok = false;
    }
    finish(ok);
}
