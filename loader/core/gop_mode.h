/* gop_mode.h - which GOP mode comes closest to the resolution a kernel or boot.cfg asks for. Pure. */
#ifndef LOADER_GOP_MODE_H
#define LOADER_GOP_MODE_H

#include <stdbool.h>
#include <stdint.h>

struct gop_mode_offer {
    uint32_t width, height;
    bool linear; /* has a linear framebuffer (not PixelBltOnly) */
};

/* Index of the offered mode closest to `want_w` x `want_h`, or -1 when no mode has a
 * linear framebuffer. Closest: the smallest |width - want_w| + |height - want_h|; on a
 * tie the larger mode (more of the screen the kernel asked for), then the lower
 * index. An exact match always wins, as its distance is 0. */
int gop_mode_closest(const struct gop_mode_offer *modes, uint32_t n, uint32_t want_w,
                     uint32_t want_h);

#endif
