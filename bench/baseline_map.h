/* baseline_map.h - the single-page mapper bench/ops.c shows beside map_page. */
#ifndef BENCH_BASELINE_MAP_H
#define BENCH_BASELINE_MAP_H

#include <stdint.h>
#include "kernel/mm/paging.h"

/* Maps va to pa with `flags` (PTE_P implied) in the directory at physical `pd_pa`,
 * whose table for va must already exist: nothing is checked or allocated, and no
 * TLB entry is flushed (the host benchmark runs with paging off). */
void baseline_map_page(paddr_t pd_pa, uint32_t va, paddr_t pa, uint32_t flags);

#endif
