/* fb.h - the kernel's text console on the GOP framebuffer (Multiboot2 tag 8). */
#ifndef KERNEL_DEV_FB_H
#define KERNEL_DEV_FB_H

#include <stdbool.h>

#include "../../shared/bootinfo.h"

/* Sets up the console on `tag` (NULL: there is none) with the embedded font and
 * adds it to the console sinks, so everything logged so far and from now on shows
 * on screen. Prints `fb: console ...`, or `fb: none (<reason>)` and returns false
 * (output stays on COM1) for no tag, an indexed/EGA or unusable pixel format, or a
 * framebuffer reaching above 4 GiB. The framebuffer is used at its physical
 * address: before paging directly, after it through mm_init's identity mapping. */
bool fb_init(const struct mb2_tag_framebuffer *tag);

#endif
