/* test_sha256.c - loader/sha256.c against the FIPS 180-4 example vectors, a naive
 * second implementation, and every way of splitting a message into updates. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/core/sha256.h"

static void hex_of(const uint8_t d[32], char out[65]) { sha256_hex(d, out); }

static void assert_digest_hex(const uint8_t d[32], const char *want)
{
    char got[65];
    hex_of(d, got);
    assert_string_equal(got, want);
}

/* ---- A second, deliberately simple SHA-256 (test-only) ----
 * Pads the whole message into one heap buffer and compresses it with the 64-word
 * schedule exactly as FIPS 180-4 6.2.2 writes it: no ring buffer, no streaming, no
 * partial blocks, so it shares none of the tricky paths of loader/sha256.c. */
static uint32_t ref_rotr(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }

static void ref_sha256(const uint8_t *msg, size_t n, uint8_t out[32])
{
    static const uint32_t k[64] = {
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
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    size_t padded = (n + 1 + 8 + 63) / 64 * 64;
    uint8_t *m = calloc(padded, 1);
    assert_non_null(m);
    memcpy(m, msg, n);
    m[n] = 0x80;
    uint64_t bits = (uint64_t)n * 8;
    for (int i = 0; i < 8; i++)
        m[padded - 1 - i] = (uint8_t)(bits >> (8 * i));
    for (size_t blk = 0; blk < padded; blk += 64) {
        uint32_t w[64];
        for (int t = 0; t < 16; t++)
            w[t] = (uint32_t)m[blk + 4 * t] << 24 | (uint32_t)m[blk + 4 * t + 1] << 16 |
                   (uint32_t)m[blk + 4 * t + 2] << 8 | m[blk + 4 * t + 3];
        for (int t = 16; t < 64; t++) {
            uint32_t s0 = ref_rotr(w[t - 15], 7) ^ ref_rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
            uint32_t s1 = ref_rotr(w[t - 2], 17) ^ ref_rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = s1 + w[t - 7] + s0 + w[t - 16];
        }
        uint32_t v[8];
        memcpy(v, h, sizeof v);
        for (int t = 0; t < 64; t++) {
            uint32_t e = v[4], a = v[0];
            uint32_t t1 = v[7] + (ref_rotr(e, 6) ^ ref_rotr(e, 11) ^ ref_rotr(e, 25)) +
                          ((e & v[5]) ^ (~e & v[6])) + k[t] + w[t];
            uint32_t t2 = (ref_rotr(a, 2) ^ ref_rotr(a, 13) ^ ref_rotr(a, 22)) +
                          ((a & v[1]) ^ (a & v[2]) ^ (v[1] & v[2]));
            memmove(v + 1, v, 7 * sizeof v[0]);
            v[4] += t1;
            v[0] = t1 + t2;
        }
        for (int i = 0; i < 8; i++)
            h[i] += v[i];
    }
    free(m);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(h[i] >> 24);
        out[4 * i + 1] = (uint8_t)(h[i] >> 16);
        out[4 * i + 2] = (uint8_t)(h[i] >> 8);
        out[4 * i + 3] = (uint8_t)h[i];
    }
}

/* A message whose bytes all differ from their neighbours, so a dropped, repeated or
 * reordered byte changes the digest. */
static void fill_pattern(uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(i * 131 + 7);
}

