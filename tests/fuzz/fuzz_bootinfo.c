/* fuzz_bootinfo.c - libFuzzer harness: arbitrary bytes walked as a boot information
 * block with mb2_first/mb2_next/mb2_find; ASan proves nothing outside is read. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loader/core/mbi.h"

#define FIND_TYPES 22 /* every defined tag type, and one past */

/* Reads every byte of the tag so that ASan sees any tag reaching outside. */
static uint32_t touch(const struct mb2_tag *t)
{
    const volatile uint8_t *p = (const volatile uint8_t *)t;
    uint32_t sum = 0;
    for (uint32_t i = 0; i < t->size; i++)
        sum += p[i];
    return sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > UINT32_MAX)
        return 0;
    /* The fixed part must exist to be read; a block shorter than 8 bytes is padded
     * with zeros. total_size may claim less than the buffer (and less than 8), but
     * never more: the iterator trusts it as the size of the memory it is given. */
    size_t len = size < sizeof(struct mb2_info) ? sizeof(struct mb2_info) : size;
    uint8_t *buf = calloc(1, len); /* malloc alignment: tags are 8-aligned in it */
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    struct mb2_info *info = (struct mb2_info *)buf;
    if (info->total_size > size)
        info->total_size = (uint32_t)size;

    uint32_t sum = 0, prev_end = sizeof(struct mb2_info);
    for (const struct mb2_tag *t = mb2_first(info); t; t = mb2_next(info, t)) {
        uint32_t off = (uint32_t)((const uint8_t *)t - buf);
        if (off % MB2_TAG_ALIGN != 0 || off < prev_end || t->size < sizeof *t ||
            t->size > info->total_size - off || t->type == MB2_TAG_END)
            abort();
        prev_end = off + t->size;
        sum += touch(t);
    }
    for (uint32_t type = 0; type <= FIND_TYPES; type++) {
        const struct mb2_tag *t = mb2_find(info, type);
        if (t && (t->type != type || type == MB2_TAG_END))
            abort();
        if (t)
            sum += touch(t);
    }
    free(buf);
    return sum == 0xFFFFFFFFu; /* keep the reads */
}
