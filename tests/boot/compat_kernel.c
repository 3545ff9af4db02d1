/* compat_kernel.c - a Multiboot2 kernel that reports what it was given, for the GRUB-compatibility cases.
 *
 * Built by mk/compat-kernels.mk (gcc -m32, linked by compat_kernel.ld at 2 MiB as one
 * PT_LOAD with a bss) for tests/boot/test_mb2_compat.sh. tests/boot/make_compat_kernels.py
 * rewrites its 256-byte header area per case (odd end tags, impossible header_length,
 * info requests, the address and entry address tags) or cuts it into a flat binary.
 * It checks and prints on COM1, one "compat: ..." line each, then exits QEMU through
 * isa-debug-exit (pass unless the magic is wrong):
 *   magic, where the boot information lies, every tag type in order, the command line,
 *   each module (and whether tag 6 reserves it), tag 9 (and whether the section-name
 *   table it points to reads as one, and lies in reserved memory), whether the bss
 *   came zeroed, whether the timeline tag came.
 */
#include <stdint.h>
#include "shared/bootinfo.h"
#include "shared/lib/uart16550.h"

#define DEBUG_EXIT_PORT 0xF4
#define DEBUG_EXIT_PASS 0x10
#define DEBUG_EXIT_FAIL 0x11
#define HEADER_AREA 256u
#define MIB (1024u * 1024u)
#define SHT_STRTAB 3u

/* The default header: magic, length 24, end tag. Cases overwrite the whole area. */
struct area {
    struct mb2_header h;
    struct mb2_header_tag end;
    uint8_t room[HEADER_AREA - sizeof(struct mb2_header) - sizeof(struct mb2_header_tag)];
};
__attribute__((section(".mb2hdr"), used, aligned(8))) static const struct area header = {
    .h = { MB2_HEADER_MAGIC, MB2_HEADER_ARCH_I386, 24,
           (uint32_t)-(MB2_HEADER_MAGIC + MB2_HEADER_ARCH_I386 + 24) },
    .end = { MB2_HTAG_END, 0, 8 },
    .room = { 0 },
};

static volatile uint8_t bss_probe[4096]; /* must arrive zeroed, also from a flat (a.out kludge) load */

__asm__(".section .text.entry, \"ax\"\n"
        ".globl _start\n"
        "_start:\n"
        "    mov $stack_top, %esp\n"
        "    push %ebx\n"
        "    push %eax\n"
        "    call kmain\n"
        "1:  cli\n"
        "    hlt\n"
        "    jmp 1b\n"
        ".section .bss\n"
        ".align 16\n"
        "    .skip 8192\n"
        "stack_top:\n"
        ".text\n");

/* COM1 as the firmware left it; a stuck UART drops the byte rather than hang. */
static void putc_(char c)
{
    uart_putc(UART_COM1, (uint8_t)c, UART_THRE_POLLS);
}

static void puts_(const char *s)
{
    while (*s)
        putc_(*s++);
}

static void hex(uint32_t v)
{
    puts_("0x");
    int started = 0;
    for (int sh = 28; sh >= 0; sh -= 4) {
        uint32_t d = (v >> sh) & 0xF;
        if (d || started || sh == 0) {
            putc_((char)(d < 10 ? '0' + d : 'a' + d - 10));
            started = 1;
        }
    }
}

