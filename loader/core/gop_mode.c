/* gop_mode.c - the closest offered GOP mode to a wanted resolution (Multiboot2 3.1.10:
 * the loader should pick the closest mode it can when the exact one is not offered). */
#include "gop_mode.h"

static uint64_t distance(uint32_t a, uint32_t b) { return a > b ? a - b : b - a; }

int gop_mode_closest(const struct gop_mode_offer *modes, uint32_t n, uint32_t want_w,
                     uint32_t want_h)
{
    int best = -1;
    uint64_t best_d = 0, best_area = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (!modes[i].linear)
            continue;
        uint64_t d = distance(modes[i].width, want_w) + distance(modes[i].height, want_h);
        uint64_t area = (uint64_t)modes[i].width * modes[i].height;
        if (best < 0 || d < best_d || (d == best_d && area > best_area)) {
            best = (int)i;
            best_d = d;
            best_area = area;
        }
    }
    return best;
}
