/* main.c - BOOTIA32/BOOTX64.EFI: the boot sequence from the firmware to the kernel's entry.
 *
 * Every failure before ExitBootServices prints one "loader: error: ..." line and
 * returns to the firmware (its boot manager goes on to the next option) with:
 *   the firmware's own status   a firmware call failed (file missing: EFI_NOT_FOUND)
 *   EFI_LOAD_ERROR              boot.cfg or the kernel image is malformed, or a
 *                               staged segment's target is not free in the final map
 *   EFI_UNSUPPORTED             the kernel requires what this loader cannot give
 *   EFI_SECURITY_VIOLATION      a file's SHA-256 is not the one boot.cfg pins, or
 *                               boot.cfg's not the one enrolled in the loader, or
 *                               Secure Boot lacks an enrolment or a pin (efi/secure.c)
 *   EFI_OUT_OF_RESOURCES        a relocatable kernel fits nowhere its tag allows
 *   EFI_BUFFER_TOO_SMALL        the boot information outgrew its buffer
 * Before returning it gives back every page it took (efi_pages.c), the screen mode
 * and the volume. After ExitBootServices nothing can fail: the handoff only copies
 * and jumps.
 * Outside test mode (no word "test" on the command line) the error is held on screen
 * for a key or ERROR_HOLD_SECONDS before the return.
 */
#include "efi/console.h"
#include "arch.h"
#include "core/config.h"
#include "core/menu.h"
#include "efi/entry_start.h"
#include "efi/file.h"
#include "efi/gop.h"
#include "efi/memmap.h"
#include "efi/menu_io.h"
#include "efi/pages.h"
#include "efi/remember.h"
#include "efi/secure.h"
#include "efi/tables.h"
#include "core/sha256.h"
#include "core/elf.h"
#include "core/elf_sections.h"
#include "core/image.h"
#include "efi/kernel_check.h"
#include "efi/kernel_load.h"
#include "core/mb1_info.h"
#include "core/mb2_header.h"
#include "core/mbi.h"
#include "core/protocol.h"
#include "core/mmap.h"
#include "efi/tsc.h"
#include "../shared/lib/cmdline.h"

#ifndef LOADER_VERSION
#define LOADER_VERSION "dev"
#endif
#define LOADER_NAME ARCH_LOADER " " LOADER_VERSION
#define CFG_FILE "\\boot.cfg"
#define MBI_FIXED_BYTES (64u * 1024) /* every tag but the maps, with room to spare */
#define STACK_BYTES (16u * 1024)     /* the handoff stack, ESP at kernel entry */
/* Staged sources, modules, ELF sections, the handoff buffers, our image, the copied
 * handoff code. */
#define MAX_LIVE (ELF_MAX_SEGMENTS + CFG_MAX_MODULES + 4)
/* modules, the ELF sections copy, and (Multiboot 1) the information structure */
#define MAX_RESERVED (CFG_MAX_MODULES + 2)
#define ERROR_HOLD_SECONDS 10

/* Until boot.cfg is known (it cannot be read, or an error comes first) there is no
 * hold: test mode cannot be ruled out. */
static bool hold_on_error;
/* The boot volume's root directory, closed again when the loader returns. */
static EFI_FILE_HANDLE volume;

/* What the ExitBootServices callback needs: it may not call the firmware. */
struct exit_ctx {
    enum boot_protocol proto; /* which of the two builders below is in use */
    struct mbi_builder fixed; /* the builder after the fixed tags: restarted per try */
    struct mbi_builder mbi;
    struct mb1_builder mb1_fixed; /* the same, for a Multiboot 1 kernel */
    struct mb1_builder mb1;
    struct mb2_mmap_entry *entries;
    uint32_t entries_cap;
    struct mmap_edge *edges; /* mmap_from_efi's sort scratch */
    uint32_t edges_cap;
    struct kernel_load *kl;
    struct range64 live[MAX_LIVE];
    uint32_t nlive;
    const char *kernel;
    struct range64 reserved[MAX_RESERVED]; /* page-rounded: reserved in tag 6 */
    uint32_t nreserved;
};

