/* crash_test.h - `crash=KIND` on the command line: provoke an exception on purpose, so
 * tests can check the exception report (tests/boot/test_exceptions.sh).
 *
 *   crash=de  divide error (#DE), right after the IDT is up
 *   crash=ud  invalid opcode (#UD, ud2), right after the IDT is up
 *   crash=pf  page fault: a write to the unmapped stack guard page, after mm_init
 *   crash=df  double fault, after mm_init: with paging on, the stack is pointed at
 *             the guard page and a push faults, so the page fault cannot be
 *             delivered either; with paging off, #DE with its IDT gate not
 *             present (#NP during #DE delivery)
 * Every one ends in the exception report and, in test mode, QEMU's fail exit. */
#ifndef KERNEL_CRASH_TEST_H
#define KERNEL_CRASH_TEST_H

#include <stdbool.h>

enum crash_stage {
    CRASH_EARLY,    /* exceptions work; no paging yet */
    CRASH_AFTER_MM, /* paging is on (if mm_init turned it on) */
};

/* Checks the crash= value (unknown: false after one error line) and, if its kind
 * belongs to `stage`, provokes it. Returns only when nothing was to be done. */
bool crash_test_run(const char *cmdline, enum crash_stage stage);

#endif
