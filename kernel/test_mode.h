/* test_mode.h - the `test` command-line word, QEMU's exit port, and how the kernel stops. */
#ifndef KERNEL_TEST_MODE_H
#define KERNEL_TEST_MODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdnoreturn.h>

/* cmdline_has_word and cmdline_value, for this header's users (screen_hold.c,
 * crash_test.c): the same lookup the loader uses. */
#include "../shared/lib/cmdline.h"

/* isa-debug-exit (iobase 0xf4): QEMU exits with status (value << 1) | 1. */
#define QEMU_EXIT_PORT 0xf4u
enum qemu_exit_code {
    QEMU_EXIT_PASS = 0x10, /* QEMU status 33 */
    QEMU_EXIT_FAIL = 0x11, /* QEMU status 35 */
};

/* Test mode is on when `cmdline` (may be NULL) contains the word `test`. Until
 * this is called the kernel is not in test mode: a failure that early halts. */
void test_mode_init(const char *cmdline);
bool test_mode(void);

/* Writes `code` to the exit port. Returns only when there is no such device. */
void qemu_exit(enum qemu_exit_code code);

/* The end of every kernel run: in test mode exits QEMU with pass or fail, then (or
 * otherwise) halts forever with interrupts off. */
noreturn void kernel_stop(bool pass);
noreturn void halt_forever(void);

#endif
