/* enroll.c - finds and fills the enroll block (enroll.h) in a loader's PE file. */
#include <stddef.h>
#include "enroll.h"

#define MZ_MAGIC 0x5a4du         /* "MZ" */
#define PE_LFANEW_OFFSET 0x3cu   /* DOS header: offset of the PE signature */
#define PE_SIGNATURE 0x00004550u /* "PE\0\0" */
#define PE_MACHINE_I386 0x014cu
#define PE_MACHINE_X64 0x8664u

static uint32_t le16(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const uint8_t *p)
{
    return le16(p) | le16(p + 2) << 16;
}

static bool same(const void *a, const void *b, uint32_t n)
{
    const uint8_t *x = a, *y = b;
    for (uint32_t i = 0; i < n; i++)
        if (x[i] != y[i])
            return false;
    return true;
}

bool enroll_present(const struct enroll_block *b)
{
    return same(b->magic, ENROLL_MAGIC, ENROLL_MAGIC_SIZE) && b->version == ENROLL_VERSION &&
           b->enrolled == 1;
}

bool enroll_find(const uint8_t *file, uint32_t size, const char *name, uint32_t *at, struct diag *d)
{
    if (size < PE_LFANEW_OFFSET + 4 || le16(file) != MZ_MAGIC) {
        diag_set(d, "%s: no MZ header (size = %u): not a UEFI loader", name, size);
        return false;
    }
    uint32_t pe = le32(file + PE_LFANEW_OFFSET);
    if (pe > size - 6 || le32(file + pe) != PE_SIGNATURE) {
        diag_set(d, "%s: e_lfanew = 0x%x: no PE signature there: not a UEFI loader", name, pe);
        return false;
    }
    uint32_t machine = le16(file + pe + 4);
    if (machine != PE_MACHINE_I386 && machine != PE_MACHINE_X64) {
        diag_set(d, "%s: PE machine = 0x%x: not i386 (0x14c) or x86-64 (0x8664)", name, machine);
        return false;
    }
    /* The magic alone is not enough: the loader's own copies of the string literal
     * (in messages) are NUL-terminated, so the version word after them is never 1. */
    uint32_t found = 0, where = 0;
    for (uint32_t i = 0; size >= ENROLL_BLOCK_SIZE && i <= size - ENROLL_BLOCK_SIZE; i++) {
        if (file[i] == ENROLL_MAGIC[0] && same(file + i, ENROLL_MAGIC, ENROLL_MAGIC_SIZE) &&
            le32(file + i + offsetof(struct enroll_block, version)) == ENROLL_VERSION) {
            where = i;
            found++;
        }
    }
    if (found != 1) {
        diag_set(d,
                 "%s: enroll blocks (magic \"%s\", version %u) = %u: not one (not our "
                 "loader, or built without one)",
                 name, ENROLL_MAGIC, ENROLL_VERSION, found);
        return false;
    }
    *at = where;
    return true;
}

bool enroll_write(uint8_t *file, uint32_t size, const char *name,
                  const uint8_t digest[SHA256_DIGEST_SIZE], struct diag *d)
{
    uint32_t at;
    if (!enroll_find(file, size, name, &at, d))
        return false;
    uint8_t *b = file + at;
    uint8_t *flag = b + offsetof(struct enroll_block, enrolled);
    flag[0] = 1, flag[1] = 0, flag[2] = 0, flag[3] = 0; /* little-endian 1 */
    diag_memcpy(b + offsetof(struct enroll_block, sha256), digest, SHA256_DIGEST_SIZE);
    return true;
}