/* The parts of the boot information that come from the final map: tags 4, 6 and 17
 * (Multiboot2), or mem_lower/mem_upper and the map (Multiboot 1), each on a fresh
 * copy of the builder. False when it outgrew its buffer. */
static bool add_map_parts(struct exit_ctx *x, const struct efi_map *m, uint32_t n,
                          uint32_t lower, uint32_t upper)
{
    if (x->proto == PROTO_MULTIBOOT1) {
        x->mb1 = x->mb1_fixed;
        mb1i_meminfo(&x->mb1, lower, upper);
        mb1i_mmap(&x->mb1, x->entries, n);
        return mb1i_end(&x->mb1) != 0;
    }
    x->mbi = x->fixed;
    mbi_add_meminfo(&x->mbi, lower, upper);
    mbi_add_mmap(&x->mbi, x->entries, n);
    mbi_add_efi_mmap(&x->mbi, m->buf, (uint32_t)m->size, (uint32_t)m->desc_size,
                     m->desc_version);
    return mbi_end(&x->mbi) != 0;
}

/* Between GetMemoryMap and ExitBootServices: the boot information's map parts from
 * this map, and the staged segments checked against it. Pure computation unless it
 * fails. */
static EFI_STATUS on_final_map(const struct efi_map *m, void *ctx)
{
    struct exit_ctx *x = ctx;
    struct diag d;
    uint32_t n, lower, upper;
    if (!mmap_from_efi(m->buf, (uint32_t)m->size, (uint32_t)m->desc_size, x->entries,
                       x->entries_cap, &n, x->edges, x->edges_cap, &d))
        return con_error(EFI_LOAD_ERROR, "%s", d.msg);
    mmap_basic_meminfo(x->entries, n, &lower, &upper); /* the RAM, before modules are cut out */
    for (uint32_t i = 0; i < x->nreserved; i++)
        if (!mmap_carve(x->entries, &n, x->entries_cap, x->reserved[i].base, x->reserved[i].len,
                        MB2_MMAP_RESERVED))
            return con_error(EFI_BUFFER_TOO_SMALL, "memory map: no room to reserve range %u "
                             "(entries = %u)", i, x->entries_cap);
    if (!add_map_parts(x, m, n, lower, upper))
        return con_error(EFI_BUFFER_TOO_SMALL, "boot information: buffer bytes = %u",
                         x->mbi.cap);
    if (x->kl->njobs && !placement_check(m->buf, (uint32_t)m->size, (uint32_t)m->desc_size,
                                         x->kl->targets, x->kl->njobs, x->live, x->nlive,
                                         x->kernel, &d))
        return con_error(EFI_LOAD_ERROR, "%s", d.msg);
    return EFI_SUCCESS;
}

/* What boot.cfg decides for the loader itself. Test mode (the command line has the
 * word "test", as in the boot tests) returns to the firmware at once after an
 * error; otherwise the error stays on screen for a key or ERROR_HOLD_SECONDS. */
static void config_applied(const struct boot_config *cfg)
{
    hold_on_error = !cmdline_has_word(cfg->entries[cfg->default_entry].cmdline, "test");
    bool mirrored = con_configure(cfg->serial, cfg->verbose);
    con_progress(ARCH_LOADER " starting");
    if (mirrored)
        con_print("serial = on: also writing to COM1 (the firmware console has no serial port)");
}

/* boot.cfg over the defaults, in pages of its own (nine entries are too big for the
 * firmware's stack); a missing file means the defaults. `*digest` is set to
 * `digest_buf`, filled with the file's SHA-256, or to NULL when there is no file. */
