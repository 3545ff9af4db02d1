/* enroll.h - the block in each loader binary that holds the enrolled SHA-256 of boot.cfg.
 *
 * `make sign` (tools/enroll.c) finds the block by its magic in the PE file and writes
 * the digest of ESP/boot.cfg into it before sbsign signs the file, so the signature
 * covers it. The loader reads the block in place (efi/secure.c). The block lives in
 * .data, which objcopy copies into the PE image (mk/loader*.mk: -j .data).
 */
#ifndef LOADER_ENROLL_H
#define LOADER_ENROLL_H

#include <stdbool.h>
#include <stdint.h>
#include "diag.h"
#include "sha256.h"

#define ENROLL_MAGIC "boot.cfg sha256:" /* 16 bytes, no NUL: found once in the file */
#define ENROLL_MAGIC_SIZE 16u
#define ENROLL_VERSION 1u
#define ENROLL_BLOCK_SIZE 64u

struct enroll_block {
    char magic[ENROLL_MAGIC_SIZE];
    uint32_t version;  /* ENROLL_VERSION */
    uint32_t enrolled; /* 1: sha256 holds the digest of boot.cfg; 0: nothing enrolled */
    uint8_t reserved[8];
    uint8_t sha256[SHA256_DIGEST_SIZE];
};
_Static_assert(sizeof(struct enroll_block) == ENROLL_BLOCK_SIZE, "enroll block: 64 bytes");

/* True when `b` carries an enrolled digest (magic, version and flag all right). */
bool enroll_present(const struct enroll_block *b);

/* Checks that `file` (`size` bytes, named `name`) is one of our loaders: a PE32 or
 * PE32+ image (MZ, PE signature, machine i386 or x86-64) holding exactly one enroll
 * block. Returns its offset through `at`; false with one line in `d` otherwise. */
bool enroll_find(const uint8_t *file, uint32_t size, const char *name, uint32_t *at,
                 struct diag *d);

/* enroll_find, then writes `digest` into the block and marks it enrolled. */
bool enroll_write(uint8_t *file, uint32_t size, const char *name,
                  const uint8_t digest[SHA256_DIGEST_SIZE], struct diag *d);

#endif
