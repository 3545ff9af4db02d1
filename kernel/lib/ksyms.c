/* ksyms.c - names an address by the kernel's symbol table (binary search). */
#include "ksyms.h"

#include "kprintf.h"

const char *ksym_find(const struct ksym_table *t, uint32_t addr, uint32_t *offset)
{
    if (t->count == 0 || addr < t->syms[0].addr || addr >= t->text_end)
        return NULL;
    uint32_t lo = 0, hi = t->count; /* the answer lies in [lo, hi) */
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (t->syms[mid].addr <= addr)
            lo = mid;
        else
            hi = mid;
    }
    *offset = addr - t->syms[lo].addr;
    return t->names + t->syms[lo].name;
}

void ksym_format(const struct ksym_table *t, uint32_t addr, char *buf, size_t size)
{
    uint32_t off = 0;
    const char *name = ksym_find(t, addr, &off);
    if (name)
        ksnprintf(buf, size, "%s+0x%x", name, off);
    else
        ksnprintf(buf, size, "?");
}