static EFI_STATUS read_config(EFI_BOOT_SERVICES *bs, EFI_FILE_HANDLE root,
                              struct boot_config **out, uint8_t *digest_buf,
                              const uint8_t **digest)
{
    struct efi_blob f;
    struct diag d;
    EFI_PHYSICAL_ADDRESS at;
    EFI_STATUS st = pages_alloc(bs, AllocateAnyPages, EfiLoaderData,
                                EFI_SIZE_TO_PAGES(sizeof **out), &at);
    if (EFI_ERROR(st))
        return con_error(st, "boot.cfg: no memory for the configuration");
    struct boot_config *cfg = *out = (struct boot_config *)(UINTN)at;
    config_defaults(cfg);
    *digest = NULL;
    st = efi_file_read(bs, root, CFG_FILE, true, &f);
    if (st == EFI_NOT_FOUND) {
        config_applied(cfg);
        return EFI_SUCCESS;
    }
    if (EFI_ERROR(st))
        return st;
    sha256(f.data, f.size, digest_buf); /* for the enrolled digest (efi/secure.c) */
    *digest = digest_buf;
    bool parsed = config_parse((const char *)f.data, f.size, CFG_FILE, cfg, &d);
    pages_free(bs, (UINTN)f.data, f.pages); /* cfg holds copies of every value */
    config_applied(cfg); /* a bad file counts with the lines before the bad one */
    if (!parsed)
        return con_error(EFI_LOAD_ERROR, "%s", d.msg);
    return EFI_SUCCESS;
}

/* One allocation holds every buffer the handoff needs, so it is one live range:
 *   [ boot information | tag 6 entries | sort scratch | copy jobs | handoff stack -> ]
 * The copy jobs live here, not on the firmware's stack, because the handoff
 * (handoff_ia32/x64.asm) reads them while overwriting memory the firmware has given up. */
static EFI_STATUS alloc_handoff(EFI_BOOT_SERVICES *bs, const struct efi_map *map,
                                const struct kernel_load *kl, struct exit_ctx *x,
                                uint8_t **stack_top)
{
    UINTN mbi_cap = MBI_FIXED_BYTES + 2 * map->cap;
    /* + 2 per reserved range: reserving one splits at most one entry in three */
    x->entries_cap = 2 * (uint32_t)(map->cap / map->desc_size) + 2 + 2 * MAX_RESERVED;
    UINTN entries_bytes = x->entries_cap * sizeof(struct mb2_mmap_entry);
    x->edges_cap = MMAP_SCRATCH_EDGES((uint32_t)(map->cap / map->desc_size));
    UINTN edges_bytes = x->edges_cap * sizeof(struct mmap_edge);
    UINTN pages = EFI_SIZE_TO_PAGES(mbi_cap + entries_bytes + edges_bytes + sizeof *kl +
                                    STACK_BYTES);
    EFI_PHYSICAL_ADDRESS a = 0;
    bool high;
    EFI_STATUS st = alloc_low_first(bs, EfiLoaderData, pages, &a, &high);
    if (EFI_ERROR(st))
        return con_error(st, "no memory for the boot information and stack: pages = %u",
                         (unsigned)pages);
    if (high)
        con_print("note: boot information at 0x%llx: no free %u pages below 4 MiB (a kernel "
                  "that maps only its first 4 MiB cannot read it)", (unsigned long long)a,
                  (unsigned)pages);
    uint8_t *p = (uint8_t *)(UINTN)a;
    mbi_begin(&x->fixed, p, (uint32_t)mbi_cap);
    if (x->proto == PROTO_MULTIBOOT1) {
        /* Multiboot 1 has no way to say where its structure is: the map reserves it. */
        mb1i_begin(&x->mb1_fixed, p, (uint32_t)a, (uint32_t)mbi_cap);
        x->reserved[x->nreserved++] =
            (struct range64){ a, (UINT64)EFI_SIZE_TO_PAGES(mbi_cap) << EFI_PAGE_SHIFT };
    }
    x->entries = (struct mb2_mmap_entry *)(p + mbi_cap);
    x->edges = (struct mmap_edge *)(p + mbi_cap + entries_bytes);
    x->kl = (struct kernel_load *)(p + mbi_cap + entries_bytes + edges_bytes);
    bs->CopyMem(x->kl, (void *)kl, sizeof *kl);
    *stack_top = p + (pages << EFI_PAGE_SHIFT);
    for (uint32_t i = 0; i < kl->njobs; i++)
        x->live[x->nlive++] = kl->sources[i];
    x->live[x->nlive++] = (struct range64){ a, pages << EFI_PAGE_SHIFT };
    return EFI_SUCCESS;
}

