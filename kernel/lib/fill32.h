/* fill32.h - stores one 32-bit word n times with `rep stosl`, inline: memset's
 * store loop, for callers whose span is already word aligned (the heap's poison). */
#ifndef KERNEL_LIB_FILL32_H
#define KERNEL_LIB_FILL32_H

#include <stddef.h>
#include <stdint.h>

/* x86 only, kernel and host alike (the host tests run on x86-64, where the same
 * instruction takes 64-bit pointer and count registers). Returns dst + n words. */
static inline void *fill32(void *dst, uint32_t word, size_t n)
{
    __asm__ volatile("rep stosl" : "+D"(dst), "+c"(n) : "a"(word) : "memory");
    return dst;
}

#endif
