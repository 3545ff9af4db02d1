/* mm_init.c - memory bring-up in order: regions, frames, page tables and paging on, heap. */
#include "mm.h"

#include "../arch/cpu.h"
#include "../boot/timeline.h"
#include "../lib/kprintf.h"
#include "frames.h"
#include "heap.h"
#include "kmap.h"
#include "memmap.h"
#include "paging.h"
#include "physmem.h"

#define KIB_SHIFT 10u
#define ERR_LEN 160u

/* Everything here outlives mm_init: the self-tests read it afterwards. */
static struct memmap regions;
static struct kernel_layout layout;
static struct kmap kmap;

static uint64_t kib(uint64_t bytes) { return bytes >> KIB_SHIFT; }

/* ---- stage 1: regions ---- */

/* From the map the boot view chose (tag 17, else tag 6). */
static bool build_regions(const struct boot_mmap *map)
{
    char err[ERR_LEN];
    switch (map->source) {
    case BOOT_MMAP_EFI:
        if (memmap_from_efi(&regions, map->bytes, map->size, map->stride, err, sizeof err))
            return true;
        kprintf("mm: error: boot info tag 17: %s\n", err);
        return false;
    case BOOT_MMAP_MB2:
        if (memmap_from_mb2(&regions, map->bytes, map->size, map->stride, err, sizeof err))
            return true;
        kprintf("mm: error: boot info tag 6: %s\n", err);
        return false;
    default:
        kprintf("mm: error: boot info has no memory map (neither tag 17 nor tag 6)\n");
        return false;
    }
}

/* Carves out of `free` what is live before the allocator exists: every range of the
 * table beyond plain RAM (frame 0, kernel, boot information, modules, stack and its
 * guard, framebuffer). Loader data counted as free in the map holds several of them. */
static void reserve_live(void)
{
    for (uint32_t i = 0; i < kmap.n; i++)
        memmap_reserve(&regions, kmap.r[i].base, kmap.r[i].end - kmap.r[i].base);
}

/* ---- stage 3: page tables ---- */

static bool build_page_tables(uint64_t *identity_bytes)
{
    if (!paging_init()) {
        kprintf("paging: error: no frame for the page directory\n");
        return false;
    }
    if (!kmap_install(&kmap, identity_bytes)) {
        kprintf("paging: error: out of frames for page tables\n");
        return false;
    }
    return true;
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

bool mm_init(const struct boot_view *v, const struct kernel_layout *k)
{
    if (!v || !k) {
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
    if (!build_regions(&v->mmap))
        return false;
    kmap_build(&kmap, &regions, k, v);
    reserve_live();
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

    uint64_t identity_bytes = 0;
    timeline_begin(TL_PAGE_TABLES);
    bool tables_ok = build_page_tables(&identity_bytes);
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
            (cr0 & CR0_PG) ? "on" : "off", (unsigned long long)kib(identity_bytes),
            paging_table_count(), null_mapped ? "mapped" : "unmapped", text,
            (cr0 & CR0_WP) ? 1u : 0u, read_cr3());

    paddr_t heap_base;
    uint32_t heap_size;
    timeline_begin(TL_HEAP);
    bool heap_ok = start_heap(v->cmdline, &heap_base, &heap_size);
    timeline_end(TL_HEAP);
    if (!heap_ok)
        return false;
    kprintf("heap: base=0x%x size_kib=%u\n", heap_base, heap_size >> KIB_SHIFT);
    return true;
}

const struct memmap *mm_regions(void) { return &regions; }

const struct kernel_layout *mm_layout(void) { return &layout; }

const struct kmap *mm_kmap(void) { return &kmap; }
