/* heap.c - kmalloc/kfree: first fit over an address-ordered free list, boundary
 * sizes in every header for O(1) coalescing, canaries and poison for checking. */
#include "heap.h"

#include "../lib/kprintf.h"
#include "physmem.h"
#ifdef HOST_TEST
#include <string.h>
#else
#include "../lib/string.h"
#endif

/*
 * Block layout (every block starts 16-byte aligned, so every payload is too):
 *
 *   used:  | magic USED | size | prev_size | req | payload (req bytes) | canary ... |
 *   free:  | magic FREE | size | prev_size |  0  | next, prev links | poison ...  |
 *
 * size counts the whole block, header included; prev_size is the size of the block
 * just below (0 for the first), so both neighbours are found without a footer. The
 * canary fills a used block from the end of what was asked for to the end of the
 * block (at least CANARY_MIN bytes), so a small overrun is caught at kfree; a larger
 * one lands on the next header's magic and is caught there.
 */
struct block {
    uint32_t magic;
    uint32_t size;
    uint32_t prev_size;
    uint32_t req;
};
_Static_assert(sizeof(struct block) == HEAP_ALIGN, "header keeps payloads aligned");

struct links {
    struct block *next, *prev; /* address-ordered free list */
};

#define MAGIC_USED 0xA110C8EDu
#define MAGIC_FREE 0xF4EEB10Cu
#define CANARY 0xC5u
#define CANARY_MIN 4u
#define HDR ((uint32_t)sizeof(struct block))
#define LINKS_SPAN (((uint32_t)sizeof(struct links) + HEAP_ALIGN - 1) & ~(HEAP_ALIGN - 1))
#define BLOCK_MIN (HDR + LINKS_SPAN)

static uint8_t *heap_lo, *heap_hi; /* [heap_lo, heap_hi) */
static struct block *free_head;
static uint32_t errors;

#define ADDR(p) ((unsigned long long)(uintptr_t)(p))

static uint8_t *payload(struct block *b) { return (uint8_t *)b + HDR; }
static struct links *links_of(struct block *b) { return (struct links *)payload(b); }
static struct block *next_block(struct block *b)
{
    uint8_t *n = (uint8_t *)b + b->size;
    return n < heap_hi ? (struct block *)n : 0;
}
static struct block *prev_block(struct block *b)
{
    return b->prev_size ? (struct block *)((uint8_t *)b - b->prev_size) : 0;
}

/* A header whose fields can be followed without leaving the heap. */
static bool header_sane(struct block *b)
{
    uint8_t *p = (uint8_t *)b;
    if (b->magic != MAGIC_USED && b->magic != MAGIC_FREE)
        return false;
    if (b->size < BLOCK_MIN || b->size % HEAP_ALIGN || b->size > (uint32_t)(heap_hi - p))
        return false;
    return b->prev_size % HEAP_ALIGN == 0 && b->prev_size <= (uint32_t)(p - heap_lo);
}

static void poison_free_payload(struct block *b)
{
    memset(payload(b) + sizeof(struct links), HEAP_POISON, b->size - HDR - sizeof(struct links));
}

static void list_remove(struct block *b)
{
    struct links *l = links_of(b);
    if (l->prev)
        links_of(l->prev)->next = l->next;
    else
        free_head = l->next;
    if (l->next)
        links_of(l->next)->prev = l->prev;
}

/* Puts b where `old` was in the list (used when a split moves a free block up). */
static void list_replace(struct block *old, struct block *b)
{
    struct links *o = links_of(old), *l = links_of(b);
    l->next = o->next;
    l->prev = o->prev;
    if (l->prev)
        links_of(l->prev)->next = b;
    else
        free_head = b;
    if (l->next)
        links_of(l->next)->prev = b;
}