static void dec(uint32_t v)
{
    char b[12];
    int n = 0;
    do
        b[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    while (n)
        putc_(b[--n]);
}

static const struct mb2_tag *next(const struct mb2_tag *t)
{
    return (const struct mb2_tag *)((const uint8_t *)t + ((t->size + 7) & ~7u));
}

/* True when [base, end) lies inside one tag-6 entry of type 2 (reserved). */
static int reserved(const struct mb2_info *mbi, uint64_t base, uint64_t end)
{
    const struct mb2_tag *t = (const struct mb2_tag *)(mbi + 1);
    for (; t->type != MB2_TAG_END; t = next(t)) {
        if (t->type != MB2_TAG_MMAP)
            continue;
        const struct mb2_tag_mmap *m = (const void *)t;
        for (uint32_t off = sizeof *m; off + m->entry_size <= m->size; off += m->entry_size) {
            const struct mb2_mmap_entry *e = (const void *)((const uint8_t *)m + off);
            if (e->type == MB2_MMAP_RESERVED && e->base_addr <= base &&
                end <= e->base_addr + e->length)
                return 1;
        }
    }
    return 0;
}

static int starts_with(const char *s, const char *p)
{
    while (*p)
        if (*s++ != *p++)
            return 0;
    return 1;
}

/* Tag 9: the section-name table (shndx) must be where its sh_addr says, reading
 * "\0" then names, and lie in reserved memory. */
static void elf_sections(const struct mb2_info *mbi, const struct mb2_tag_elf_sections *t)
{
    puts_("compat: elf_sections num=");
    dec(t->num);
    puts_(" entsize=");
    dec(t->entsize);
    puts_(" shndx=");
    dec(t->shndx);
    const uint32_t *sh = (const uint32_t *)(t->sections + t->shndx * t->entsize);
    uint32_t type = sh[1], addr = sh[3], size = sh[5];
    const char *names = (const char *)addr;
    int ok = t->shndx < t->num && type == SHT_STRTAB && addr && names[0] == '\0';
    int text = 0;
    for (uint32_t i = 0; ok && i + 6 < size; i++)
        text |= starts_with(names + i, ".text");
    puts_(ok && text ? " shstrtab=ok" : " shstrtab=bad");
    puts_(reserved(mbi, addr, (uint64_t)addr + size) ? " reserved=yes\n" : " reserved=no\n");
}

void kmain(uint32_t magic, const struct mb2_info *mbi)
{
    if (magic != MB2_BOOTLOADER_MAGIC) {
        puts_("compat: bad magic ");
        hex(magic);
        puts_("\n");
        uart_outb(DEBUG_EXIT_PORT, DEBUG_EXIT_FAIL);
        return;
    }
    uint32_t at = (uint32_t)mbi, end = at + mbi->total_size;
    puts_("compat: magic ok mbi=");
    hex(at);
    puts_(end <= MIB ? " below=1M" : end <= 4 * MIB ? " below=4M" : " below=4G");
    puts_("\ncompat: tags");
    int timeline = 0;
    const struct mb2_tag *t = (const struct mb2_tag *)(mbi + 1);
    for (; t->type != MB2_TAG_END; t = next(t)) {
        putc_(' ');
        dec(t->type);
        timeline |= t->type == MB2_TAG_BOOT_TIMELINE;
    }
    puts_("\n");
    for (t = (const struct mb2_tag *)(mbi + 1); t->type != MB2_TAG_END; t = next(t)) {
        if (t->type == MB2_TAG_CMDLINE) {
            puts_("compat: cmdline=\"");
            puts_(((const struct mb2_tag_string *)t)->string);
            puts_("\"\n");
        } else if (t->type == MB2_TAG_MODULE) {
            const struct mb2_tag_module *m = (const void *)t;
            puts_("compat: module \"");
            puts_(m->string);
            puts_("\" start=");
            hex(m->mod_start);
            puts_(m->mod_end <= 4 * MIB ? " below=4M" : " below=4G");
            puts_(reserved(mbi, m->mod_start, m->mod_end) ? " reserved=yes" : " reserved=no");
            puts_(" first=");
            putc_(m->mod_end > m->mod_start ? *(const char *)m->mod_start : '-');
            puts_("\n");
        } else if (t->type == MB2_TAG_ELF_SECTIONS) {
            elf_sections(mbi, (const void *)t);
        }
    }
    int zero = 1;
    for (uint32_t i = 0; i < sizeof bss_probe; i++)
        zero &= bss_probe[i] == 0;
    puts_(zero ? "compat: bss_zero=yes" : "compat: bss_zero=no");
    puts_(timeline ? " timeline=yes\n" : " timeline=no\n");
    puts_("compat: result pass\n");
    uart_outb(DEBUG_EXIT_PORT, DEBUG_EXIT_PASS);
}
