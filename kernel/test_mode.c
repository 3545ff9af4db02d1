/* test_mode.c - test-mode detection from the command line and the QEMU exit. */
#include "test_mode.h"

#include "arch/cpu.h"

static bool in_test_mode;

void test_mode_init(const char *cmdline) { in_test_mode = cmdline_has_word(cmdline, "test"); }

bool test_mode(void) { return in_test_mode; }

void qemu_exit(enum qemu_exit_code code) { outb(QEMU_EXIT_PORT, (uint8_t)code); }

noreturn void halt_forever(void)
{
    for (;;) {
        cli();
        hlt();
    }
}

noreturn void kernel_stop(bool pass)
{
    if (in_test_mode)
        qemu_exit(pass ? QEMU_EXIT_PASS : QEMU_EXIT_FAIL);
    halt_forever();
}
