/* gather.h - prints the boot report (report.h) of the running kernel. */
#ifndef KERNEL_REPORT_GATHER_H
#define KERNEL_REPORT_GATHER_H

#include <stdbool.h>

#include "../boot/bootinfo.h"

/* After mm_init and the self-tests: one `screen: LINE` per report line (serial keeps
 * them; the screen shows LINE). */
void report_print(const struct boot_view *bi, int passed, int failed, bool full);

#endif
