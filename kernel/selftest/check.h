/* check.h - what the boot self-tests (kernel/selftest/) share: the FAIL detail line,
 * the CPU's own table walk, and the checks the runner calls. */
#ifndef KERNEL_SELFTEST_CHECK_H
#define KERNEL_SELFTEST_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "../lib/kprintf.h"
#include "../mm/memmap.h"
#include "../mm/paging.h"

#define MiB (1024u * 1024u)
#define FOUR_GIB (1ull << 32)

/* Why a check failed: set by FAIL(), printed after "FAIL". */
extern char selftest_detail[160];
extern bool selftest_full; /* the exhaustive set runs (selftest=full) */
#define FAIL(...) (ksnprintf(selftest_detail, sizeof selftest_detail, __VA_ARGS__), false)

/* The walk the MMU does, from CR3 through physical pointers, sharing nothing with
 * paging.c: the PTE when va is present at both levels, else 0 (walk.c). */
pte_t cpu_walk(uint32_t va, pte_t **slot);

bool check_walk(void);        /* walk.c */
bool check_identity_rw(void); /* frames.c */
bool check_frames_all(void);
bool check_frames_sample(void);
bool check_null(void);        /* faults.c */
bool check_text_ro(void);
bool check_invlpg(void);
bool check_guard(void);
bool check_heap(void);        /* heap.c */

#endif
