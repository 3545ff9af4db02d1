/* cmdline.h - word and key=value lookup in a space-separated command line (loader and kernel). */
#ifndef SHARED_LIB_CMDLINE_H
#define SHARED_LIB_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

/* Words are separated by spaces (only: a tab is part of a word). True when `word`
 * is one of them; false for a NULL command line. */
bool cmdline_has_word(const char *cmdline, const char *word);

/* For the first word `key=value`: returns a pointer to value and its length in
 * *len (len may be NULL), or NULL when no word starts with `key=`. */
const char *cmdline_value(const char *cmdline, const char *key, size_t *len);

#endif