/* Modules: each file whole in its own pages (hash checked), which stay live until
 * entry. Read after the kernel has claimed its target pages, so none lands there;
 * each goes right after the kernel (or the module before it) when that is free, as
 * GRUB places them, else as low as it fits. */
static EFI_STATUS read_modules(EFI_BOOT_SERVICES *bs, EFI_FILE_HANDLE root,
                               const struct cfg_entry *cfg, uint32_t kernel_end,
                               struct efi_blob *files)
{
    EFI_PHYSICAL_ADDRESS next = ((UINT64)kernel_end + EFI_PAGE_SIZE - 1) & ~(UINT64)EFI_PAGE_MASK;
    for (uint32_t i = 0; i < cfg->nmodules; i++) {
        const struct cfg_module *m = &cfg->modules[i];
        const uint8_t *pin = m->has_sha256 ? m->sha256 : NULL;
        EFI_STATUS st = efi_file_read_pinned(bs, root, m->path, pin, CFG_FILE, next, &files[i]);
        if (EFI_ERROR(st))
            return st;
        next = (UINTN)files[i].data + ((UINT64)files[i].pages << EFI_PAGE_SHIFT);
    }
    return EFI_SUCCESS;
}

/* Tag 9: the section header table, and the sections no segment loads (symbols,
 * strings), copied as low as they fit into pages reserved in tag 6. */
static EFI_STATUS add_elf_sections(EFI_BOOT_SERVICES *bs, const struct efi_blob *k,
                                   const char *name, struct exit_ctx *x)
{
    struct elf_sections es;
    struct diag d;
    EFI_PHYSICAL_ADDRESS a;
    if (!elf_sections_plan(k->data, k->size, name, &es, &d))
        return con_error(EFI_LOAD_ERROR, "%s", d.msg);
    if (es.num == 0)
        return EFI_SUCCESS;
    UINTN pages = EFI_SIZE_TO_PAGES(es.bytes);
    EFI_STATUS st = alloc_low_first(bs, EfiLoaderData, pages, &a, NULL);
    if (EFI_ERROR(st))
        return con_error(st, "%s: no memory for the ELF sections: bytes = %u", name, es.bytes);
    elf_sections_copy(k->data, &es, (uint8_t *)(UINTN)a, (uint32_t)a);
    if (x->proto == PROTO_MULTIBOOT1)
        mb1i_elf_sections(&x->mb1_fixed, es.num, es.entsize, es.shndx, (uint32_t)a);
    else if (!mbi_add_elf_sections(&x->fixed, es.num, es.entsize, es.shndx, (void *)(UINTN)a))
        return con_error(EFI_BUFFER_TOO_SMALL, "boot information: ELF sections = %u", es.num);
    x->live[x->nlive++] = (struct range64){ a, es.bytes };
    x->reserved[x->nreserved++] = (struct range64){ a, (UINT64)pages << EFI_PAGE_SHIFT };
    return EFI_SUCCESS;
}

/* The staged segments against the map as it is now, before the last line that says
 * boot services are exiting: a refusal here comes with the firmware fully up. The
 * final map is checked again in on_final_map. */
static EFI_STATUS check_placement_early(EFI_BOOT_SERVICES *bs, struct efi_map *map,
                                        struct exit_ctx *x)
{
    struct diag d;
    if (!x->kl->njobs)
        return EFI_SUCCESS;
    EFI_STATUS st = efi_map_refresh(bs, map);
    if (EFI_ERROR(st))
        return st;
    if (!placement_check(map->buf, (uint32_t)map->size, (uint32_t)map->desc_size,
                         x->kl->targets, x->kl->njobs, x->live, x->nlive, x->kernel, &d))
        return con_error(EFI_LOAD_ERROR, "%s", d.msg);
    return EFI_SUCCESS;
}

/* Tag 3 (or a Multiboot 1 module entry) per module; its pages become live ranges and
 * are reserved in the memory map. Each starts a page: aligned whether asked or not. */
