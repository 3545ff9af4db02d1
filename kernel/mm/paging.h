/* paging.h - 32-bit non-PAE paging: one page directory, 4 KiB page tables. */
#ifndef KERNEL_MM_PAGING_H
#define KERNEL_MM_PAGING_H

#include <stdbool.h>
#include <stdint.h>
#include "physmem.h"

typedef uint32_t pde_t;
typedef uint32_t pte_t;
_Static_assert(sizeof(pde_t) == 4 && sizeof(pte_t) == 4, "non-PAE entries are 32 bits");

#define PTE_P (1u << 0)   /* present */
#define PTE_W (1u << 1)   /* writable */
#define PTE_U (1u << 2)   /* user */
#define PTE_PWT (1u << 3) /* write-through */
#define PTE_PCD (1u << 4) /* cache disable */
#define PTE_A (1u << 5)
#define PTE_D (1u << 6)
#define PTE_PS (1u << 7) /* in a PDE: 4 MiB page (not used) */
#define PTE_G (1u << 8)
#define PTE_ADDR_MASK 0xFFFFF000u
#define PTE_FLAGS_MASK 0x00000FFFu
#define PD_ENTRIES 1024u
#define PT_ENTRIES 1024u
#define PT_SPAN (PT_ENTRIES * PAGE_SIZE) /* bytes one page table maps: 4 MiB */
#define PDX(va) (((uint32_t)(va) >> 22) & 0x3FF)
#define PTX(va) (((uint32_t)(va) >> 12) & 0x3FF)

/* Page-fault error code bits (Intel SDM vol. 3, 4.7), for the self-tests. */
#define PF_ERR_P (1u << 0) /* 0: not present, 1: protection violation */
#define PF_ERR_W (1u << 1) /* the access was a write */

/* Page tables come from frame_alloc(); they must be reachable where they are
 * written: with paging off (identity) or through the identity map. */
/* Allocates the (zeroed) page directory and forgets any previous one (the host
 * tests call it once per test). False when no frame is left. */
bool paging_init(void);
/* Identity-maps [base, end) (rounded outward to pages) with `flags` (PTE_P implied),
 * 4 KiB pages; PDEs get P|W, permissions live in the PTEs. Only page tables that
 * the range covers partially are zeroed first. False when end > 4 GiB or a table
 * cannot be allocated (what was mapped before stays mapped). */
bool paging_map_range(paddr_t base, uint64_t end, uint32_t flags);
bool map_page(uint32_t va, paddr_t pa, uint32_t flags); /* + invlpg when paging is on */
void unmap_page(uint32_t va);                            /* + invlpg when paging is on */
/* Rewrites the flags (PTE_P implied) of every mapped page in [va_start, va_end),
 * keeping the addresses; e.g. flags without PTE_W make the range read-only.
 * invlpg per page when paging is on. False if some page in the range was not mapped
 * (those are skipped). */
bool paging_set_flags(uint32_t va_start, uint64_t va_end, uint32_t flags);
void paging_flush_all(void); /* CR3 reload (when paging is on) */
/* Software walk: true and *pte when va is mapped. */
bool paging_walk(uint32_t va, pte_t *pte);
paddr_t paging_directory(void);
uint32_t paging_table_count(void); /* page tables, not counting the directory */
/* Disables PAE in CR4, loads CR3 and writes CR0 whole: PE|MP|NE|WP|PG, CD and NW
 * clear. In HOST_TEST builds it only records that paging is on (no asm), so the
 * host tests can check which TLB flushes map_page/unmap_page request. */
void paging_enable(void);
bool paging_is_on(void);
/* TLB flushes requested since paging_init: single pages (invlpg) and whole (CR3). */
uint32_t paging_invlpg_count(void);
uint32_t paging_flush_all_count(void);

#endif
