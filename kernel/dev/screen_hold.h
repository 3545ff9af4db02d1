/* screen_hold.h - the screen test's pause: the kernel waits while QEMU takes a screendump. */
#ifndef KERNEL_DEV_SCREEN_HOLD_H
#define KERNEL_DEV_SCREEN_HOLD_H

/* In test mode with the command-line word `screenshot`: prints `kernel: screen
 * ready`, then waits for a keyboard byte (the test sends one with the monitor's
 * `sendkey` once its screendump is written) or about a minute. Otherwise returns at once. */
void screen_hold_if_asked(const char *cmdline);

#endif
