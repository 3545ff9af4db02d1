/* mm_init.c - memory bring-up in order: regions, frames, page tables and paging on, heap. */
#include "mm.h"

#include <stddef.h>
#include "../arch/cpu.h"
#include "../boot/timeline.h"
#include "../lib/kprintf.h"
#include "frames.h"
#include "heap.h"
#include "memmap.h"
#include "paging.h"
#include "physmem.h"

#define FOUR_GIB (1ull << 32)
#define KIB_SHIFT 10u
#define ERR_LEN 160u

/* Everything here outlives mm_init: the self-tests read it afterwards. */
static struct memmap regions;
static struct kernel_layout layout;
static uint64_t fb_base, fb_end; /* fb_end == 0: no framebuffer mapped */

/* What the paging stage measured, printed after it. */
struct paging_report {
    uint64_t identity_bytes;
};

static uint64_t kib(uint64_t bytes) { return bytes >> KIB_SHIFT; }

/* ---- stage 1: regions ---- */

/* The firmware's map (tag 17) when the loader passed it, else the Multiboot2 map
 * (tag 6, e.g. from a GRUB that did not). */
static bool build_regions(const struct mb2_info *mbi)
{
    char err[ERR_LEN];
    const struct mb2_tag *t = mb2_find(mbi, MB2_TAG_EFI_MMAP);
    if (t && t->size >= sizeof(struct mb2_tag_efi_mmap)) {
        const struct mb2_tag_efi_mmap *e = (const struct mb2_tag_efi_mmap *)t;
        if (memmap_from_efi(&regions, e->efi_mmap, t->size - (uint32_t)sizeof *e, e->descr_size,
                            err, sizeof err))
            return true;
        kprintf("mm: error: boot info tag 17: %s\n", err);
        return false;
    }
    t = mb2_find(mbi, MB2_TAG_MMAP);
    if (t && t->size >= sizeof(struct mb2_tag_mmap)) {
        const struct mb2_tag_mmap *e = (const struct mb2_tag_mmap *)t;
        if (memmap_from_mb2(&regions, (const uint8_t *)e->entries,
                            t->size - (uint32_t)sizeof *e, e->entry_size, err, sizeof err))
            return true;
        kprintf("mm: error: boot info tag 6: %s\n", err);
        return false;
    }
    kprintf("mm: error: boot info has no memory map (neither tag 17 nor tag 6)\n");
    return false;
}

/* The framebuffer from tag 8, page-rounded, when all of it lies below 4 GiB. */
static void find_framebuffer(const struct mb2_info *mbi)
{
    fb_base = fb_end = 0;
    const struct mb2_tag *t = mb2_find(mbi, MB2_TAG_FRAMEBUFFER);
    if (!t || t->size < offsetof(struct mb2_tag_framebuffer, red_field_position))
        return;
    const struct mb2_tag_framebuffer *fb = (const struct mb2_tag_framebuffer *)t;
    uint64_t bytes = (uint64_t)fb->framebuffer_pitch * fb->framebuffer_height;
    uint64_t addr = fb->framebuffer_addr;
    if (bytes == 0 || addr >= FOUR_GIB || bytes > FOUR_GIB - addr)
        return; /* above 4 GiB: non-PAE paging cannot reach it */
    fb_base = PAGE_ALIGN_DOWN(addr);
    fb_end = PAGE_ALIGN_UP(addr + bytes);
}

/* Carves out of `free` what is live before the allocator exists. Loader data
 * counted as free in the map holds the kernel, the boot information and modules. */
static void reserve_live(const struct mb2_info *mbi, const struct kernel_layout *k)
{
    memmap_reserve(&regions, 0, PAGE_SIZE); /* frame 0: real-mode IVT/BDA, and FRAME_NONE */
    memmap_reserve(&regions, k->image_start, k->image_end - k->image_start);
    memmap_reserve(&regions, (uintptr_t)mbi, mbi->total_size); /* cmdline is inside */
    for (const struct mb2_tag *t = mb2_first(mbi); t; t = mb2_next(mbi, t)) {
        const struct mb2_tag_module *mod = (const struct mb2_tag_module *)t;
        if (t->type == MB2_TAG_MODULE && t->size >= sizeof *mod && mod->mod_end > mod->mod_start)
            memmap_reserve(&regions, mod->mod_start, mod->mod_end - mod->mod_start);
    }
    uint32_t stack_low = k->stack_guard ? k->stack_guard : k->stack_bottom;
    memmap_reserve(&regions, stack_low, k->stack_top - stack_low);
    if (fb_end)
        memmap_reserve(&regions, fb_base, fb_end - fb_base);
}

