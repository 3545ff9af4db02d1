/* bootinfo.c - validates the Multiboot2 boot information and copies what the kernel uses
 * into the view (kernel/boot/bootinfo.h): the kernel's only reader of the block. */
#include "bootinfo.h"

#include "../lib/kprintf.h"

#define MIN_MMAP_ENTRY_SIZE ((uint32_t)sizeof(struct mb2_mmap_entry))
#define MIN_EFI_DESC_SIZE ((uint32_t)sizeof(struct efi_mem_desc))
#define FB_TAG_COMMON_SIZE 32u /* up to and including `reserved` */
#define RSDP_SIGNATURE "RSD PTR "

/* The tags found during the walk; the view is made from them once the walk ends. */
struct found {
    struct boot_view *v;
    const struct mb2_tag_mmap *mmap;         /* first tag 6 */
    const struct mb2_tag_efi_mmap *efi_mmap; /* first tag 17 */
    const struct mb2_tag_framebuffer *fb;    /* first tag 8 */
    const struct mb2_tag_boot_timeline *timeline;
};

/* True when a NUL lies within the n bytes at s. */
static bool nul_within(const char *s, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (s[i] == '\0')
            return true;
    return false;
}

static bool too_small(const struct mb2_tag *t, uint32_t off, uint32_t need, const char *what,
                      char *err, uint32_t errlen)
{
    if (t->size >= need)
        return false;
    ksnprintf(err, errlen,
              "bootinfo: error: tag type=%u (%s) at offset 0x%x: size=%u, need at least %u",
              t->type, what, off, t->size, need);
    return true;
}

static bool check_string(const struct mb2_tag *t, uint32_t off, const char *what, char *err,
                         uint32_t errlen)
{
    if (too_small(t, off, sizeof(struct mb2_tag) + 1, what, err, errlen))
        return false;
    if (!nul_within(((const struct mb2_tag_string *)t)->string, t->size - sizeof(struct mb2_tag))) {
        ksnprintf(err, errlen,
                  "bootinfo: error: tag type=%u (%s) at offset 0x%x: string not NUL-terminated "
                  "within size=%u",
                  t->type, what, off, t->size);
        return false;
    }
    return true;
}

/* Entry size must cover the structure we read and keep entries 8-byte aligned. */
static bool check_step(const struct mb2_tag *t, uint32_t off, const char *what, const char *field,
                       uint32_t step, uint32_t min, char *err, uint32_t errlen)
{
    if (step >= min && step % 8 == 0)
        return true;
    ksnprintf(err, errlen,
              "bootinfo: error: tag type=%u (%s) at offset 0x%x: %s=%u, need a multiple of 8 "
              ">= %u",
              t->type, what, off, field, step, min);
    return false;
}

/* The walk stopped at `off`: it must hold an 8-byte end tag inside the block. */
static bool check_end(const struct mb2_info *mbi, uint32_t off, char *err, uint32_t errlen)
{
    uint32_t total = mbi->total_size;
    if (off > total || total - off < sizeof(struct mb2_tag)) {
        ksnprintf(err, errlen, "bootinfo: error: no end tag within total_size=%u (tags run to "
                  "offset 0x%x)", total, off);
        return false;
    }
    const struct mb2_tag *t = (const struct mb2_tag *)((const uint8_t *)mbi + off);
    if (t->type != MB2_TAG_END) {
        ksnprintf(err, errlen, "bootinfo: error: tag type=%u at offset 0x%x: size=%u, outside "
                  "[8, %u]", t->type, off, t->size, total - off);
        return false;
    }
    if (t->size != sizeof(struct mb2_tag)) {
        ksnprintf(err, errlen, "bootinfo: error: end tag at offset 0x%x: size=%u, expected 8",
                  off, t->size);
        return false;
    }
    return true;
}