static void list_insert_ordered(struct block *b)
{
    struct block *prev = 0, *cur = free_head;
    while (cur && cur < b) {
        prev = cur;
        cur = links_of(cur)->next;
    }
    links_of(b)->prev = prev;
    links_of(b)->next = cur;
    if (prev)
        links_of(prev)->next = b;
    else
        free_head = b;
    if (cur)
        links_of(cur)->prev = b;
}

static void set_prev_size_of_next(struct block *b)
{
    struct block *n = next_block(b);
    if (n)
        n->prev_size = b->size;
}

void heap_init(void *base, uint32_t size)
{
    uintptr_t lo = ((uintptr_t)base + HEAP_ALIGN - 1) & ~(uintptr_t)(HEAP_ALIGN - 1);
    uintptr_t hi = ((uintptr_t)base + size) & ~(uintptr_t)(HEAP_ALIGN - 1);
    heap_lo = (uint8_t *)lo;
    heap_hi = (uint8_t *)(hi > lo ? hi : lo);
    free_head = 0;
    errors = 0;
    if ((uint32_t)(heap_hi - heap_lo) < BLOCK_MIN) {
        heap_hi = heap_lo; /* too small to hold one block: every kmalloc fails */
        return;
    }
    struct block *b = (struct block *)heap_lo;
    b->magic = MAGIC_FREE;
    b->size = (uint32_t)(heap_hi - heap_lo);
    b->prev_size = 0;
    b->req = 0;
    links_of(b)->next = links_of(b)->prev = 0;
    poison_free_payload(b);
    free_head = b;
}

static void report_corrupt(struct block *b, const char *why)
{
    errors++;
    kprintf("heap: error: corrupted block at 0x%llx (magic 0x%x%s)\n", ADDR(payload(b)), b->magic,
            why);
}

void *kmalloc(size_t n)
{
    if (n == 0 || n > (size_t)(heap_hi - heap_lo))
        return 0;
    uint32_t need = ((uint32_t)n + HDR + CANARY_MIN + HEAP_ALIGN - 1) & ~(HEAP_ALIGN - 1);
    if (need < BLOCK_MIN)
        need = BLOCK_MIN;
    struct block *b = free_head;
    for (; b; b = links_of(b)->next) {
        if (b->magic != MAGIC_FREE || !header_sane(b)) {
            report_corrupt(b, ", in the free list");
            return 0; /* the list can no longer be trusted */
        }
        if (b->size >= need)
            break;
    }
    if (!b)
        return 0;
    if (b->size - need >= BLOCK_MIN) {
        /* Split: the upper part stays free and takes b's place in the list. Its
         * payload lies in what was b's poisoned payload already. */
        struct block *rest = (struct block *)((uint8_t *)b + need);
        rest->magic = MAGIC_FREE;
        rest->size = b->size - need;
        rest->prev_size = need;
        rest->req = 0;
        list_replace(b, rest);
        set_prev_size_of_next(rest);
        b->size = need;
    } else {
        list_remove(b);
    }
    b->magic = MAGIC_USED;
    b->req = (uint32_t)n;
    memset(payload(b) + n, CANARY, b->size - HDR - n);
    return payload(b);
}

void *kzalloc(size_t n)
{
    void *p = kmalloc(n);
    if (p)
        memset(p, 0, n);
    return p;
}

static bool canary_intact(struct block *b)
{
    for (uint8_t *c = payload(b) + b->req; c < (uint8_t *)b + b->size; c++)
        if (*c != CANARY)
            return false;
    return true;
}

/* True when p lies in the payload of a free block: a pointer freed twice whose
 * header has since been merged into a neighbour. Walks until a damaged header. */
static bool inside_free_block(uint8_t *p)
{
    for (struct block *b = (struct block *)heap_lo; b && header_sane(b); b = next_block(b))
        if (p >= payload(b) && p < (uint8_t *)b + b->size)
            return b->magic == MAGIC_FREE;
    return false;
}

