/* probe.h - memory accesses that are allowed to fault, for the boot self-tests.
 *
 * Like Linux's exception tables: the access instruction lives at a known address in
 * probe.asm; when the exception handler sees a fault at that EIP it resumes at the
 * probe's fixup instead of reporting a crash, and the probe returns the vector. */
#ifndef KERNEL_ARCH_PROBE_H
#define KERNEL_ARCH_PROBE_H

#include <stdint.h>

#define PROBE_OK (-1) /* no fault; otherwise the return value is the vector */

struct probe_fault {
    uint32_t vector;
    uint32_t error_code;
    uint32_t cr2;
};

/* Read or write 32 bits at `addr`. Return PROBE_OK, or the exception vector taken
 * (14 for a page fault), with the details in probe_last. */
int probe_read32(uintptr_t addr, uint32_t *value);
int probe_write32(uintptr_t addr, uint32_t value);
extern struct probe_fault probe_last;

/* Called by the exception handler: if `eip` is a probe instruction, returns the
 * fixup EIP to resume at (and records the fault); otherwise 0. */
uint32_t probe_fixup(uint32_t eip, uint32_t vector, uint32_t error_code, uint32_t cr2);

#endif
