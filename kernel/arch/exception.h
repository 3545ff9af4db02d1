/* exception.h - what the CPU exception handler receives, and its entry points. */
#ifndef KERNEL_ARCH_EXCEPTION_H
#define KERNEL_ARCH_EXCEPTION_H

#include <stdint.h>

#define VEC_DIVIDE_ERROR 0u
#define VEC_INVALID_OPCODE 6u
#define VEC_PAGE_FAULT 14u

/* Page-fault error code bits (Intel SDM vol. 3, 4.7). */
#define PF_ERR_PRESENT (1u << 0) /* 0: page not present, 1: protection violation */
#define PF_ERR_WRITE (1u << 1)
#define PF_ERR_USER (1u << 2)
#define PF_ERR_RSVD (1u << 3)    /* a reserved bit was set in a paging entry */
#define PF_ERR_FETCH (1u << 4)   /* instruction fetch */

/* The stack built by isr.asm, lowest address first. Same-privilege exceptions push
 * no SS:ESP, so the faulting ESP is the address just above `eflags`. */
struct isr_frame {
    uint32_t gs, fs, es, ds;
    uint32_t edi, esi, ebp, esp_pushad, ebx, edx, ecx, eax; /* pushad order, reversed */
    uint32_t vector, error_code;
    uint32_t eip, cs, eflags; /* pushed by the CPU */
};
_Static_assert(sizeof(struct isr_frame) == 17 * 4, "isr_frame matches isr.asm");

/* Called by isr.asm. Returns only to resume at a probe fixup; otherwise reports
 * the exception on COM1 and stops the kernel (test mode: QEMU fail exit). */
void exception_handler(struct isr_frame *f);

/* Called on the double-fault task (isr.asm) with the error code. Never returns. */
void exception_double_fault(uint32_t error_code);

/* The exception's name ("page fault"), or "reserved". */
const char *exception_name(uint32_t vector);

#endif
