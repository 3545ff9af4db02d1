/* crash_test.c - provokes the exception named by `crash=KIND` (see crash_test.h). */
#include "crash_test.h"

#include <stddef.h>
#include <stdint.h>

#include "arch/cpu.h"
#include "arch/idt.h"
#include "arch/exception.h"
#include "lib/kprintf.h"
#include "test_mode.h"

extern char stack_guard[], stack_bottom[]; /* entry.asm */

struct crash_kind {
    const char *name;
    enum crash_stage stage;
    void (*fire)(void);
};

static void fire_de(void)
{
    /* In asm: a C division by zero is undefined and the compiler may drop it. */
    __asm__ volatile("xorl %%ecx, %%ecx\n\t"
                     "movl $1, %%eax\n\t"
                     "xorl %%edx, %%edx\n\t"
                     "divl %%ecx"
                     ::: "eax", "ecx", "edx", "cc");
}

static void fire_ud(void) { __asm__ volatile("ud2"); }

static void fire_pf(void)
{
    if (!(read_cr0() & CR0_PG)) {
        kprintf("crash: error: crash=pf needs paging, and paging is off after mm_init\n");
        return;
    }
    *(volatile uint32_t *)stack_guard = 0xDEADBEEFu;
    kprintf("crash: error: crash=pf: writing the stack guard page at 0x%08x did not fault\n",
            (uint32_t)(uintptr_t)stack_guard);
}

/* A fault while the CPU pushes the frame for an earlier fault becomes a double
 * fault (Intel SDM vol. 3, table 6-5: page fault then page fault; contributory
 * then contributory). */
static void fire_df(void)
{
    if (read_cr0() & CR0_PG) {
        /* ESP at the bottom of the boot stack: the push writes the guard page
         * (#PF), and delivering that #PF pushes onto the guard page again. */
        __asm__ volatile("movl %%esp, %%ecx\n\t"
                         "movl %0, %%esp\n\t"
                         "pushl %%eax\n\t"
                         "movl %%ecx, %%esp"
                         :
                         : "r"(stack_bottom)
                         : "ecx", "memory");
        kprintf("crash: error: crash=df: a push into the stack guard page at 0x%08x did not "
                "fault\n",
                (uint32_t)(uintptr_t)stack_guard);
        return;
    }
    idt_set_present(VEC_DIVIDE_ERROR, false);
    fire_de();
    idt_set_present(VEC_DIVIDE_ERROR, true);
    kprintf("crash: error: crash=df: no double fault\n");
}

static const struct crash_kind kinds[] = {
    {"de", CRASH_EARLY, fire_de},
    {"ud", CRASH_EARLY, fire_ud},
    {"pf", CRASH_AFTER_MM, fire_pf},
    {"df", CRASH_AFTER_MM, fire_df},
};

bool crash_test_run(const char *cmdline, enum crash_stage stage)
{
    size_t n;
    const char *v = cmdline_value(cmdline, "crash", &n);
    if (!v)
        return true;
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        const struct crash_kind *k = &kinds[i];
        if (n != 2 || v[0] != k->name[0] || v[1] != k->name[1])
            continue;
        if (k->stage != stage)
            return true;
        kprintf("crash: kind=%s provoking it now\n", k->name);
        k->fire();
        return false; /* still here: the exception did not happen */
    }
    char shown[16];
    size_t m = n < sizeof(shown) - 1 ? n : sizeof(shown) - 1;
    for (size_t i = 0; i < m; i++)
        shown[i] = v[i];
    shown[m] = '\0';
    kprintf("kernel: error: cmdline crash=%s: unknown kind (expected de, ud, pf or df)\n", shown);
    return false;
}
