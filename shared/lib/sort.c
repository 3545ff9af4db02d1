/* sort.c - one heap sort for the loader and the kernel (see sort.h). */
#include "sort.h"

#include <stdint.h>

/* Byte by byte: elements are small (2 to 24 bytes) and this needs no memcpy,
 * which neither freestanding build has. */
static void swap(uint8_t *a, uint8_t *b, size_t size)
{
    while (size--) {
        uint8_t t = *a;
        *a++ = *b;
        *b++ = t;
    }
}

static void sift_down(uint8_t *a, size_t root, size_t n, size_t size, sort_cmp cmp, void *ctx)
{
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= n)
            return;
        if (child + 1 < n && cmp(a + (child + 1) * size, a + child * size, ctx) > 0)
            child++;
        if (cmp(a + root * size, a + child * size, ctx) >= 0)
            return;
        swap(a + root * size, a + child * size, size);
        root = child;
    }
}

void heap_sort(void *base, size_t n, size_t size, sort_cmp cmp, void *ctx)
{
    uint8_t *a = base;
    for (size_t i = n / 2; i-- > 0;)
        sift_down(a, i, n, size, cmp, ctx);
    for (size_t end = n; end > 1; end--) {
        swap(a, a + (end - 1) * size, size);
        sift_down(a, 0, end - 1, size, cmp, ctx);
    }
}
