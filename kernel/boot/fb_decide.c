/* fb_decide.c - the one decision whether the framebuffer of tag 8 is usable: fb.c
 * draws on exactly it, mm_init reserves and maps exactly it, the self-test checks it. */
#include "bootinfo.h"

#include "../lib/kprintf.h"
#include "../mm/physmem.h"

#define FOUR_GIB (1ull << 32)

static const char *type_name(uint32_t type)
{
    switch (type) {
    case MB2_FB_TYPE_INDEXED: return "indexed colour";
    case MB2_FB_TYPE_EGA_TEXT: return "EGA text";
    default: return "unknown";
    }
}

/* The pixel layout from the tag; the tag's own size was checked by bootinfo_parse
 * (the colour fields are read only for an RGB tag, which is long enough). */
static struct fb_format format_from_tag(const struct mb2_tag_framebuffer *t)
{
    struct fb_format f = {
        .width = t->framebuffer_width,
        .height = t->framebuffer_height,
        .pitch = t->framebuffer_pitch,
        .bpp = t->framebuffer_bpp,
    };
    if (t->framebuffer_type == MB2_FB_TYPE_RGB) {
        f.red_pos = t->red_field_position;
        f.red_size = t->red_mask_size;
        f.green_pos = t->green_field_position;
        f.green_size = t->green_mask_size;
        f.blue_pos = t->blue_field_position;
        f.blue_size = t->blue_mask_size;
    }
    return f;
}

void boot_fb_decide(const struct mb2_tag_framebuffer *t, struct boot_fb *fb)
{
    *fb = (struct boot_fb){0};
    if (!t) {
        ksnprintf(fb->why, sizeof fb->why, "no framebuffer tag 8: no GOP, or a BLT-only GOP");
        return;
    }
    fb->present = true;
    fb->addr = t->framebuffer_addr;
    fb->type = t->framebuffer_type;
    fb->format = format_from_tag(t);
    if (t->framebuffer_type != MB2_FB_TYPE_RGB) {
        ksnprintf(fb->why, sizeof fb->why, "framebuffer_type=%u, %s: only direct RGB is drawn",
                  t->framebuffer_type, type_name(t->framebuffer_type));
        return;
    }
    uint64_t addr = t->framebuffer_addr;
    uint64_t bytes = (uint64_t)t->framebuffer_pitch * t->framebuffer_height;
    if (addr == 0) {
        ksnprintf(fb->why, sizeof fb->why, "framebuffer_addr=0: no linear framebuffer");
        return;
    }
    /* The kernel reaches physical memory through 32-bit (non-PAE) identity paging. */
    if (addr >= FOUR_GIB || bytes > FOUR_GIB - addr) {
        ksnprintf(fb->why, sizeof fb->why,
                  "framebuffer_addr=0x%llx size=%llu reaches above 4 GiB",
                  (unsigned long long)addr, (unsigned long long)bytes);
        return;
    }
    if (!fb_format_check(&fb->format, fb->why, sizeof fb->why))
        return;
    /* fb_format_check refused an empty screen and pitch < width: bytes > 0. */
    fb->usable = true;
    fb->base = PAGE_ALIGN_DOWN(addr);
    fb->end = PAGE_ALIGN_UP(addr + bytes);
}
