/* exception.c - reports a CPU exception (or resumes a probe) and stops the kernel. */
#include "exception.h"

#include <stdbool.h>

#include "../lib/kprintf.h"
#include "../lib/ksyms.h"
#include "../test_mode.h"
#include "backtrace.h"
#include "cpu.h"
#include "gdt.h"
#include "idt.h"
#include "probe.h"

static const char *const names[IDT_EXCEPTIONS] = {
    "divide error", "debug", "nmi", "breakpoint", "overflow", "bound range exceeded",
    "invalid opcode", "device not available", "double fault", "coprocessor segment overrun",
    "invalid tss", "segment not present", "stack-segment fault", "general protection",
    "page fault", "reserved", "x87 floating-point error", "alignment check", "machine check",
    "simd floating-point", "virtualization", "control protection", "reserved", "reserved",
    "reserved", "reserved", "reserved", "reserved", "hypervisor injection",
    "vmm communication", "security", "reserved",
};

extern char stack_bottom[], stack_top[]; /* entry.asm: the only stack kernel code runs on */

/* Set while a report is being printed: a fault inside the reporter must not
 * recurse into another report. */
static volatile bool reporting;

const char *exception_name(uint32_t vector)
{
    return vector < IDT_EXCEPTIONS ? names[vector] : "reserved";
}

struct regs {
    uint32_t eip, cs, eflags;
    uint32_t eax, ebx, ecx, edx, esi, edi, ebp, esp;
};

/* Where the interrupted code was: #0 the faulting eip, then the return addresses of its
 * frame chain, innermost first, each named from the kernel's symbol table, so a photo
 * of the screen is enough; docs/hardware.md says how to read it. */
static void print_backtrace(uint32_t eip, uint32_t ebp)
{
    uint32_t lo = (uint32_t)(uintptr_t)stack_bottom, hi = (uint32_t)(uintptr_t)stack_top;
    struct backtrace bt;
    backtrace_walk(ebp, lo, hi, stack_bottom, &bt);
    kprintf("exception: backtrace (%s):\n", backtrace_end_name(bt.end));
    char name[64];
    for (uint32_t i = 0; i <= bt.n; i++) {
        uint32_t at = i == 0 ? eip : bt.ret[i - 1];
        ksym_format(&ksym_kernel, at, name, sizeof name);
        kprintf("exception:   #%u 0x%08x %s\n", i, at, name);
    }
}

static void report(uint32_t vector, uint32_t error_code, const struct regs *r, uint32_t cr2)
{
    kprintf("exception: vector=%u name=\"%s\" error=0x%08x\n", vector, exception_name(vector),
            error_code);
    kprintf("exception: eip=0x%08x cs=0x%04x eflags=0x%08x\n", r->eip, r->cs, r->eflags);
    kprintf("exception: eax=0x%08x ebx=0x%08x ecx=0x%08x edx=0x%08x\n", r->eax, r->ebx, r->ecx,
            r->edx);
    kprintf("exception: esi=0x%08x edi=0x%08x ebp=0x%08x esp=0x%08x\n", r->esi, r->edi, r->ebp,
            r->esp);
    if (vector == VEC_PAGE_FAULT)
        kprintf("exception: cr2=0x%08x present=%u write=%u user=%u reserved_bit=%u "
                "instruction_fetch=%u\n",
                cr2, !!(error_code & PF_ERR_PRESENT), !!(error_code & PF_ERR_WRITE),
                !!(error_code & PF_ERR_USER), !!(error_code & PF_ERR_RSVD),
                !!(error_code & PF_ERR_FETCH));
    else if (vector == VEC_DOUBLE_FAULT)
        kprintf("exception: cr2=0x%08x (registers are the interrupted task's, from the boot "
                "TSS)\n",
                cr2);
    print_backtrace(r->eip, r->ebp);
}

static void enter_report(uint32_t vector)
{
    if (reporting) {
        kprintf("exception: vector=%u name=\"%s\" while reporting an exception\n", vector,
                exception_name(vector));
        kernel_stop(false);
    }
    reporting = true;
}

void exception_handler(struct isr_frame *f)
{
    /* CR2 first: nothing below may fault, but read it before anything could. */
    uint32_t cr2 = read_cr2();

    uint32_t fixup = probe_fixup(f->eip, f->vector, f->error_code, cr2);
    if (fixup) {
        f->eip = fixup;
        return;
    }

    enter_report(f->vector);
    struct regs r = {
        .eip = f->eip, .cs = f->cs, .eflags = f->eflags,
        .eax = f->eax, .ebx = f->ebx, .ecx = f->ecx, .edx = f->edx,
        .esi = f->esi, .edi = f->edi, .ebp = f->ebp,
        .esp = (uint32_t)(uintptr_t)(&f->eflags + 1),
    };
    report(f->vector, f->error_code, &r, cr2);
    kprintf("kernel: fail reason=exception\n");
    kernel_stop(false);
}

void exception_double_fault(uint32_t error_code)
{
    uint32_t cr2 = read_cr2();
    enter_report(VEC_DOUBLE_FAULT);
    /* The task switch saved the faulting code's registers into the boot TSS. */
    const struct tss *t = gdt_boot_tss();
    struct regs r = {
        .eip = t->eip, .cs = t->cs, .eflags = t->eflags,
        .eax = t->eax, .ebx = t->ebx, .ecx = t->ecx, .edx = t->edx,
        .esi = t->esi, .edi = t->edi, .ebp = t->ebp, .esp = t->esp,
    };
    report(VEC_DOUBLE_FAULT, error_code, &r, cr2);
    kprintf("kernel: fail reason=exception\n");
    kernel_stop(false);
}