static bool take_tag(const struct mb2_tag *t, uint32_t off, struct found *f, char *err,
                     uint32_t errlen)
{
    struct boot_view *bi = f->v;
    switch (t->type) {
    case MB2_TAG_CMDLINE:
        if (!check_string(t, off, "command line", err, errlen))
            return false;
        bi->cmdline = ((const struct mb2_tag_string *)t)->string;
        return true;
    case MB2_TAG_BOOT_LOADER_NAME:
        if (!check_string(t, off, "boot loader name", err, errlen))
            return false;
        bi->loader_name = ((const struct mb2_tag_string *)t)->string;
        return true;
    case MB2_TAG_MODULE: {
        if (too_small(t, off, sizeof(struct mb2_tag_module) + 1, "module", err, errlen))
            return false;
        const struct mb2_tag_module *m = (const struct mb2_tag_module *)t;
        if (!nul_within(m->string, t->size - sizeof(struct mb2_tag_module))) {
            ksnprintf(err, errlen,
                      "bootinfo: error: tag type=3 (module) at offset 0x%x: string not "
                      "NUL-terminated within size=%u",
                      off, t->size);
            return false;
        }
        if (m->mod_end < m->mod_start) {
            ksnprintf(err, errlen,
                      "bootinfo: error: tag type=3 (module) at offset 0x%x: mod_end=0x%x below "
                      "mod_start=0x%x",
                      off, m->mod_end, m->mod_start);
            return false;
        }
        if (bi->nmodules == BOOTINFO_MAX_MODULES) {
            ksnprintf(err, errlen, "bootinfo: error: tag type=3 (module) at offset 0x%x: more "
                      "than %u modules", off, BOOTINFO_MAX_MODULES);
            return false;
        }
        bi->modules[bi->nmodules++] =
            (struct boot_module){.start = m->mod_start, .end = m->mod_end, .string = m->string};
        return true;
    }
    case MB2_TAG_MMAP: {
        if (too_small(t, off, sizeof(struct mb2_tag_mmap), "memory map", err, errlen))
            return false;
        const struct mb2_tag_mmap *m = (const struct mb2_tag_mmap *)t;
        if (!check_step(t, off, "memory map", "entry_size", m->entry_size, MIN_MMAP_ENTRY_SIZE,
                        err, errlen))
            return false;
        if (!f->mmap)
            f->mmap = m;
        return true;
    }
    case MB2_TAG_EFI_MMAP: {
        if (too_small(t, off, sizeof(struct mb2_tag_efi_mmap), "EFI memory map", err, errlen))
            return false;
        const struct mb2_tag_efi_mmap *m = (const struct mb2_tag_efi_mmap *)t;
        if (!check_step(t, off, "EFI memory map", "descr_size", m->descr_size, MIN_EFI_DESC_SIZE,
                        err, errlen))
            return false;
        if (!f->efi_mmap)
            f->efi_mmap = m;
        return true;
    }
    case MB2_TAG_FRAMEBUFFER: {
        if (too_small(t, off, FB_TAG_COMMON_SIZE, "framebuffer", err, errlen))
            return false;
        const struct mb2_tag_framebuffer *fb = (const struct mb2_tag_framebuffer *)t;
        if (fb->framebuffer_type == MB2_FB_TYPE_RGB &&
            too_small(t, off, MB2_TAG_FRAMEBUFFER_RGB_SIZE, "RGB framebuffer", err, errlen))
            return false;
        if (!f->fb)
            f->fb = fb;
        return true;
    }
    case MB2_TAG_ACPI_OLD:
    case MB2_TAG_ACPI_NEW: {
        bool v2 = t->type == MB2_TAG_ACPI_NEW;
        uint32_t need = sizeof(struct mb2_tag_acpi) + (v2 ? MB2_ACPI_RSDP_V2_SIZE : MB2_ACPI_RSDP_V1_SIZE);
        if (too_small(t, off, need, v2 ? "ACPI 2.0 RSDP" : "ACPI 1.0 RSDP", err, errlen))
            return false;
        const uint8_t *rsdp = ((const struct mb2_tag_acpi *)t)->rsdp;
        for (int i = 0; i < 8; i++) {
            if (rsdp[i] != (uint8_t)RSDP_SIGNATURE[i]) {
                ksnprintf(err, errlen, "bootinfo: error: tag type=%u (ACPI RSDP) at offset "
                          "0x%x: signature is not \"RSD PTR \"", t->type, off);
                return false;
            }
        }
        /* Prefer the 2.0 RSDP (it has the XSDT) whatever order the tags come in. */
        if (v2 || bi->rsdp_version < 2) {
            bi->rsdp = rsdp;
            bi->rsdp_version = v2 ? 2 : 1;
        }
        return true;
    }
    case MB2_TAG_BOOT_TIMELINE:
        /* Ours, and only a report: a short one is ignored, not refused. */
        if (!f->timeline && t->size >= sizeof(struct mb2_tag_boot_timeline))
            f->timeline = (const struct mb2_tag_boot_timeline *)t;
        return true;
    default:
        return true; /* tags we do not use are skipped, having been bounds-checked */
    }
}