/* ---- stage 3: page tables ---- */

/* Bytes of [b, e) that no `ram` region covers (ram is sorted and disjoint). */
static uint64_t bytes_outside_ram(uint64_t b, uint64_t e)
{
    uint64_t outside = e - b;
    for (uint32_t i = 0; i < regions.nram; i++) {
        uint64_t lo = regions.ram[i].base > b ? regions.ram[i].base : b;
        uint64_t hi = regions.ram[i].end < e ? regions.ram[i].end : e;
        if (lo < hi)
            outside -= hi - lo;
    }
    return outside;
}

/* Maps a range the kernel needs even if the map did not call it RAM (a loader may
 * place things in memory typed oddly). Counts only what `ram` did not already map. */
static bool map_needed(uint64_t b, uint64_t e, struct paging_report *r)
{
    b = PAGE_ALIGN_DOWN(b);
    e = PAGE_ALIGN_UP(e);
    if (b >= e || e > FOUR_GIB)
        return true; /* nothing, or out of reach of non-PAE paging */
    uint64_t outside = bytes_outside_ram(b, e);
    if (outside == 0)
        return true;
    r->identity_bytes += outside;
    return paging_map_range((paddr_t)b, e, PTE_W);
}

static void unmap_counted(uint32_t va, struct paging_report *r)
{
    pte_t pte;
    if (paging_walk(va, &pte))
        r->identity_bytes -= PAGE_SIZE;
    unmap_page(va);
}

static bool build_page_tables(const struct mb2_info *mbi, const struct kernel_layout *k,
                              struct paging_report *r)
{
    r->identity_bytes = 0;
    if (!paging_init()) {
        kprintf("paging: error: no frame for the page directory\n");
        return false;
    }
    for (uint32_t i = 0; i < regions.nram; i++) {
        if (!paging_map_range((paddr_t)regions.ram[i].base, regions.ram[i].end, PTE_W))
            goto out_of_frames;
        r->identity_bytes += regions.ram[i].end - regions.ram[i].base;
    }
    if (!map_needed(k->image_start, k->image_end, r) ||
        !map_needed((uintptr_t)mbi, (uintptr_t)mbi + mbi->total_size, r) ||
        !map_needed(k->stack_bottom, k->stack_top, r))
        goto out_of_frames;
    for (const struct mb2_tag *t = mb2_first(mbi); t; t = mb2_next(mbi, t)) {
        const struct mb2_tag_module *mod = (const struct mb2_tag_module *)t;
        if (t->type == MB2_TAG_MODULE && t->size >= sizeof *mod &&
            mod->mod_end > mod->mod_start && !map_needed(mod->mod_start, mod->mod_end, r))
            goto out_of_frames;
    }
    /* Framebuffer: PTE_W only. With PCD and PWT clear the page selects PAT entry 0
     * (WB at reset), and a WB page type defers to the MTRRs (Intel SDM vol. 3,
     * "Selecting Memory Types for Pentium III and More Recent Processor Families":
     * PAT WB + MTRR WC = WC), so the firmware's write-combining range still applies.
     * PCD would make it UC and every pixel write slow. */
    if (fb_end && !map_needed(fb_base, fb_end, r))
        goto out_of_frames;

    /* Kernel code and constants read-only; with CR0.WP the kernel itself faults
     * on a write there. Rounded inward so no page holding .data becomes read-only. */
    uint64_t ro_lo = PAGE_ALIGN_UP((uint64_t)k->text_start);
    uint64_t ro_hi = PAGE_ALIGN_DOWN((uint64_t)k->rodata_end);
    if (ro_lo < ro_hi && !paging_map_range((paddr_t)ro_lo, ro_hi, 0))
        goto out_of_frames;

    /* Not present: a stack overflow and a null dereference both page-fault. */
    if (k->stack_guard)
        unmap_counted(k->stack_guard, r);
    unmap_counted(0, r);
    return true;

out_of_frames:
    kprintf("paging: error: out of frames for page tables\n");
    return false;
}

/* ---- stage 4: heap ---- */