static EFI_STATUS add_modules(const struct cfg_entry *cfg, const struct efi_blob *files,
                              struct exit_ctx *x)
{
    bool mb1 = x->proto == PROTO_MULTIBOOT1;
    if (mb1 && !mb1i_mods(&x->mb1_fixed, cfg->nmodules))
        return con_error(EFI_BUFFER_TOO_SMALL, "boot information: modules = %u", cfg->nmodules);
    for (uint32_t i = 0; i < cfg->nmodules; i++) {
        const struct efi_blob *f = &files[i];
        uint32_t start = (uint32_t)(UINTN)f->data, end = start + f->size;
        if (mb1 ? !mb1i_add_module(&x->mb1_fixed, start, end, cfg->modules[i].string)
                : !mbi_add_module(&x->fixed, start, end, cfg->modules[i].string))
            return con_error(EFI_BUFFER_TOO_SMALL, "boot information: module = %s",
                             cfg->modules[i].path);
        x->live[x->nlive++] = (struct range64){ (UINTN)f->data, f->size };
        x->reserved[x->nreserved++] = (struct range64){
            (UINTN)f->data, (uint64_t)EFI_SIZE_TO_PAGES(f->size) << EFI_PAGE_SHIFT };
    }
    return EFI_SUCCESS;
}

/* Tags that do not depend on the final memory map. */
static void add_fixed_tags(struct exit_ctx *x, EFI_SYSTEM_TABLE *st,
                           const struct cfg_entry *cfg, const struct mb2_tag_framebuffer *fb,
                           const struct acpi_rsdps *rsdp, uint32_t load_base)
{
    if (x->proto == PROTO_MULTIBOOT1) { /* no EFI, ACPI or load-base fields in it */
        mb1i_cmdline(&x->mb1_fixed, cfg->cmdline);
        mb1i_loader_name(&x->mb1_fixed, LOADER_NAME);
        if (fb)
            mb1i_framebuffer(&x->mb1_fixed, fb);
        return;
    }
    mbi_add_string(&x->fixed, MB2_TAG_CMDLINE, cfg->cmdline);
    mbi_add_string(&x->fixed, MB2_TAG_BOOT_LOADER_NAME, LOADER_NAME);
    if (fb)
        mbi_add_framebuffer(&x->fixed, fb);
    arch_add_efi_systab(&x->fixed, st); /* tag 11 on ia32, 12 on x64 */
    if (rsdp->v1)
        mbi_add_acpi(&x->fixed, MB2_TAG_ACPI_OLD, rsdp->v1, MB2_ACPI_RSDP_V1_SIZE);
    if (rsdp->v2)
        mbi_add_acpi(&x->fixed, MB2_TAG_ACPI_NEW, rsdp->v2, MB2_ACPI_RSDP_V2_SIZE);
    mbi_add_load_base(&x->fixed, load_base);
}

/* Boots the kernel entry `cfg`. Returns only when something failed, with the error
 * printed. */
