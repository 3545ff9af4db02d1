/* cpuid.c - CPU identification and the required-feature check. */
#include "cpuid.h"

#include "../lib/kprintf.h"
#include "cpu.h"

#define EFLAGS_ID (1u << 21) /* writable exactly when CPUID exists */

static void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
    __asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

static bool has_cpuid(void)
{
    uint32_t before, after;
    __asm__ volatile("pushfl\n\t"
                     "pushfl\n\t"
                     "popl %0\n\t"
                     "movl %0, %1\n\t"
                     "xorl %2, %1\n\t"
                     "pushl %1\n\t"
                     "popfl\n\t"
                     "pushfl\n\t"
                     "popl %1\n\t"
                     "popfl"
                     : "=&r"(before), "=&r"(after)
                     : "i"(EFLAGS_ID)
                     : "cc");
    return ((before ^ after) & EFLAGS_ID) != 0;
}

bool cpuid_probe(struct cpu_info *ci)
{
    uint32_t a, b, c, d;
    *ci = (struct cpu_info){0};
    if (!has_cpuid())
        return false;
    cpuid(0, &a, &b, &c, &d);
    uint32_t max_leaf = a;
    const uint32_t words[3] = {b, d, c}; /* vendor string order: EBX, EDX, ECX */
    for (int i = 0; i < 12; i++)
        ci->vendor[i] = (char)(words[i / 4] >> (8 * (i % 4)));
    ci->vendor[12] = '\0';
    if (max_leaf < 1)
        return true;
    cpuid(1, &a, &b, &c, &d);
    ci->stepping = a & 0xF;
    ci->model = (a >> 4) & 0xF;
    ci->family = (a >> 8) & 0xF;
    /* Extended family/model apply for families 0xF (and 0x6 for the model). */
    if (ci->family == 0xF)
        ci->family += (a >> 20) & 0xFF;
    if (ci->family == 0x6 || ci->family >= 0xF)
        ci->model |= ((a >> 16) & 0xF) << 4;
    ci->edx1 = d;
    ci->ecx1 = c;
    return true;
}

bool cpu_check(void)
{
    struct cpu_info ci;
    if (!cpuid_probe(&ci)) {
        kprintf("cpu: error: no CPUID instruction (EFLAGS.ID is fixed); need an i586 or later\n");
        return false;
    }
    kprintf("cpu: vendor=%s family=%u model=%u stepping=%u fpu=%u pse=%u tsc=%u pae=%u pge=%u "
            "cr0=0x%08x\n",
            ci.vendor, ci.family, ci.model, ci.stepping, !!(ci.edx1 & CPUID1_EDX_FPU),
            !!(ci.edx1 & CPUID1_EDX_PSE), !!(ci.edx1 & CPUID1_EDX_TSC),
            !!(ci.edx1 & CPUID1_EDX_PAE), !!(ci.edx1 & CPUID1_EDX_PGE), read_cr0());
    if ((ci.edx1 & CPU_REQUIRED_EDX) != CPU_REQUIRED_EDX) {
        kprintf("cpu: error: CPUID leaf 1 edx=0x%08x lacks required bits 0x%08x (tsc)\n", ci.edx1,
                CPU_REQUIRED_EDX);
        return false;
    }
    return true;
}
