/* physmem.h - how mm code reaches a physical address.
 *
 * In the kernel, RAM is identity-mapped (and paging is off while page tables are
 * built), so a physical address is a pointer. On the host, tests point
 * phys_base at a simulated physical memory, so the same page-table and bitmap code
 * runs unchanged and tests can walk what it wrote. */
#ifndef KERNEL_MM_PHYSMEM_H
#define KERNEL_MM_PHYSMEM_H

#include <stdint.h>

typedef uint32_t paddr_t; /* physical address below 4 GiB (non-PAE paging) */

#define PAGE_SIZE 4096u
#define PAGE_SHIFT 12u
#define PAGE_ALIGN_DOWN(x) ((x) & ~(uint64_t)(PAGE_SIZE - 1))
#define PAGE_ALIGN_UP(x) (((x) + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1))

#ifdef HOST_TEST
/* Simulated physical memory, set by the test. Hidden: the test binary defines it
 * itself, so a position-independent host build reads it in one instruction, not
 * through the GOT (the kernel has no such load at all). */
extern uint8_t *phys_base __attribute__((visibility("hidden")));
static inline void *phys_ptr(paddr_t pa) { return phys_base + pa; }
#else
static inline void *phys_ptr(paddr_t pa) { return (void *)(uintptr_t)pa; }
#endif

#endif
