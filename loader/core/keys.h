/* keys.h - a key press as the menu and the line editor see it, whatever console
 * (screen keyboard or serial line) it came from. */
#ifndef LOADER_KEYS_H
#define LOADER_KEYS_H

enum key_code {
    KEY_CHAR, /* a printable character in `ch` */
    KEY_UP,
    KEY_DOWN,
    KEY_LEFT,
    KEY_RIGHT,
    KEY_HOME,
    KEY_END,
    KEY_BACKSPACE,
    KEY_DELETE,
    KEY_ENTER,
    KEY_ESC,
    KEY_OTHER, /* anything else: stops the countdown, does nothing more */
};

struct key {
    enum key_code code;
    char ch;
};

#endif
