/* pt_walk.c - the host tests' own 32-bit page walk, written from the SDM (4.3), not from paging.c. */
#include "pt_walk.h"

#include "sim_phys.h"

/* Entries are little-endian 32-bit words; read byte by byte so that nothing here
 * depends on the types or helpers the code under test uses. */
static uint32_t phys_read32(uint32_t pa)
{
    const uint8_t *b = phys_base + pa;
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

#define ENTRY_PRESENT 0x1u
#define ENTRY_WRITE 0x2u
#define ENTRY_FRAME 0xFFFFF000u

uint32_t ptw_table_pa(uint32_t cr3, uint32_t pdx)
{
    uint32_t pde = phys_read32((cr3 & ENTRY_FRAME) + 4 * (pdx & 1023));
    return (pde & ENTRY_PRESENT) ? (pde & ENTRY_FRAME) : 0;
}

struct ptw_result ptw_translate(uint32_t cr3, uint32_t va)
{
    struct ptw_result r = {0};
    uint32_t pde = phys_read32((cr3 & ENTRY_FRAME) + 4 * (va >> 22));
    if (!(pde & ENTRY_PRESENT))
        return r;
    r.pde = pde;
    r.pte = phys_read32((pde & ENTRY_FRAME) + 4 * ((va >> 12) & 1023));
    if (!(r.pte & ENTRY_PRESENT))
        return r;
    r.present = true;
    r.pa = (r.pte & ENTRY_FRAME) | (va & 0xFFFu);
    r.writable = (pde & ENTRY_WRITE) && (r.pte & ENTRY_WRITE);
    return r;
}

uint32_t ptw_count_tables(uint32_t cr3)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < 1024; i++)
        n += ptw_table_pa(cr3, i) != 0;
    return n;
}
