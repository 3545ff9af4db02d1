/* cmdline.c - word and key=value lookup in a space-separated command line (see cmdline.h). */
#include "cmdline.h"

/* Calls fn(word, len, arg) for each space-separated word until fn returns true. */
static const char *find_word(const char *cmdline, bool (*fn)(const char *, size_t, const char *),
                             const char *arg, size_t *len)
{
    if (!cmdline)
        return NULL;
    const char *p = cmdline;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *w = p;
        while (*p && *p != ' ')
            p++;
        if (p > w && fn(w, (size_t)(p - w), arg)) {
            if (len)
                *len = (size_t)(p - w);
            return w;
        }
    }
    return NULL;
}

static bool word_equals(const char *w, size_t n, const char *word)
{
    size_t i = 0;
    for (; i < n && word[i]; i++)
        if (w[i] != word[i])
            return false;
    return i == n && word[i] == '\0';
}

static bool word_has_key(const char *w, size_t n, const char *key)
{
    size_t i = 0;
    for (; key[i]; i++)
        if (i >= n || w[i] != key[i])
            return false;
    return i < n && w[i] == '=';
}

bool cmdline_has_word(const char *cmdline, const char *word)
{
    return find_word(cmdline, word_equals, word, NULL) != NULL;
}

const char *cmdline_value(const char *cmdline, const char *key, size_t *len)
{
    size_t n;
    const char *w = find_word(cmdline, word_has_key, key, &n);
    if (!w)
        return NULL;
    size_t klen = 0;
    while (key[klen])
        klen++;
    if (len)
        *len = n - klen - 1;
    return w + klen + 1;
}