static bool start_heap(const char *cmdline, paddr_t *base, uint32_t *size)
{
    char err[ERR_LEN];
    *size = heap_size_from_cmdline(cmdline ? cmdline : "", regions.usable_bytes, err, sizeof err);
    if (*size == 0) {
        kprintf("heap: error: %s\n", err);
        return false;
    }
    uint32_t pages = (uint32_t)(PAGE_ALIGN_UP((uint64_t)*size) >> PAGE_SHIFT);
    *base = frame_alloc_range(pages); /* free memory is inside `ram`: already mapped */
    if (*base == FRAME_NONE) {
        kprintf("heap: error: no %u contiguous free frames for heap size_kib=%u\n", pages,
                *size >> KIB_SHIFT);
        return false;
    }
    heap_init(phys_ptr(*base), *size);
    return true;
}

bool mm_init(const struct mb2_info *mbi, const struct kernel_layout *k, const char *cmdline)
{
    if (!mbi || !k) {
        kprintf("mm: error: no boot information or kernel layout\n");
        return false;
    }
    uint32_t stack_low = k->stack_guard ? k->stack_guard : k->stack_bottom;
    if (k->image_end <= k->image_start || k->rodata_end < k->text_start ||
        k->stack_top <= stack_low) {
        kprintf("mm: error: kernel layout image=0x%x-0x%x text=0x%x-0x%x stack=0x%x-0x%x "
                "is inverted\n",
                k->image_start, k->image_end, k->text_start, k->rodata_end, stack_low,
                k->stack_top);
        return false;
    }
    layout = *k;

    timeline_begin(TL_REGIONS);
    if (!build_regions(mbi))
        return false;
    find_framebuffer(mbi);
    reserve_live(mbi, k);
    timeline_end(TL_REGIONS);
    kprintf("mm: efi_entries=%u usable_kib=%llu reserved_kib=%llu dropped_above_4g_kib=%llu "
            "regions=%u\n",
            regions.efi_entries, (unsigned long long)kib(regions.usable_bytes),
            (unsigned long long)kib(regions.reserved_bytes),
            (unsigned long long)kib(regions.dropped_above_4g_bytes), regions.nfree);

    timeline_begin(TL_BITMAP);
    bool frames_ok = frames_init(&regions);
    timeline_end(TL_BITMAP);
    if (!frames_ok) {
        kprintf("frames: error: no free memory for the frame bitmap (regions=%u)\n",
                regions.nfree);
        return false;
    }
    struct frame_stats fs;
    frame_stats(&fs);
    kprintf("frames: total=%u free=%u used=%u bitmap_kib=%u\n", fs.total, fs.free, fs.used,
            (fs.bitmap_bytes + (1u << KIB_SHIFT) - 1) >> KIB_SHIFT);

    struct paging_report pr;
    timeline_begin(TL_PAGE_TABLES);
    bool tables_ok = build_page_tables(mbi, k, &pr);
    timeline_end(TL_PAGE_TABLES);
    if (!tables_ok)
        return false;
    timeline_begin(TL_PAGING_ON);
    paging_enable();
    timeline_end(TL_PAGING_ON);
    pte_t pte;
    bool null_mapped = paging_walk(0, &pte);
    const char *text = !paging_walk(k->text_start, &pte) ? "unmapped"
                       : (pte & PTE_W)                   ? "rw"
                                                         : "ro";
    uint32_t cr0 = read_cr0();
    kprintf("paging: %s identity_kib=%llu page_tables=%u null=%s text=%s wp=%u cr3=0x%x\n",
            (cr0 & CR0_PG) ? "on" : "off", (unsigned long long)kib(pr.identity_bytes),
            paging_table_count(), null_mapped ? "mapped" : "unmapped", text,
            (cr0 & CR0_WP) ? 1u : 0u, read_cr3());

    paddr_t heap_base;
    uint32_t heap_size;
    timeline_begin(TL_HEAP);
    bool heap_ok = start_heap(cmdline, &heap_base, &heap_size);
    timeline_end(TL_HEAP);
    if (!heap_ok)
        return false;
    kprintf("heap: base=0x%x size_kib=%u\n", heap_base, heap_size >> KIB_SHIFT);
    return true;
}

const struct memmap *mm_regions(void) { return &regions; }

const struct kernel_layout *mm_layout(void) { return &layout; }

bool mm_framebuffer(uint64_t *base, uint64_t *end)
{
    if (fb_end == 0)
        return false;
    *base = fb_base;
    *end = fb_end;
    return true;
}
