/* selftest.h - checks the kernel runs at every boot after paging is on. */
#ifndef KERNEL_SELFTEST_H
#define KERNEL_SELFTEST_H

/* Prints "selftest: NAME ok|FAIL detail" per check and "selftest: N passed, N failed".
 * Returns the number failed. */
int selftest_run(void);

#endif
