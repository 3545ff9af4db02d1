/* reloc_kernel.c - a position-independent Multiboot2 test kernel with a relocatable header tag.
 *
 * Built by mk/test-kernels.mk for tests/boot/test_refusals.sh (gcc -m32 -fpie, linked by
 * reloc_kernel.ld at 0xFEC00000, the I/O APIC's MMIO page, which the firmware can
 * never give us): the loader must move it. It checks what a relocated kernel
 * relies on and reports on COM1, then exits QEMU through isa-debug-exit:
 *   - EAX holds the Multiboot2 magic;
 *   - tag 21 (load base) is where the image really runs (found PC-relatively);
 *   - every module (tag 3) lies in memory tag 6 reports as reserved (type 2).
 * All code and data are reached PC-relatively (-fpie, hidden symbols), and no
 * data holds an absolute address, so the image runs wherever it is put.
 */
#include <stdint.h>
#include "shared/bootinfo.h"
#include "shared/lib/uart16550.h"

#define DEBUG_EXIT_PORT 0xF4
#define DEBUG_EXIT_PASS 0x10 /* QEMU exits with (0x10 << 1) | 1 = 33 */
#define DEBUG_EXIT_FAIL 0x11 /* 35 */
#define HEADER_LENGTH 48u
#define RELOC_MIN 0x00200000u   /* patched per test case by make_bad_kernels.py */
#define RELOC_MAX 0xFFFFFFFFu
#define RELOC_ALIGN 0x00200000u
#define RELOC_PREF 1u

struct reloc_header {
    struct mb2_header h;
    struct mb2_header_tag_relocatable reloc;
    struct mb2_header_tag end;
};
_Static_assert(sizeof(struct reloc_header) == HEADER_LENGTH, "header layout");

__attribute__((section(".mb2hdr"), used, aligned(8))) static const struct reloc_header header = {
    .h = { MB2_HEADER_MAGIC, MB2_HEADER_ARCH_I386, HEADER_LENGTH,
           (uint32_t)-(MB2_HEADER_MAGIC + MB2_HEADER_ARCH_I386 + HEADER_LENGTH) },
    .reloc = { MB2_HTAG_RELOCATABLE, 0, sizeof(struct mb2_header_tag_relocatable), RELOC_MIN,
               RELOC_MAX, RELOC_ALIGN, RELOC_PREF },
    .end = { MB2_HTAG_END, 0, sizeof(struct mb2_header_tag) },
};

extern const uint8_t image_start[] __attribute__((visibility("hidden")));

/* Entry: EAX = magic, EBX = boot information, no stack. The stack is found
 * through the GOT pointer like every other symbol (PC-relative). */
__asm__(".section .text.entry, \"ax\"\n"
        ".globl _start\n"
        "_start:\n"
        "    call 1f\n"
        "1:  pop %ecx\n"
        "    add $_GLOBAL_OFFSET_TABLE_ + (. - 1b), %ecx\n"
        "    lea stack_top@GOTOFF(%ecx), %esp\n"
        "    push %ebx\n"
        "    push %eax\n"
        "    call kmain\n"
        "2:  cli\n"
        "    hlt\n"
        "    jmp 2b\n"
        ".section .bss\n"
        ".balign 16\n"
        "    .skip 8192\n"
        "stack_top:\n");

/* COM1 as the firmware left it. */
static void put(const char *s)
{
    for (; *s; s++)
        uart_putc(UART_COM1, (uint8_t)*s, UART_WAIT_FOREVER);
}

static void put_hex(uint32_t v)
{
    char buf[11] = "0x";
    for (int i = 0; i < 8; i++)
        buf[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 0xF];
    buf[10] = '\0';
    put(buf);
}

/* True when [start, end) lies inside one reserved entry of tag 6. */
static int reserved(const struct mb2_tag_mmap *m, uint32_t start, uint32_t end)
{
    uint32_t n = (m->size - sizeof *m) / m->entry_size;
    for (uint32_t i = 0; i < n; i++) {
        const struct mb2_mmap_entry *e =
            (const struct mb2_mmap_entry *)((const uint8_t *)m->entries + i * m->entry_size);
        if (e->type == MB2_MMAP_RESERVED && e->base_addr <= start &&
            e->base_addr + e->length >= end)
            return 1;
    }
    return 0;
}

__attribute__((used)) void kmain(uint32_t magic, const struct mb2_info *mbi)
{
    int ok = magic == MB2_BOOTLOADER_MAGIC;
    uint32_t here = (uint32_t)image_start;
    const struct mb2_tag_load_base_addr *lb =
        (const void *)mb2_find(mbi, MB2_TAG_LOAD_BASE_ADDR);
    const struct mb2_tag_mmap *mm = (const void *)mb2_find(mbi, MB2_TAG_MMAP);
    put("reloc-kernel: running at ");
    put_hex(here);
    put(" load_base=");
    put_hex(lb ? lb->load_base_addr : 0);
    put(magic == MB2_BOOTLOADER_MAGIC ? " magic ok\n" : " magic bad\n");
    ok = ok && lb && lb->load_base_addr == here && mm;
    for (const struct mb2_tag *t = mb2_first(mbi); t && mm; t = mb2_next(mbi, t)) {
        if (t->type != MB2_TAG_MODULE)
            continue;
        const struct mb2_tag_module *m = (const void *)t;
        int r = reserved(mm, m->mod_start, m->mod_end);
        put("reloc-kernel: module start=");
        put_hex(m->mod_start);
        put(" end=");
        put_hex(m->mod_end);
        put(r ? " reserved=yes\n" : " reserved=no\n");
        ok = ok && r;
    }
    put(ok ? "reloc-kernel: result pass\n" : "reloc-kernel: result fail\n");
    uart_outb(DEBUG_EXIT_PORT, ok ? DEBUG_EXIT_PASS : DEBUG_EXIT_FAIL);
}
