/* sha256.c - SHA-256 written from FIPS 180-4 (sections 4.1.2, 4.2.2, 5.1.1, 5.3.3, 6.2).
 *
 * Freestanding (no libc): builds in the gnu-efi loader (ia32, x86_64) and on the host.
 * Speed matters because the loader hashes a whole kernel under TCG emulation, so whole
 * blocks are compressed straight from the caller's buffer (no copy) in one tight loop
 * with no per-byte calls; only a partial block at either end goes through ctx->buf.
 */
#include "sha256.h"

/* FIPS 180-4 4.2.2: the first 32 bits of the fractional parts of the cube roots of the
 * first 64 primes. */
static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2,
};

/* FIPS 180-4 5.3.3: the initial hash value H(0) (square roots of the first 8 primes). */
static const uint32_t H0[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static inline uint32_t rotr(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }

/* FIPS 180-4 4.1.2 functions. */
#define CH(x, y, z) (((x) & (y)) ^ (~(x) & (z)))
#define MAJ(x, y, z) (((x) & (y)) ^ ((x) & (z)) ^ ((y) & (z)))
#define BSIG0(x) (rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22))
#define BSIG1(x) (rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25))
#define SSIG0(x) (rotr(x, 7) ^ rotr(x, 18) ^ ((x) >> 3))
#define SSIG1(x) (rotr(x, 17) ^ rotr(x, 19) ^ ((x) >> 10))

/* Message words are big-endian (FIPS 180-4 3.1); read bytes so alignment never matters. */
static inline uint32_t load_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void store_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* FIPS 180-4 6.2.2: compresses `nblocks` consecutive 64-byte blocks into h. The
 * schedule is a 16-word ring (W[t] only needs W[t-2], W[t-7], W[t-15], W[t-16]). */
static void compress(uint32_t h[8], const uint8_t *p, uint32_t nblocks)
{
    uint32_t w[16];
    while (nblocks--) {
        uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
        uint32_t e = h[4], f = h[5], g = h[6], hh = h[7];
        for (unsigned t = 0; t < 64; t++) {
            uint32_t wt;
            if (t < 16) {
                wt = w[t] = load_be32(p + 4 * t);
            } else {
                uint32_t w2 = w[(t - 2) & 15], w15 = w[(t - 15) & 15];
                wt = w[t & 15] += SSIG1(w2) + w[(t - 7) & 15] + SSIG0(w15);
            }
            uint32_t t1 = hh + BSIG1(e) + CH(e, f, g) + K[t] + wt;
            uint32_t t2 = BSIG0(a) + MAJ(a, b, c);
            hh = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
        h[5] += f;
        h[6] += g;
        h[7] += hh;
        p += SHA256_BLOCK_SIZE;
    }
}

void sha256_init(struct sha256_ctx *c)
{
    for (unsigned i = 0; i < 8; i++)
        c->h[i] = H0[i];
    c->total = 0;
    c->fill = 0;
}

void sha256_update(struct sha256_ctx *c, const void *data, uint32_t n)
{
    const uint8_t *p = data;
    c->total += n;
    if (c->fill) { /* top up the partial block first */
        uint32_t take = SHA256_BLOCK_SIZE - c->fill;
        if (take > n)
            take = n;
        for (uint32_t i = 0; i < take; i++)
            c->buf[c->fill + i] = p[i];
        c->fill += take;
        p += take;
        n -= take;
        if (c->fill < SHA256_BLOCK_SIZE)
            return;
        compress(c->h, c->buf, 1);
        c->fill = 0;
    }
    uint32_t whole = n / SHA256_BLOCK_SIZE;
    compress(c->h, p, whole);
    p += whole * SHA256_BLOCK_SIZE;
    n -= whole * SHA256_BLOCK_SIZE;
    for (uint32_t i = 0; i < n; i++)
        c->buf[i] = p[i];
    c->fill = n;
}

/* FIPS 180-4 5.1.1: append a 1 bit, zeros up to 56 mod 64 bytes, then the message
 * length in bits as a 64-bit big-endian number. */
void sha256_final(struct sha256_ctx *c, uint8_t out[SHA256_DIGEST_SIZE])
{
    uint64_t bits = c->total * 8;
    uint32_t i = c->fill;
    c->buf[i++] = 0x80;
    if (i > SHA256_BLOCK_SIZE - 8) { /* no room for the length: pad out this block */
        while (i < SHA256_BLOCK_SIZE)
            c->buf[i++] = 0;
        compress(c->h, c->buf, 1);
        i = 0;
    }
    while (i < SHA256_BLOCK_SIZE - 8)
        c->buf[i++] = 0;
    store_be32(c->buf + 56, (uint32_t)(bits >> 32));
    store_be32(c->buf + 60, (uint32_t)bits);
    compress(c->h, c->buf, 1);
    for (unsigned k = 0; k < 8; k++)
        store_be32(out + 4 * k, c->h[k]);
    /* Leave nothing of the message behind in the caller's context. */
    for (unsigned k = 0; k < 8; k++)
        c->h[k] = 0;
    for (unsigned k = 0; k < SHA256_BLOCK_SIZE; k++)
        c->buf[k] = 0;
    c->total = 0;
    c->fill = 0;
}

void sha256(const void *data, uint32_t n, uint8_t out[SHA256_DIGEST_SIZE])
{
    struct sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, data, n);
    sha256_final(&c, out);
}

void sha256_hex(const uint8_t d[SHA256_DIGEST_SIZE], char out[SHA256_HEX_SIZE])
{
    static const char digits[] = "0123456789abcdef";
    for (unsigned i = 0; i < SHA256_DIGEST_SIZE; i++) {
        out[2 * i] = digits[d[i] >> 4];
        out[2 * i + 1] = digits[d[i] & 15];
    }
    out[2 * SHA256_DIGEST_SIZE] = '\0';
}