/* The view's values from the tags the walk found. The memory map: tag 17 when the
 * loader passed it, else tag 6 (e.g. from a GRUB that did not). */
static void make_view(const struct found *f)
{
    struct boot_view *v = f->v;
    if (f->efi_mmap) {
        const struct mb2_tag_efi_mmap *m = f->efi_mmap;
        uint32_t bytes = m->size - (uint32_t)sizeof(*m);
        v->efi_desc_size = m->descr_size;
        v->efi_mmap_entries = bytes / m->descr_size;
        v->mmap = (struct boot_mmap){BOOT_MMAP_EFI, m->efi_mmap, bytes, m->descr_size};
    }
    if (f->mmap) {
        const struct mb2_tag_mmap *m = f->mmap;
        uint32_t bytes = m->size - (uint32_t)sizeof(*m);
        v->mmap_entries = bytes / m->entry_size;
        if (!f->efi_mmap)
            v->mmap = (struct boot_mmap){BOOT_MMAP_MB2, (const uint8_t *)m->entries, bytes,
                                         m->entry_size};
    }
    boot_fb_decide(f->fb, &v->fb);
    if (f->timeline) {
        const struct mb2_tag_boot_timeline *l = f->timeline;
        v->timeline = (struct boot_timeline){true, l->efi_main_tsc, l->file_read_tsc,
                                             l->exit_bs_tsc, l->jump_tsc};
    }
}

bool bootinfo_parse(const struct mb2_info *mbi, struct boot_view *bi, char *err, uint32_t errlen)
{
    *bi = (struct boot_view){.cmdline = "", .loader_name = ""};
    bi->fb.why[0] = '\0';
    if (errlen)
        err[0] = '\0';
    uint32_t total = mbi->total_size;
    bi->info_addr = (uint64_t)(uintptr_t)mbi;
    bi->total_size = total;
    struct found f = {.v = bi};
    if (total < BOOTINFO_MIN_SIZE || total >= BOOTINFO_MAX_SIZE) {
        ksnprintf(err, errlen,
                  "bootinfo: error: total_size=%u at 0x%x, need at least %u and below %u",
                  total, (uint32_t)(uintptr_t)mbi, BOOTINFO_MIN_SIZE, BOOTINFO_MAX_SIZE);
        return false;
    }

    /* shared/bootinfo.h's iterator stops at the end tag and equally at the first tag
     * that does not fit; telling the two apart is done afterwards, by looking at
     * what lies where the walk stopped. */
    uint32_t off = sizeof(struct mb2_info);
    for (const struct mb2_tag *t = mb2_first(mbi); t; t = mb2_next(mbi, t)) {
        off = (uint32_t)((const uint8_t *)t - (const uint8_t *)mbi);
        if (!take_tag(t, off, &f, err, errlen))
            return false;
        off += (t->size + MB2_TAG_ALIGN - 1) & ~(MB2_TAG_ALIGN - 1);
    }
    if (!check_end(mbi, off, err, errlen))
        return false;
    make_view(&f);
    return true;
}
