/* sha256.h - SHA-256 (FIPS 180-4) for boot.cfg's `sha256 =` pins on the kernel and modules. */
#ifndef LOADER_SHA256_H
#define LOADER_SHA256_H

#include <stdint.h>

#define SHA256_DIGEST_SIZE 32u
#define SHA256_BLOCK_SIZE 64u
#define SHA256_HEX_SIZE 65u /* 64 lowercase hex digits and a NUL */

/* Streaming state. Messages are limited to 2^64 - 1 bits by the length field; the
 * loader's files are far below that. */
struct sha256_ctx {
    uint32_t h[8];                    /* intermediate hash value H(i) */
    uint64_t total;                   /* bytes consumed so far */
    uint32_t fill;                    /* bytes waiting in buf */
    uint8_t buf[SHA256_BLOCK_SIZE];   /* a partial block */
};

void sha256_init(struct sha256_ctx *c);
/* Absorbs `n` bytes; any split of a message into updates gives the same digest. */
void sha256_update(struct sha256_ctx *c, const void *data, uint32_t n);
/* Pads, writes the 32-byte digest to `out` and wipes the context's state. */
void sha256_final(struct sha256_ctx *c, uint8_t out[SHA256_DIGEST_SIZE]);
/* One call: the digest of `n` bytes at `data`. */
void sha256(const void *data, uint32_t n, uint8_t out[SHA256_DIGEST_SIZE]);
/* The digest as 64 lowercase hex digits, NUL-terminated (for error lines). */
void sha256_hex(const uint8_t d[SHA256_DIGEST_SIZE], char out[SHA256_HEX_SIZE]);

#endif
