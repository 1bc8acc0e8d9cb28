/* BLAKE2b as RFC 7693 section 3 specifies it (portable C: it runs a few times per Argon2 hash). */
#include "blake2b.h"

#include <string.h>

static const uint64_t blake2b_iv[8] = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};

/* RFC 7693 section 2.7: message word schedule; rounds 10 and 11 reuse rows 0 and 1. */
static const uint8_t sigma[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3}};

static inline uint64_t rotr64(uint64_t x, unsigned n) { return (x >> n) | (x << (64 - n)); }

static inline uint64_t load64(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
  return v;
}

/* RFC 7693 section 3.1, the mixing function G. */
#define MIX(a, b, c, d, x, y)   \
  do {                          \
    v[a] = v[a] + v[b] + (x);   \
    v[d] = rotr64(v[d] ^ v[a], 32); \
    v[c] = v[c] + v[d];         \
    v[b] = rotr64(v[b] ^ v[c], 24); \
    v[a] = v[a] + v[b] + (y);   \
    v[d] = rotr64(v[d] ^ v[a], 16); \
    v[c] = v[c] + v[d];         \
    v[b] = rotr64(v[b] ^ v[c], 63); \
  } while (0)

/* RFC 7693 section 3.2, the compression function F. */
static void compress(pc_blake2b_state *s, const uint8_t block[PC_BLAKE2B_BLOCK_BYTES], int last) {
  uint64_t m[16];
  uint64_t v[16];
  for (int i = 0; i < 16; i++) m[i] = load64(block + 8 * i);
  for (int i = 0; i < 8; i++) {
    v[i] = s->h[i];
    v[i + 8] = blake2b_iv[i];
  }
  v[12] ^= s->t[0];
  v[13] ^= s->t[1];
  if (last) v[14] = ~v[14];
  for (int r = 0; r < 12; r++) {
    const uint8_t *z = sigma[r];
    MIX(0, 4, 8, 12, m[z[0]], m[z[1]]);
    MIX(1, 5, 9, 13, m[z[2]], m[z[3]]);
    MIX(2, 6, 10, 14, m[z[4]], m[z[5]]);
    MIX(3, 7, 11, 15, m[z[6]], m[z[7]]);
    MIX(0, 5, 10, 15, m[z[8]], m[z[9]]);
    MIX(1, 6, 11, 12, m[z[10]], m[z[11]]);
    MIX(2, 7, 8, 13, m[z[12]], m[z[13]]);
    MIX(3, 4, 9, 14, m[z[14]], m[z[15]]);
  }
  for (int i = 0; i < 8; i++) s->h[i] ^= v[i] ^ v[i + 8];
  pc_wipe(m, sizeof m); /* message words may be password bytes */
  pc_wipe(v, sizeof v);
}

static void add_to_counter(pc_blake2b_state *s, uint64_t bytes) {
  s->t[0] += bytes;
  if (s->t[0] < bytes) s->t[1]++;
}

void pc_blake2b_init(pc_blake2b_state *s, size_t digest_bytes) {
  memset(s, 0, sizeof *s);
  for (int i = 0; i < 8; i++) s->h[i] = blake2b_iv[i];
  /* parameter block: digest length, no key, fanout 1, depth 1 */
  s->h[0] ^= 0x01010000ULL ^ (uint64_t)digest_bytes;
  s->digest_bytes = digest_bytes;
}

void pc_blake2b_update(pc_blake2b_state *s, const void *data, size_t length) {
  const uint8_t *in = data;
  while (length > 0) {
    if (s->buffered == PC_BLAKE2B_BLOCK_BYTES) {
      /* only now is it known that this block is not the last one */
      add_to_counter(s, PC_BLAKE2B_BLOCK_BYTES);
      compress(s, s->buffer, 0);
      s->buffered = 0;
    }
    size_t take = PC_BLAKE2B_BLOCK_BYTES - s->buffered;
    if (take > length) take = length;
    memcpy(s->buffer + s->buffered, in, take);
    s->buffered += take;
    in += take;
    length -= take;
  }
}

void pc_blake2b_final(pc_blake2b_state *s, uint8_t *digest) {
  add_to_counter(s, s->buffered);
  memset(s->buffer + s->buffered, 0, PC_BLAKE2B_BLOCK_BYTES - s->buffered);
  compress(s, s->buffer, 1);
  for (size_t i = 0; i < s->digest_bytes; i++) digest[i] = (uint8_t)(s->h[i / 8] >> (8 * (i % 8)));
  pc_wipe(s, sizeof *s);
}

void pc_blake2b(uint8_t *digest, size_t digest_bytes, const void *data, size_t length) {
  pc_blake2b_state s;
  pc_blake2b_init(&s, digest_bytes);
  pc_blake2b_update(&s, data, length);
  pc_blake2b_final(&s, digest);
}

void pc_wipe(void *memory, size_t length) {
  if (length == 0) return;
  memset(memory, 0, length);
  /* the empty asm claims to read the memory, so the memset above is not a dead store */
  __asm__ __volatile__("" : : "r"(memory) : "memory");
}
