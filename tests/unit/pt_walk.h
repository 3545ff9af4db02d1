/* pt_walk.h - an independent software MMU for host tests: translates through the
 * page tables in simulated physical memory the way the CPU would, without paging.c. */
#ifndef TESTS_UNIT_PT_WALK_H
#define TESTS_UNIT_PT_WALK_H

#include <stdbool.h>
#include <stdint.h>

struct ptw_result {
    bool present;     /* PDE and PTE both present */
    uint32_t pde;     /* raw directory entry (0 if the PDE is not present) */
    uint32_t pte;     /* raw table entry (0 if not reached) */
    uint32_t pa;      /* translated address, valid when present */
    bool writable;    /* effective: PDE.W and PTE.W */
};

/* Translates `va` through the directory at physical `cr3` (a CR3 value). */
struct ptw_result ptw_translate(uint32_t cr3, uint32_t va);
/* Number of present PDEs, i.e. page tables in use. */
uint32_t ptw_count_tables(uint32_t cr3);
/* Physical address of the page table behind directory slot `pdx`, 0 if none. */
uint32_t ptw_table_pa(uint32_t cr3, uint32_t pdx);

#endif
