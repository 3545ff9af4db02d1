/* log_colour.h - the screen colour of a log line (pure: the screen test colours the same). */
#ifndef KERNEL_DEV_LOG_COLOUR_H
#define KERNEL_DEV_LOG_COLOUR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* 0xRRGGBB, the VGA palette's bright colours and its light grey. */
#define LOG_RGB_ERROR 0xFF5555u
#define LOG_RGB_WARNING 0xFFFF55u
#define LOG_RGB_PASS 0x55FF55u
#define LOG_RGB_TEXT 0xC0C0C0u /* FB_CONSOLE_FG */

/* The colour of the line s[0..n) (no newline): red for an error, a failure, a panic or
 * an exception report; yellow for a warning; green for a passed check and `kernel:
 * ready`; light grey for the rest. */
uint32_t log_line_rgb(const char *s, size_t n);

#define LOG_SCREEN_PREFIX "screen: " /* a line of the report for people (report.h) */

/* Whether the screen shows log line s[0..n): a report line (the text after
 * LOG_SCREEN_PREFIX, *skip = its length), an error or warning line (whole), or, when
 * verbose, every line (whole). */
bool log_line_shown(const char *s, size_t n, bool verbose, size_t *skip);

#endif
