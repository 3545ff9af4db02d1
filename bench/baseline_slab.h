/* baseline_slab.h - the small-object allocator bench/ops.c shows beside kmalloc. */
#ifndef BENCH_BASELINE_SLAB_H
#define BENCH_BASELINE_SLAB_H

#include <stddef.h>
#include <stdint.h>

/* Takes [base, base + size) (page aligned) as pages to carve into objects. */
void baseline_slab_init(void *base, uint32_t size);
/* An object of at least n bytes (1 <= n <= BASELINE_SLAB_MAX), 16-byte aligned;
 * NULL for other n or when no page is left. */
void *baseline_slab_alloc(size_t n);
void baseline_slab_free(void *p); /* trusts p: no check of any kind */

#define BASELINE_SLAB_MAX 256u

#endif
