/* sort.c - one sort for the loader and the kernel (see sort.h). */
#include "sort.h"

#include <stdint.h>

/* Word by word when both elements and the size allow it (every caller's element is
 * made of 32-bit fields): a byte loop was most of the loader's map sort, about
 * 0.3 M instructions for OVMF's 240 edges. Bytes otherwise. Plain loops: neither
 * freestanding build has memcpy. */
static void swap(uint8_t *a, uint8_t *b, size_t size)
{
    if ((((uintptr_t)a | (uintptr_t)b | size) & 3) == 0) {
        uint32_t *x = (uint32_t *)(void *)a, *y = (uint32_t *)(void *)b;
        for (size /= 4; size--; x++, y++) {
            uint32_t t = *x;
            *x = *y;
            *y = t;
        }
        return;
    }
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

void lib_sort(void *base, size_t n, size_t size, sort_cmp cmp, void *ctx)
{
    uint8_t *a = base;
    size_t budget = SORT_INSERTION_BUDGET * n;
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && cmp(a + (j - 1) * size, a + j * size, ctx) > 0; j--) {
            if (budget-- == 0) {
                heap_sort(base, n, size, cmp, ctx); /* far from sorted: bound the cost */
                return;
            }
            swap(a + (j - 1) * size, a + j * size, size);
        }
}
