/* baseline_slab.c - the small-object allocator a careful engineer writes when no
 * safety check is asked for: segregated free lists, one per 16-byte size class, fed
 * by 4 KiB pages that each hold objects of one class (a minimal slab). The class of
 * a freed object is read from its page's header, so objects carry no header of
 * their own; nothing is checked, poisoned or merged. */
#include "bench/baseline_slab.h"

#define PAGE 4096u
#define ALIGN 16u
#define CLASSES (BASELINE_SLAB_MAX / ALIGN + 1) /* [n rounded up to 16, / 16] */

struct page_head {
    uint32_t cls;    /* the class every object of this page belongs to */
    uint32_t pad[3]; /* keeps the objects 16-byte aligned */
};
struct object {
    struct object *next;
};

static struct object *lists[CLASSES];
static uint8_t *next_page, *end_page;

void baseline_slab_init(void *base, uint32_t size)
{
    for (uint32_t c = 0; c < CLASSES; c++)
        lists[c] = 0;
    next_page = base;
    end_page = next_page + size;
}

/* Carves a fresh page into objects of class c and lists them. */
static __attribute__((noinline)) struct object *refill(uint32_t c)
{
    if (next_page == end_page)
        return 0;
    struct page_head *h = (struct page_head *)next_page;
    next_page += PAGE;
    h->cls = c;
    uint32_t bytes = c * ALIGN;
    for (uint8_t *o = (uint8_t *)(h + 1); o + bytes <= (uint8_t *)h + PAGE; o += bytes) {
        ((struct object *)o)->next = lists[c];
        lists[c] = (struct object *)o;
    }
    return lists[c];
}

void *baseline_slab_alloc(size_t n)
{
    if (n - 1 >= BASELINE_SLAB_MAX)
        return 0;
    uint32_t c = ((uint32_t)n + ALIGN - 1) / ALIGN;
    struct object *o = lists[c];
    if (!o && !(o = refill(c)))
        return 0;
    lists[c] = o->next;
    return o;
}

void baseline_slab_free(void *p)
{
    struct page_head *h = (struct page_head *)((uintptr_t)p & ~(uintptr_t)(PAGE - 1));
    struct object *o = p;
    o->next = lists[h->cls];
    lists[h->cls] = o;
}
