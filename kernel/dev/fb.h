/* fb.h - the kernel's text console on the GOP framebuffer (as kernel/boot decided it). */
#ifndef KERNEL_DEV_FB_H
#define KERNEL_DEV_FB_H

#include <stdbool.h>
#include <stddef.h>

#include "../boot/bootinfo.h"

/* Sets up the console on `fb` (as boot_fb_decide left it) with the embedded font the
 * screen's width calls for (font_pick.h) and adds it to the console sinks, so what is
 * logged so far and from now on reaches the screen, a line at a time in the colour of
 * what it says (log_colour.h). Prints `fb: console ... font=WxH`, or `fb: none
 * (<reason>)` and returns false (output stays on COM1) when the framebuffer is not
 * usable (fb->why), the font does not parse or not one glyph fits. The framebuffer is used at its physical
 * address: before paging directly, after it through mm_init's identity mapping. */
bool fb_init(const struct boot_fb *fb);

/* Before fb_init: true shows every log line on screen (`verbose` on the command
 * line); false (the default) shows the report's `screen: ` lines, errors, warnings. */
void fb_set_verbose(bool on);

/* Before fb_init: the value of font= on the command line (len bytes; NULL for none),
 * which overrides the font chosen by screen width (font_pick.h). */
void fb_set_font(const char *want, size_t len);

#endif
