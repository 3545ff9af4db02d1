/* main.c - kmain: the kernel's init stages, in order. */
#include <stdbool.h>
#include <stdint.h>
#include <stdnoreturn.h>

#include "../shared/bootinfo.h"
#include "arch/cpu.h"
#include "arch/cpuid.h"
#include "arch/gdt.h"
#include "arch/idt.h"
#include "boot/bootinfo.h"
#include "boot/timeline.h"
#include "crash_test.h"
#include "dev/fb.h"
#include "dev/screen_hold.h"
#include "dev/serial.h"
#include "lib/kprintf.h"
#include "report/gather.h"
#include "mm/mm.h"
#include "selftest/selftest.h"
#include "test_mode.h"

/* kernel.ld and entry.asm. */
extern char _kernel_start[], _kernel_end[], _text_start[], _rodata_end[];
extern char stack_guard[], stack_bottom[], stack_top[];

noreturn void kmain(const struct mb2_info *mbi);

static void print_boot_line(const struct boot_view *bi)
{
    kprintf("boot: loader=\"%s\" cmdline=\"%s\" mmap_entries=%u efi_mmap_entries=%u "
            "desc_size=%u ",
            bi->loader_name, bi->cmdline, bi->mmap_entries, bi->efi_mmap_entries,
            bi->efi_desc_size);
    if (bi->fb.present)
        kprintf("fb=%ux%ux%u@0x%llx ", bi->fb.format.width, bi->fb.format.height,
                bi->fb.format.bpp, (unsigned long long)bi->fb.addr);
    else
        kprintf("fb=none ");
    if (bi->rsdp)
        kprintf("rsdp=v%u@0x%08x\n", bi->rsdp_version, (uint32_t)(uintptr_t)bi->rsdp);
    else
        kprintf("rsdp=none\n");
}

static struct kernel_layout layout_from_linker(void)
{
    return (struct kernel_layout){
        .image_start = (uint32_t)(uintptr_t)_kernel_start,
        .image_end = (uint32_t)(uintptr_t)_kernel_end,
        .text_start = (uint32_t)(uintptr_t)_text_start,
        .rodata_end = (uint32_t)(uintptr_t)_rodata_end,
        .stack_guard = (uint32_t)(uintptr_t)stack_guard,
        .stack_bottom = (uint32_t)(uintptr_t)stack_bottom,
        .stack_top = (uint32_t)(uintptr_t)stack_top,
    };
}

/* A check failed: the screen shows it (red); a screen test may photograph it first. */
static noreturn void fail_stop(const struct boot_view *bi)
{
    screen_hold_if_asked(bi->cmdline);
    kernel_stop(false);
}

/* Entered from entry.asm with caches on, the boot GDT, the boot stack, interrupts
 * off and paging off. Until test_mode_init has seen the command line, a failure
 * halts (it cannot know that this is a test run). */
noreturn void kmain(const struct mb2_info *mbi)
{
    serial_init();
    gdt_init();
    idt_init();
    struct kernel_layout layout = layout_from_linker();
    kprintf("kernel: start image=0x%08x-0x%08x mbi=0x%08x stack=0x%08x-0x%08x\n",
            layout.image_start, layout.image_end, (uint32_t)(uintptr_t)mbi, layout.stack_bottom,
            layout.stack_top);

    bool cpu_ok = cpu_check();

    static struct boot_view bi; /* the one reading of *mbi; everything after takes it */
    char err[192];
    bool bi_ok = bootinfo_parse(mbi, &bi, err, sizeof(err));
    test_mode_init(bi.cmdline); /* even from malformed info: cmdline may have come first */
    /* The screen before any check can stop the kernel: it needs only the framebuffer
     * the boot view decided on, and the lines so far are replayed to it, so a failed
     * check shows on screen (in red), not only on serial. */
    fb_set_verbose(cmdline_has_word(bi.cmdline, "verbose"));
    size_t font_len = 0;
    const char *font = cmdline_value(bi.cmdline, "font", &font_len);
    fb_set_font(font, font_len);
    if (bi_ok || bi.fb.usable)
        fb_init(&bi.fb);
    if (!cpu_ok)
        fail_stop(&bi);
    if (!bi_ok) {
        kprintf("%s\n", err);
        fail_stop(&bi);
    }
    print_boot_line(&bi);

    if (!crash_test_run(bi.cmdline, CRASH_EARLY))
        kernel_stop(false);

    if (!mm_init(&bi, &layout)) {
        kprintf("kernel: fail reason=mm_init\n");
        fail_stop(&bi);
    }
    /* The double-fault task switch loads CR3 from its TSS: give it the page
     * directory mm_init installed. */
    gdt_set_double_fault_cr3(read_cr3());

    if (!crash_test_run(bi.cmdline, CRASH_AFTER_MM))
        kernel_stop(false);

    timeline_begin(TL_SELFTEST);
    bool full = cmdline_has_word(bi.cmdline, "selftest=full");
    int passed;
    int failed = selftest_run(full, &passed);
    timeline_end(TL_SELFTEST);
    report_print(&bi, passed, failed, full); /* inside kernel_cycles: ready means shown */
    timeline_print(&bi.timeline);
    kprintf("kernel: ready\n");
    if (failed)
        kprintf("kernel: fail reason=selftest failed=%d\n", failed);
    screen_hold_if_asked(bi.cmdline);
    kernel_stop(failed == 0);
}
