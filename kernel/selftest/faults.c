/* faults.c - the self-tests that must fault: `null`, `text_ro`, `guard`, and `invlpg`
 * (a stale TLB entry gone after invlpg, then a fault on the unmapped page). */
#include <stdbool.h>
#include <stdint.h>

#include "../arch/cpu.h"
#include "../arch/probe.h"
#include "../lib/string.h"
#include "../mm/frames.h"
#include "../mm/kmap.h"
#include "../mm/mm.h"
#include "check.h"
#include "selftest.h"

#define VEC_PF 14u

static void probe_reset(void) { memset(&probe_last, 0, sizeof probe_last); }

/* A probe that must page-fault at `addr` with exactly the error bits `want` among
 * P and W (P clear: not present; P set: protection). */
static bool expect_pf(int r, uint32_t addr, uint32_t want)
{
    if (r == PROBE_OK)
        return FAIL("access to 0x%08x did not fault", addr);
    if ((uint32_t)r != VEC_PF)
        return FAIL("0x%08x: vector %d, want 14", addr, r);
    if (probe_last.cr2 != addr)
        return FAIL("cr2=0x%08x want 0x%08x", probe_last.cr2, addr);
    if ((probe_last.error_code & (PF_ERR_P | PF_ERR_W)) != want)
        return FAIL("0x%08x: error code 0x%x want P=%u W=%u", addr, probe_last.error_code,
                    want & PF_ERR_P ? 1u : 0u, want & PF_ERR_W ? 1u : 0u);
    return true;
}

bool check_null(void)
{
    uint32_t v;
    probe_reset();
    return expect_pf(probe_read32(0, &v), 0, 0);
}

static const uint32_t ro_word = 0x600DC0DEu; /* lives in .rodata */

static bool check_ro_word(uintptr_t addr)
{
    const struct kernel_layout *k = mm_layout();
    if (addr < k->text_start || addr + 4 > k->rodata_end)
        return FAIL("0x%08x outside [0x%08x, 0x%08x)", (uint32_t)addr, k->text_start, k->rodata_end);
    uint32_t before = *(const volatile uint32_t *)addr;
    probe_reset();
    int r = probe_write32(addr, ~before);
    if (r == PROBE_OK) /* writable after all: put the code/constant back before failing */
        probe_write32(addr, before);
    if (!expect_pf(r, (uint32_t)addr, PF_ERR_P | PF_ERR_W))
        return false;
    uint32_t now = *(const volatile uint32_t *)addr;
    return now == before ? true : FAIL("0x%08x changed 0x%08x->0x%08x", (uint32_t)addr, before, now);
}

bool check_text_ro(void)
{
    return check_ro_word((uintptr_t)&selftest_run) && check_ro_word((uintptr_t)&ro_word);
}

bool check_guard(void)
{
    uint32_t g = mm_layout()->stack_guard, v;
    if (g == 0)
        return FAIL("no stack guard in the layout");
    probe_reset();
    return expect_pf(probe_read32(g, &v), g, 0);
}

/* ---- TLB ---- */

/* A page-aligned VA below 4 GiB that no range of the table or mapping uses. */
static uint32_t scratch_va(void)
{
    for (uint64_t va = 0xE0000000u; va >= 16 * MiB; va -= 16 * MiB)
        if (!kmap_find(mm_kmap(), va, 0) && !paging_walk((uint32_t)va, 0) &&
            !cpu_walk((uint32_t)va, 0))
            return (uint32_t)va;
    return 0;
}

#define VALUE_A 0xAAAA0001u
#define VALUE_B 0xBBBB0002u

/*
 * The TLB may keep a translation after its PTE changed until that page is
 * invalidated (Intel SDM vol. 3, 4.10.4): after rewriting a present PTE, invlpg the
 * VA before relying on the new frame. A stale read without the flush is allowed
 * (and TCG may or may not show one); a stale read after invlpg is a bug.
 */
bool check_invlpg(void)
{
    uint32_t va = scratch_va();
    if (!va)
        return FAIL("no unused VA found for the test");
    paddr_t a = frame_alloc(), b = frame_alloc();
    if (a == FRAME_NONE || b == FRAME_NONE)
        return FAIL("no frames for the test");
    *(volatile uint32_t *)phys_ptr(a) = VALUE_A;
    *(volatile uint32_t *)phys_ptr(b) = VALUE_B;
    volatile uint32_t *p = (volatile uint32_t *)(uintptr_t)va;
    bool ok = true;
    pte_t *slot = 0;
    if (!map_page(va, a, PTE_W))
        ok = FAIL("map_page(0x%08x) failed", va);
    else if (*p != VALUE_A) /* this read caches the translation */
        ok = FAIL("0x%08x read 0x%08x, want A 0x%08x", va, *p, VALUE_A);
    else if (!cpu_walk(va, &slot))
        ok = FAIL("0x%08x not in the live tables after map_page", va);
    if (ok) {
        /* Retarget behind paging.c's back: no invalidation on purpose. */
        *(volatile pte_t *)slot = b | PTE_P | PTE_W;
        __asm__ volatile("" ::: "memory");
        uint32_t seen = *p;
        if (seen != VALUE_A && seen != VALUE_B)
            ok = FAIL("without flush read 0x%08x, neither A nor B", seen);
        else
            kprintf("tlb: stale_without_flush=%s\n", seen == VALUE_A ? "yes" : "no");
        invlpg(va);
        if (ok && (seen = *p) != VALUE_B)
            ok = FAIL("after invlpg read 0x%08x, want B 0x%08x", seen, VALUE_B);
    }
    unmap_page(va);
    uint32_t v;
    probe_reset();
    if (ok)
        ok = expect_pf(probe_read32(va, &v), va, 0);
    frame_free(a);
    frame_free(b);
    return ok;
}

