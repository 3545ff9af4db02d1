/* cpuid.h - checks that the CPU has what the kernel uses, and describes it. */
#ifndef KERNEL_ARCH_CPUID_H
#define KERNEL_ARCH_CPUID_H

#include <stdbool.h>
#include <stdint.h>

/* CPUID leaf 1, EDX. */
#define CPUID1_EDX_FPU (1u << 0)
#define CPUID1_EDX_PSE (1u << 3)
#define CPUID1_EDX_TSC (1u << 4)
#define CPUID1_EDX_PAE (1u << 6)
#define CPUID1_EDX_PGE (1u << 13)

/* Features without which the kernel does not run: TSC (rdtsc timing in the self
 * tests). 4 KiB non-PAE paging and INVLPG need no CPUID bit (i486+). */
#define CPU_REQUIRED_EDX CPUID1_EDX_TSC

struct cpu_info {
    char vendor[13];
    uint32_t family, model, stepping;
    uint32_t edx1, ecx1; /* leaf 1 feature words */
};

/* Fills `ci` (false if the CPU has no CPUID instruction). */
bool cpuid_probe(struct cpu_info *ci);
/* Probes, prints "cpu: vendor=... family=... tsc=1 ..." and returns false, after one
 * error line naming the missing feature, when something required is absent. */
bool cpu_check(void);

#endif
