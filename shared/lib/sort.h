/* sort.h - one sort for the loader and the kernel (no libc, no recursion, no scratch). */
#ifndef SHARED_LIB_SORT_H
#define SHARED_LIB_SORT_H

#include <stddef.h>

/* Negative, zero or positive as `a` sorts before, with or after `b`; `ctx` is the
 * caller's (the kernel sorts indices by the descriptor each one names). */
typedef int (*sort_cmp)(const void *a, const void *b, void *ctx);

/* Sorts n elements of `size` bytes at base, ascending by cmp. O(n log n) with a
 * constant stack, because both callers run on small boot stacks with up to 8192
 * entries. Not stable: equal elements may change order. */
void heap_sort(void *base, size_t n, size_t size, sort_cmp cmp, void *ctx);

/* The same order, fast on input that is nearly sorted already: insertion sort while
 * it has moved at most SORT_INSERTION_BUDGET swaps per element, then heap_sort of the
 * rest. Firmware memory maps come nearly sorted (OVMF's 119 descriptors had one
 * descent), where this costs one comparison per element instead of heap sort's
 * ~2 log2 n; adversarial input still costs O(n log n). Not stable. */
#define SORT_INSERTION_BUDGET 8u
void lib_sort(void *base, size_t n, size_t size, sort_cmp cmp, void *ctx);

#endif
