/* screen_hold.c - waits for a key on the i8042 so a test can photograph the screen. */
#include "screen_hold.h"

#include <stdbool.h>
#include <stdint.h>

#include "../arch/cpu.h"
#include "../lib/kprintf.h"
#include "../test_mode.h"

#define I8042_DATA 0x60u
#define I8042_STATUS 0x64u
#define I8042_STATUS_OUTPUT_FULL 0x01u /* a byte waits in the data port */
#define I8042_DRAIN_MAX 64u            /* the controller's buffer is far smaller */

/* About 60 s at 3 GHz. The TSC rate is not known here; the bound only has to end a
 * forgotten run, and run.sh's own timeout stays the real limit. */
#define HOLD_MAX_TSC_CYCLES (60ull * 3000000000ull)

void screen_hold_if_asked(const char *cmdline)
{
    if (!test_mode() || !cmdline_has_word(cmdline, "screenshot"))
        return;
    /* Whatever the firmware left (keys pressed during boot) must not release us. */
    for (uint32_t i = 0; i < I8042_DRAIN_MAX; i++) {
        if (!(inb(I8042_STATUS) & I8042_STATUS_OUTPUT_FULL))
            break;
        (void)inb(I8042_DATA);
    }
    kprintf("kernel: screen ready\n");
    uint64_t start = rdtsc();
    while (rdtsc() - start < HOLD_MAX_TSC_CYCLES) {
        if (inb(I8042_STATUS) & I8042_STATUS_OUTPUT_FULL) {
            uint8_t b = inb(I8042_DATA);
            kprintf("kernel: screen released byte=0x%02x\n", b);
            return;
        }
    }
    kprintf("kernel: screen hold timed out\n");
}