static EFI_STATUS boot_kernel(EFI_HANDLE image, EFI_SYSTEM_TABLE *st, EFI_LOADED_IMAGE *li,
                              const struct cfg_entry *cfg, uint64_t efi_main_tsc)
{
    EFI_BOOT_SERVICES *bs = st->BootServices;
    struct efi_blob kfile, modules[CFG_MAX_MODULES];
    struct efi_map map;
    struct elf_image img;
    struct proto_choice pc;
    struct mb2h_info *hdr = &pc.mb2; /* zeroed for a Multiboot 1 kernel: no tags */
    struct mb2_tag_framebuffer fb;
    struct acpi_rsdps rsdp;
    struct kernel_load kl;
    struct exit_ctx x = { .nlive = 0 };
    uint8_t *stack_top = NULL;
    handoff_fn handoff = NULL;
    EFI_STATUS s;

    if (EFI_ERROR((s = efi_file_read_pinned(bs, volume, cfg->kernel,
                                            cfg->has_kernel_sha256 ? cfg->kernel_sha256 : NULL,
                                            CFG_FILE, 0, &kfile))))
        return s;
    uint64_t file_read_tsc = tsc_now();
    bool have_fb = efi_gop_framebuffer(bs, 0, 0, &fb); /* the current mode, unchanged */
    efi_find_rsdp(st, &rsdp);
    uint64_t can_give = mb2h_can_give(have_fb, rsdp.v1, rsdp.v2, ARCH_EFI_SYSTAB_TAG ==
                                                                     MB2_TAG_EFI64);
    if (EFI_ERROR((s = kernel_check(&kfile, cfg->kernel, cfg->protocol, &img, &pc, can_give))) ||
        EFI_ERROR((s = kernel_load_image(bs, &kfile, &img, hdr, cfg->kernel, &kl))) ||
        EFI_ERROR((s = read_modules(bs, volume, cfg, img.highest, modules))))
        return s;
    x.proto = pc.which;
    bool mb1 = pc.which == PROTO_MULTIBOOT1;
    /* The kernel's wish for a mode: Multiboot2's framebuffer tag, Multiboot 1's video
     * fields (EGA text gets the framebuffer in the current mode). */
    bool wants_fb = mb1 ? pc.mb1.has_video && pc.mb1.mode_type == MB1_VIDEO_LINEAR
                        : hdr->has_fb;
    uint32_t want_w = mb1 ? pc.mb1.width : hdr->fb_width;
    uint32_t want_h = mb1 ? pc.mb1.height : hdr->fb_height;
    /* Every file is read and checked: only now may the screen change. */
    if (have_fb && cfg->res_width)
        have_fb = efi_gop_framebuffer(bs, cfg->res_width, cfg->res_height, &fb);
    else if (have_fb && wants_fb && want_w && want_h)
        have_fb = efi_gop_framebuffer(bs, want_w, want_h, &fb); /* kernel's wish */
    if (EFI_ERROR((s = efi_map_alloc(bs, &map))) ||
        EFI_ERROR((s = alloc_handoff(bs, &map, &kl, &x, &stack_top))) ||
        EFI_ERROR((s = handoff_place(bs, &handoff, x.live, &x.nlive))))
        return s;
    uint32_t entry = hdr->has_entry ? hdr->entry : img.entry;
    con_progress("kernel %s %u bytes, entry 0x%x, segments %u", cfg->kernel, kfile.size, entry,
              img.nsegs);
    x.kernel = cfg->kernel;
    x.live[x.nlive++] = efi_image_range(li);
    add_fixed_tags(&x, st, cfg, have_fb ? &fb : NULL, &rsdp, img.lowest);
    /* Our timeline tag (docs/bootinfo.md), only for a kernel that asks for it: strict
     * kernels stop on a tag type they do not know. Among the fixed tags, so every retry
     * of ExitBootServices keeps it in place and the last stamps land in the final block. */
    struct mb2_tag_boot_timeline *tl =
        hdr->wants_timeline ? mbi_add_tag(&x.fixed, MB2_TAG_BOOT_TIMELINE, sizeof *tl) : NULL;
    if (tl) {
        tl->efi_main_tsc = efi_main_tsc;
        tl->file_read_tsc = file_read_tsc;
    }
    if (EFI_ERROR((s = add_modules(cfg, modules, &x))) ||
        (!(hdr->has_address || pc.mb1.has_address) &&
         EFI_ERROR((s = add_elf_sections(bs, &kfile, cfg->kernel, &x)))) ||
        EFI_ERROR((s = check_placement_early(bs, &map, &x))))
        return s;
    con_progress("boot info at 0x%x, modules %u, staged segments %u, framebuffer %s; exiting boot "
              "services", (unsigned)(UINTN)x.fixed.buf, cfg->nmodules, kl.njobs,
              have_fb ? "yes" : "no");
    if (tl)
        tl->exit_bs_tsc = tsc_now();
    if (EFI_ERROR((s = efi_exit_boot_services(image, bs, &map, on_final_map, &x))))
        return s;
    /* Boot services are gone: no firmware call, no ConOut from here on. */
    if (tl)
        tl->jump_tsc = tsc_now();
    handoff(entry, (uint32_t)(UINTN)x.fixed.buf, (uint32_t)(UINTN)stack_top, x.kl->jobs,
            x.kl->njobs, mb1 ? MB1_BOOTLOADER_MAGIC : MB2_BOOTLOADER_MAGIC);
}