void kfree(void *ptr)
{
    if (!ptr)
        return;
    uint8_t *p = ptr;
    if (p < heap_lo + HDR || p >= heap_hi || (uintptr_t)p % HEAP_ALIGN) {
        errors++;
        kprintf("heap: error: bad pointer 0x%llx (not a heap payload)\n", ADDR(p));
        return;
    }
    struct block *b = (struct block *)(p - HDR);
    if (b->magic == MAGIC_FREE || (b->magic != MAGIC_USED && inside_free_block(p))) {
        errors++;
        kprintf("heap: error: double free at 0x%llx\n", ADDR(p));
        return;
    }
    if (!header_sane(b) || b->req > b->size - HDR) {
        report_corrupt(b, "");
        return;
    }
    if (!canary_intact(b)) {
        report_corrupt(b, ", overrun past the payload");
        return;
    }
    /* The neighbours are about to be followed and merged: a damaged one (an overrun
     * from this block past its canary) keeps this block out of the free list. */
    struct block *next = next_block(b), *prev = prev_block(b);
    if (next && (!header_sane(next) || next->prev_size != b->size)) {
        report_corrupt(next, ", header overwritten");
        return;
    }
    if (prev && (!header_sane(prev) || prev->size != b->prev_size)) {
        report_corrupt(prev, ", header overwritten");
        return;
    }

    b->magic = MAGIC_FREE;
    b->req = 0;
    poison_free_payload(b);
    if (next && next->magic == MAGIC_FREE) {
        list_remove(next);
        b->size += next->size;
        memset(next, HEAP_POISON, HDR + sizeof(struct links));
        set_prev_size_of_next(b);
    }
    if (prev && prev->magic == MAGIC_FREE) {
        prev->size += b->size;
        memset(b, HEAP_POISON, HDR + sizeof(struct links));
        set_prev_size_of_next(prev);
        return; /* prev keeps its place in the list */
    }
    list_insert_ordered(b);
}

uint32_t heap_errors(void) { return errors; }

void heap_stats(struct heap_stats *s)
{
    s->size = (uint32_t)(heap_hi - heap_lo);
    s->used = s->free_blocks = s->used_blocks = 0;
    for (struct block *b = heap_lo < heap_hi ? (struct block *)heap_lo : 0; b && header_sane(b);
         b = next_block(b)) {
        if (b->magic == MAGIC_FREE) {
            s->free_blocks++;
        } else {
            s->used_blocks++;
            s->used += b->size;
        }
    }
}

static bool check_fail(struct block *b, const char *what)
{
    kprintf("heap: error: check failed at block 0x%llx: %s\n", ADDR(b), what);
    return false;
}

static bool poison_intact(struct block *b)
{
    for (uint8_t *c = payload(b) + sizeof(struct links); c < (uint8_t *)b + b->size; c++)
        if (*c != HEAP_POISON)
            return false;
    return true;
}

bool heap_check(void)
{
    uint32_t prev_size = 0, free_count = 0;
    bool prev_free = false;
    uint8_t *p = heap_lo;
    while (p < heap_hi) {
        struct block *b = (struct block *)p;
        if (!header_sane(b))
            return check_fail(b, "bad header (magic or size)");
        if (b->prev_size != prev_size)
            return check_fail(b, "prev_size disagrees with the block below");
        if (b->magic == MAGIC_FREE) {
            if (prev_free)
                return check_fail(b, "two adjacent free blocks (missed coalesce)");
            if (!poison_intact(b))
                return check_fail(b, "poison overwritten (write after free)");
            free_count++;
        } else if (b->req > b->size - HDR || !canary_intact(b)) {
            return check_fail(b, "canary overwritten (overrun)");
        }
        prev_free = b->magic == MAGIC_FREE;
        prev_size = b->size;
        p += b->size;
    }
    if (p != heap_hi)
        return check_fail((struct block *)p, "blocks do not end at the heap end");
    struct block *last = 0;
    for (struct block *b = free_head; b; b = links_of(b)->next) {
        if (free_count-- == 0)
            return check_fail(b, "free list longer than the free blocks");
        if ((uint8_t *)b < heap_lo || (uint8_t *)b >= heap_hi || b->magic != MAGIC_FREE)
            return check_fail(b, "free list entry is not a free block");
        if (b <= last || links_of(b)->prev != last)
            return check_fail(b, "free list out of order or badly linked");
        last = b;
    }
    if (free_count)
        return check_fail(last, "free list misses free blocks");
    return true;
}

