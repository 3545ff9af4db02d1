/* selftest.h - checks the kernel runs at every boot after paging is on. */
#ifndef KERNEL_SELFTEST_H
#define KERNEL_SELFTEST_H

#include <stdbool.h>

/* Prints "selftest: mode=quick|full", "selftest: NAME ok|FAIL detail" per check and
 * "selftest: N passed, N failed". Returns the number failed (*passed: the number
 * passed). Quick (the default) samples and costs the same at any RAM size; full (`selftest=full` on the command
 * line) takes every frame and provokes misuse, printed as `expect:` lines. */
int selftest_run(bool full, int *passed);

#endif
