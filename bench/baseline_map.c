/* baseline_map.c - map_page as a careful engineer writes it for a table known to
 * exist: index the directory, index the table, store the entry. No walk that could
 * allocate a table (xv6's walkpgdir), no present test, no range loop (mappages). */
#include "bench/baseline_map.h"

void baseline_map_page(paddr_t pd_pa, uint32_t va, paddr_t pa, uint32_t flags)
{
    pde_t *pd = phys_ptr(pd_pa);
    pte_t *pt = phys_ptr(pd[PDX(va)] & PTE_ADDR_MASK);
    pt[PTX(va)] = (pa & PTE_ADDR_MASK) | flags | PTE_P;
}