/* ---- FIPS 180-4 / CAVP example vectors ---- */
static void empty_message_gives_fips_digest(void **state)
{
    (void)state;
    uint8_t d[32];
    sha256("", 0, d);
    assert_digest_hex(d, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void abc_gives_fips_one_block_digest(void **state)
{
    (void)state;
    uint8_t d[32];
    sha256("abc", 3, d);
    assert_digest_hex(d, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void message_of_448_bits_gives_fips_two_block_digest(void **state)
{
    (void)state;
    static const char m[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    uint8_t d[32];
    assert_int_equal(strlen(m) * 8, 448);
    sha256(m, (uint32_t)strlen(m), d);
    assert_digest_hex(d, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void message_of_896_bits_gives_fips_digest(void **state)
{
    (void)state;
    static const char m[] = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                            "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    uint8_t d[32];
    assert_int_equal(strlen(m) * 8, 896);
    sha256(m, (uint32_t)strlen(m), d);
    assert_digest_hex(d, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void million_a_fed_in_uneven_chunks_gives_fips_digest(void **state)
{
    (void)state;
    static const char want[] =
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    enum { TOTAL = 1000000 };
    static uint8_t buf[1000];
    memset(buf, 'a', sizeof buf);
    /* Chunk sizes cycle through values that straddle block boundaries in every way. */
    static const uint32_t chunks[] = {1, 63, 64, 65, 127, 0, 999, 3, 500, 128, 7};
    struct sha256_ctx c;
    sha256_init(&c);
    uint32_t done = 0;
    for (unsigned i = 0; done < TOTAL; i++) {
        uint32_t n = chunks[i % (sizeof chunks / sizeof chunks[0])];
        if (n > TOTAL - done)
            n = TOTAL - done;
        sha256_update(&c, buf, n);
        done += n;
    }
    uint8_t d[32];
    sha256_final(&c, d);
    assert_digest_hex(d, want);

    /* And in one call, from one buffer. */
    uint8_t *big = malloc(TOTAL);
    assert_non_null(big);
    memset(big, 'a', TOTAL);
    sha256(big, TOTAL, d);
    free(big);
    assert_digest_hex(d, want);
}

/* ---- Streaming ---- */
static void every_split_of_200_bytes_gives_the_one_shot_digest(void **state)
{
    (void)state;
    uint8_t m[200], whole[32], ref[32];
    fill_pattern(m, sizeof m);
    sha256(m, sizeof m, whole);
    ref_sha256(m, sizeof m, ref);
    assert_memory_equal(whole, ref, 32);
    for (uint32_t split = 0; split <= sizeof m; split++) {
        struct sha256_ctx c;
        uint8_t d[32];
        sha256_init(&c);
        sha256_update(&c, m, split);
        sha256_update(&c, m + split, sizeof m - split);
        sha256_final(&c, d);
        assert_memory_equal(d, whole, 32);
    }
}

static void every_three_way_split_of_200_bytes_gives_the_one_shot_digest(void **state)
{
    (void)state;
    uint8_t m[200], whole[32];
    fill_pattern(m, sizeof m);
    sha256(m, sizeof m, whole);
    for (uint32_t a = 0; a <= sizeof m; a += 7)
        for (uint32_t b = a; b <= sizeof m; b++) {
            struct sha256_ctx c;
            uint8_t d[32];
            sha256_init(&c);
            sha256_update(&c, m, a);
            sha256_update(&c, m + a, b - a);
            sha256_update(&c, m + b, sizeof m - b);
            sha256_final(&c, d);
            assert_memory_equal(d, whole, 32);
        }
}

/* ---- Padding edges ----
 * 55 bytes: the 0x80 and the length just fit the one block.
 * 56 bytes: the 0x80 fits, the length does not: a second block of zeros and length.
 * 63 bytes: only the 0x80 fits.  64: a whole block, padding alone in the next.  65: one
 * byte spills into the second block. */
static const uint32_t edge_lengths[] = {0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129};

static void padding_edges_match_reference_one_shot_and_byte_at_a_time(void **state)
{
    (void)state;
    for (unsigned i = 0; i < sizeof edge_lengths / sizeof edge_lengths[0]; i++) {
        uint32_t n = edge_lengths[i];
        uint8_t m[129], one[32], bytes[32], ref[32];
        fill_pattern(m, n);
        sha256(m, n, one);
        struct sha256_ctx c;
        sha256_init(&c);
        for (uint32_t j = 0; j < n; j++)
            sha256_update(&c, m + j, 1);
        sha256_final(&c, bytes);
        ref_sha256(m, n, ref);
        if (memcmp(one, ref, 32) != 0)
            fail_msg("length %u: one-shot digest differs from the reference", n);
        if (memcmp(bytes, ref, 32) != 0)
            fail_msg("length %u: byte-at-a-time digest differs from the reference", n);
    }
}

/* Digests of n 'a' bytes at the padding edges, from GNU coreutils sha256sum (an
 * implementation independent of both above). */
static void padding_edges_of_letter_a_match_coreutils(void **state)
{
    (void)state;
    static const struct {
        uint32_t n;
        const char *hex;
    } v[] = {
        {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
        {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
        {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
        {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
        {65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
    };
    uint8_t m[65];
    memset(m, 'a', sizeof m);
    for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++) {
        uint8_t d[32];
        sha256(m, v[i].n, d);
        assert_digest_hex(d, v[i].hex);
    }
}

/* The hash of data at any alignment is the same: the loader's file buffers are not
 * promised to be 4-byte aligned. */
static void unaligned_input_gives_the_same_digest(void **state)
{
    (void)state;
    uint8_t storage[300 + 8], want[32];
    fill_pattern(storage, 300);
    sha256(storage, 300, want);
    for (unsigned off = 1; off < 8; off++) {
        uint8_t buf[300 + 8], d[32];
        memcpy(buf + off, storage, 300);
        sha256(buf + off, 300, d);
        assert_memory_equal(d, want, 32);
    }
}

static void hex_is_64_lowercase_digits_and_nul(void **state)
{
    (void)state;
    uint8_t d[32];
    char out[65];
    for (int i = 0; i < 32; i++)
        d[i] = (uint8_t)(i * 8 + 0x0f);
    memset(out, 'X', sizeof out);
    sha256_hex(d, out);
    assert_string_equal(out, "0f171f272f373f474f575f676f777f878f979fa7afb7bfc7cfd7dfe7eff7ff07");
    assert_int_equal(out[64], '\0');
}

static void final_wipes_the_context(void **state)
{
    (void)state;
    struct sha256_ctx c;
    uint8_t d[32];
    sha256_init(&c);
    sha256_update(&c, "secret", 6);
    sha256_final(&c, d);
    for (int i = 0; i < 8; i++)
        assert_int_equal(c.h[i], 0);
    for (unsigned i = 0; i < sizeof c.buf; i++)
        assert_int_equal(c.buf[i], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_message_gives_fips_digest),
        cmocka_unit_test(abc_gives_fips_one_block_digest),
        cmocka_unit_test(message_of_448_bits_gives_fips_two_block_digest),
        cmocka_unit_test(message_of_896_bits_gives_fips_digest),
        cmocka_unit_test(million_a_fed_in_uneven_chunks_gives_fips_digest),
        cmocka_unit_test(every_split_of_200_bytes_gives_the_one_shot_digest),
        cmocka_unit_test(every_three_way_split_of_200_bytes_gives_the_one_shot_digest),
        cmocka_unit_test(padding_edges_match_reference_one_shot_and_byte_at_a_time),
        cmocka_unit_test(padding_edges_of_letter_a_match_coreutils),
        cmocka_unit_test(unaligned_input_gives_the_same_digest),
        cmocka_unit_test(hex_is_64_lowercase_digits_and_nul),
        cmocka_unit_test(final_wipes_the_context),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
