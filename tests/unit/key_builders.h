/* key_builders.h - keys for the menu and editor host tests: K(KEY_UP) for a special
 * key, C('e') for a character. */
#ifndef TESTS_UNIT_KEY_BUILDERS_H
#define TESTS_UNIT_KEY_BUILDERS_H

#include "loader/core/keys.h"

static inline struct key K(enum key_code c)
{
    return (struct key){c, 0};
}

static inline struct key C(char ch)
{
    return (struct key){KEY_CHAR, ch};
}

#endif
