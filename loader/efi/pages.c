/* efi_pages.c - the loader's page ledger: what AllocatePages gave, until it is handed over or freed. */
#include "pages.h"
#include "../core/config.h"
#include "../core/elf.h"

/* Per boot at most: a claim per kernel segment, one relocated span, the kernel, each
 * module and boot.cfg, the parsed configuration, the memory map, the handoff
 * buffers, the ELF sections and the x64 handoff code. */
#define LEDGER_MAX (ELF_MAX_SEGMENTS + 1 + CFG_MAX_MODULES + 3 + 4)

static struct {
    EFI_PHYSICAL_ADDRESS addr;
    UINTN pages;
} ledger[LEDGER_MAX];
static uint32_t nledger;

EFI_STATUS pages_alloc(EFI_BOOT_SERVICES *bs, EFI_ALLOCATE_TYPE type, EFI_MEMORY_TYPE mem,
                       UINTN pages, EFI_PHYSICAL_ADDRESS *addr)
{
    if (nledger == LEDGER_MAX) /* a bug, not bad input: the bound above is exact */
        return EFI_OUT_OF_RESOURCES;
    EFI_STATUS st = bs->AllocatePages(type, mem, pages, addr);
    if (!EFI_ERROR(st))
        ledger[nledger++] = (typeof(ledger[0])){ *addr, pages };
    return st;
}

void pages_free(EFI_BOOT_SERVICES *bs, EFI_PHYSICAL_ADDRESS addr, UINTN pages)
{
    bs->FreePages(addr, pages);
    for (uint32_t i = 0; i < nledger; i++) {
        if (ledger[i].addr == addr) {
            ledger[i] = ledger[--nledger];
            return;
        }
    }
}

UINTN pages_release_all(EFI_BOOT_SERVICES *bs)
{
    UINTN freed = 0;
    while (nledger) {
        nledger--;
        if (!EFI_ERROR(bs->FreePages(ledger[nledger].addr, ledger[nledger].pages)))
            freed += ledger[nledger].pages;
    }
    return freed;
}

uint32_t pages_held(void)
{
    return nledger;
}

/* Only ranges taken after the mark are freed in between (an attempt frees nothing it
 * did not take), and pages_free keeps the ranges below the mark where they are, so the
 * ranges past `mark` are exactly the attempt's. */
UINTN pages_release_from(EFI_BOOT_SERVICES *bs, uint32_t mark)
{
    UINTN freed = 0;
    while (nledger > mark) {
        nledger--;
        if (!EFI_ERROR(bs->FreePages(ledger[nledger].addr, ledger[nledger].pages)))
            freed += ledger[nledger].pages;
    }
    return freed;
}
