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
#define PD_ENTRIES 1024u
#define PT_ENTRIES 1024u
#define PDX(va) (((uint32_t)(va) >> 22) & 0x3FF)
#define PTX(va) (((uint32_t)(va) >> 12) & 0x3FF)

/* Page tables come from frame_alloc(); they must be reachable where they are
 * written: with paging off (identity) or through the identity map. */
bool paging_init(void); /* allocates the (zeroed) page directory */
/* Identity-maps [base, end) with `flags` (PTE_P implied), 4 KiB pages. Only page
 * tables that are partially covered by the range are zeroed first. */
bool paging_map_range(paddr_t base, uint64_t end, uint32_t flags);
bool map_page(uint32_t va, paddr_t pa, uint32_t flags); /* + invlpg when paging is on */
void unmap_page(uint32_t va);                            /* + invlpg when paging is on */
void paging_flush_all(void);                             /* CR3 reload */
/* Software walk: true and *pte when va is mapped. */
bool paging_walk(uint32_t va, pte_t *pte);
paddr_t paging_directory(void);
uint32_t paging_table_count(void);
/* Loads CR3 and writes CR0 whole: PE|MP|NE|WP|PG, CD and NW clear. Kernel only. */
void paging_enable(void);
bool paging_is_on(void);

#endif