/* One entry of the menu; returns only when it failed or (an EFI application) ended. */
static EFI_STATUS start_entry(EFI_HANDLE image, EFI_SYSTEM_TABLE *st, EFI_LOADED_IMAGE *li,
                              const struct cfg_entry *e, uint64_t efi_main_tsc)
{
    if (e->kind == CFG_KERNEL)
        return boot_kernel(image, st, li, e, efi_main_tsc);
    if (e->kind == CFG_EFI)
        return efi_chainload(image, st, li, e);
    return efi_entry_action(st, e);
}

/* The boot manager: the menu picks an entry (timeout 0: the default, at once, and a
 * refusal ends the loader as it always has); a refused entry shows its error line,
 * every page of the attempt goes back and the menu returns. */
static EFI_STATUS boot_menu(EFI_HANDLE image, EFI_SYSTEM_TABLE *st, EFI_LOADED_IMAGE *li,
                            const struct boot_config *all, uint64_t efi_main_tsc)
{
    struct menu m;
    struct cfg_entry e;
    bool at_once = menu_boots_at_once(all);
    menu_start(&m, all, !menu_editor_locked);
    for (;;) {
        enum menu_action a = at_once ? MENU_BOOT : menu_run(st, &m);
        if (a == MENU_EXIT)
            return EFI_ABORTED;
        e = all->entries[m.sel];
        if (a == MENU_BOOT_EDITED) /* once: the menu keeps boot.cfg's line */
            diag_memcpy(e.cmdline, m.edit_buf, sizeof e.cmdline);
        if (all->remember)
            remember_save(st, e.title);
        uint32_t mark = pages_held();
        EFI_STATUS s = start_entry(image, st, li, &e, efi_main_tsc);
        if (at_once)
            return s;
        efi_gop_restore();
        UINTN freed = pages_release_from(st->BootServices, mark);
        con_print("entry %u. %s ended: %u pages given back, %u ranges held as before", m.sel + 1,
                  e.title, (unsigned)freed, pages_held());
    }
}

/* The boot sequence. Returns only when nothing was booted, with the error printed. */
static EFI_STATUS boot(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
    EFI_BOOT_SERVICES *bs = st->BootServices;
    struct boot_config *all = NULL;
    uint8_t cfg_digest_buf[SHA256_DIGEST_SIZE];
    const uint8_t *cfg_digest;
    EFI_LOADED_IMAGE *li;
    EFI_STATUS s;
    uint64_t efi_main_tsc = tsc_now(); /* boot timeline: before anything of ours runs */

    con_init(st);
    bs->SetWatchdogTimer(0, 0, 0, NULL); /* a slow boot must not reset the machine */
    if (EFI_ERROR((s = efi_loaded_image(image, bs, &li))) ||
        EFI_ERROR((s = efi_volume_open(bs, li, &volume))) ||
        EFI_ERROR((s = read_config(bs, volume, &all, cfg_digest_buf, &cfg_digest))) ||
        EFI_ERROR((s = secure_check(st->RuntimeServices, all, cfg_digest, CFG_FILE))))
        return s;
    if (all->remember)
        remember_load(st, all);
    efi_entry_availability(st->RuntimeServices, all);
    return boot_menu(image, st, li, all, efi_main_tsc);
}

/* Not EFIAPI: gnu-efi's crt0 takes the firmware's call and calls this as a plain C
 * function (on x64 EFIAPI would mean ms_abi, the wrong convention here). */
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
    EFI_STATUS s = boot(image, st);
    /* Back to the firmware as we found it: the screen mode, the volume, every page. */
    if (!con_firmware_is_gone()) {
        if (hold_on_error)
            con_hold(ERROR_HOLD_SECONDS);
        efi_gop_restore();
        if (volume)
            volume->Close(volume);
    }
    UINTN freed = pages_release_all(st->BootServices);
    con_print("returning to the firmware: %u pages given back", (unsigned)freed);
    return s;
}
