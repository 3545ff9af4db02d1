/* line_edit.c - the one-line editor of the boot menu (a command line, edited once). */
#include "line_edit.h"

void le_start(struct line_edit *le, char *buf, uint32_t cap)
{
    uint32_t n = 0;
    while (n + 1 < cap && buf[n])
        n++;
    buf[n] = '\0'; /* a string longer than the buffer is cut, never overrun */
    *le = (struct line_edit){.buf = buf, .cap = cap, .len = n, .cursor = n};
}

/* Removes the byte at `at` (< len). */
static void cut(struct line_edit *le, uint32_t at)
{
    for (uint32_t i = at; i < le->len; i++)
        le->buf[i] = le->buf[i + 1]; /* moves the NUL too */
    le->len--;
}

static void insert(struct line_edit *le, char c)
{
    if (le->len + 1 >= le->cap)
        return;
    for (uint32_t i = le->len + 1; i > le->cursor; i--)
        le->buf[i] = le->buf[i - 1];
    le->buf[le->cursor++] = c;
    le->len++;
}

enum le_result le_key(struct line_edit *le, struct key k)
{
    switch (k.code) {
    case KEY_LEFT:
        if (le->cursor)
            le->cursor--;
        break;
    case KEY_RIGHT:
        if (le->cursor < le->len)
            le->cursor++;
        break;
    case KEY_HOME:
        le->cursor = 0;
        break;
    case KEY_END:
        le->cursor = le->len;
        break;
    case KEY_BACKSPACE:
        if (le->cursor)
            cut(le, --le->cursor);
        break;
    case KEY_DELETE:
        /* At the end of the line Delete erases backwards: a serial terminal's Backspace
         * sends DEL (0x7f), which the firmware's terminal driver reports as Delete, and
         * at the end of a line Delete would otherwise do nothing at all. */
        if (le->cursor < le->len)
            cut(le, le->cursor);
        else if (le->cursor)
            cut(le, --le->cursor);
        break;
    case KEY_CHAR:
        /* Printable ASCII only: the line goes to a kernel and back to the screen. */
        if (k.ch >= ' ' && k.ch < 0x7f)
            insert(le, k.ch);
        break;
    case KEY_ENTER:
        return LE_DONE;
    case KEY_ESC:
        return LE_CANCELLED;
    default:
        break;
    }
    return LE_EDITING;
}
