/* line_edit.h - a one-line editor over a fixed buffer: keys in, line and cursor out.
 * Pure: the menu's I/O (loader/efi/menu_io.c) draws what it holds. */
#ifndef LOADER_LINE_EDIT_H
#define LOADER_LINE_EDIT_H

#include <stdbool.h>
#include <stdint.h>
#include "keys.h"

enum le_result { LE_EDITING, LE_DONE, LE_CANCELLED };

struct line_edit {
    char *buf; /* NUL-terminated, at most cap - 1 bytes */
    uint32_t cap;
    uint32_t len;
    uint32_t cursor; /* 0..len: the byte the next character goes before */
};

/* Starts editing the string already in `buf` (`cap` bytes, cap >= 1), cursor at its end. */
void le_start(struct line_edit *le, char *buf, uint32_t cap);

/* Applies one key: left, right, home, end, backspace, delete move or change the line;
 * a printable character is inserted at the cursor (ignored when the line is full);
 * Enter returns LE_DONE, Esc LE_CANCELLED, anything else LE_EDITING. */
enum le_result le_key(struct line_edit *le, struct key k);

#endif
