/* string.c - freestanding memory and string functions (GCC may also emit calls to the mem* ones). */
#include "string.h"

#include <stdint.h>

#include "fill32.h"

/* memset and memcpy move 4 bytes per step with `rep stosl` / `rep movsl` once the
 * destination is aligned: the heap poisons and the console scrolls with them. */
void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    for (; n && (uintptr_t)d % 4; n--)
        *d++ = (unsigned char)c;
    d = fill32(d, (unsigned char)c * 0x01010101u, n / 4);
    for (n %= 4; n; n--)
        *d++ = (unsigned char)c;
    return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    for (; n && (uintptr_t)d % 4; n--)
        *d++ = *s++;
    size_t words = n / 4;
    __asm__ volatile("rep movsl" : "+D"(d), "+S"(s), "+c"(words) : : "memory");
    for (n %= 4; n; n--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if ((uintptr_t)d < (uintptr_t)s || (uintptr_t)d >= (uintptr_t)s + n) {
        while (n--)
            *d++ = *s++;
    } else {
        while (n--)
            d[n] = s[n];
    }
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i] || !a[i])
            return (unsigned char)a[i] - (unsigned char)b[i];
    }
    return 0;
}