void heap_range(uintptr_t *base, uint32_t *size)
{
    *base = (uintptr_t)heap_lo;
    *size = (uint32_t)(heap_hi - heap_lo);
}

/* ---- size from the command line ---- */

#define KIB 1024ull
#define MIB (1024ull * 1024ull)

static bool is_space(char c) { return c == ' ' || c == '\t'; }

/* The value of the last `heap=` word, NULL if none; *len is its length. */
static const char *find_heap_arg(const char *s, uint32_t *len)
{
    const char *found = 0;
    for (const char *w = s; *w;) {
        while (is_space(*w))
            w++;
        const char *e = w;
        while (*e && !is_space(*e))
            e++;
        if (e - w >= 5 && w[0] == 'h' && w[1] == 'e' && w[2] == 'a' && w[3] == 'p' && w[4] == '=') {
            found = w + 5;
            *len = (uint32_t)(e - found);
        }
        w = e;
    }
    return found;
}

uint32_t heap_size_from_cmdline(const char *cmdline, uint64_t usable_bytes, char *err,
                                uint32_t errlen)
{
    uint32_t len = 0;
    const char *v = cmdline ? find_heap_arg(cmdline, &len) : 0;
    if (!v) {
        uint64_t size = usable_bytes / 16;
        if (size < HEAP_MIN_BYTES)
            size = HEAP_MIN_BYTES;
        if (size > HEAP_MAX_BYTES)
            size = HEAP_MAX_BYTES;
        return (uint32_t)PAGE_ALIGN_DOWN(size);
    }
    char shown[41]; /* the value as typed, for messages */
    uint32_t shown_len = len < sizeof shown - 1 ? len : (uint32_t)sizeof shown - 1;
    memcpy(shown, v, shown_len);
    shown[shown_len] = '\0';
    uint64_t n = 0;
    uint32_t i = 0;
    for (; i < len && v[i] >= '0' && v[i] <= '9'; i++) {
        n = n * 10 + (uint64_t)(v[i] - '0');
        if (n > (1ull << 32)) /* already more than any heap below 4 GiB */
            break;
    }
    uint64_t unit = KIB;
    bool ok = i > 0 && n <= (1ull << 32);
    if (ok && i < len) {
        if ((v[i] == 'K' || v[i] == 'k') && i + 1 == len)
            unit = KIB;
        else if ((v[i] == 'M' || v[i] == 'm') && i + 1 == len)
            unit = MIB;
        else
            ok = false;
    }
    if (!ok) {
        if (err && errlen)
            ksnprintf(err, errlen, "cmdline: heap=%s: bad value (want N KiB, NK or NM)", shown);
        return 0;
    }
    uint64_t bytes = n * unit;
    uint64_t limit = usable_bytes / 2;
    if (bytes < HEAP_EXPLICIT_MIN_BYTES) {
        if (err && errlen)
            ksnprintf(err, errlen, "cmdline: heap=%s: below the minimum of %u KiB", shown,
                      HEAP_EXPLICIT_MIN_BYTES / 1024);
        return 0;
    }
    if (bytes > limit) {
        if (err && errlen)
            ksnprintf(err, errlen, "cmdline: heap=%s: more than half of usable RAM (%llu KiB)",
                      shown, (unsigned long long)(usable_bytes / KIB));
        return 0;
    }
    return (uint32_t)PAGE_ALIGN_UP(bytes);
}
