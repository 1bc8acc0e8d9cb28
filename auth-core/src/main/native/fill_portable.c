/*
 * The compression function G of RFC 9106 section 3.5 in plain C: R = X ^ Y viewed as an 8x8
 * matrix of 16-byte registers, the permutation P applied to each row and then to each column,
 * output Z ^ R. Runs on any CPU; also the reference the SIMD kernels are tested against.
 */
#include "kernels.h"

static inline uint64_t rotr64(uint64_t x, unsigned n) { return (x >> n) | (x << (64 - n)); }

/* RFC 9106 section 3.6: BLAKE2b's G with each addition a + b replaced by a + b + 2*lo(a)*lo(b) */
static inline uint64_t mul_add(uint64_t a, uint64_t b) {
  return a + b + 2 * (uint64_t)(uint32_t)a * (uint32_t)b;
}

#define GB(a, b, c, d)            \
  do {                            \
    a = mul_add(a, b);            \
    d = rotr64(d ^ a, 32);        \
    c = mul_add(c, d);            \
    b = rotr64(b ^ c, 24);        \
    a = mul_add(a, b);            \
    d = rotr64(d ^ a, 16);        \
    c = mul_add(c, d);            \
    b = rotr64(b ^ c, 63);        \
  } while (0)

/* P over the 16 words v0..v15 given by their positions in the block */
#define PERMUTE(w, i0, i1, i2, i3, i4, i5, i6, i7, i8, i9, i10, i11, i12, i13, i14, i15) \
  do {                                                                                 \
    GB(w[i0], w[i4], w[i8], w[i12]);                                                   \
    GB(w[i1], w[i5], w[i9], w[i13]);                                                   \
    GB(w[i2], w[i6], w[i10], w[i14]);                                                  \
    GB(w[i3], w[i7], w[i11], w[i15]);                                                  \
    GB(w[i0], w[i5], w[i10], w[i15]);                                                  \
    GB(w[i1], w[i6], w[i11], w[i12]);                                                  \
    GB(w[i2], w[i7], w[i8], w[i13]);                                                   \
    GB(w[i3], w[i4], w[i9], w[i14]);                                                   \
  } while (0)

void pc_fill_block_portable(const pc_block *prev, const pc_block *ref, pc_block *next,
                            int xor_into_next) {
  uint64_t r[PC_ARGON2_BLOCK_WORDS];
  uint64_t z[PC_ARGON2_BLOCK_WORDS];
  for (int i = 0; i < PC_ARGON2_BLOCK_WORDS; i++) {
    r[i] = prev->v[i] ^ ref->v[i];
    z[i] = r[i];
  }
  /* row i: registers 8i..8i+7, which are the words 16i..16i+15 */
  for (int i = 0; i < 8; i++) {
    int b = 16 * i;
    PERMUTE(z, b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8, b + 9, b + 10, b + 11,
            b + 12, b + 13, b + 14, b + 15);
  }
  /* column j: registers j, j+8, ..., j+56, which are the word pairs 2j+16k, 2j+16k+1 */
  for (int j = 0; j < 8; j++) {
    int b = 2 * j;
    PERMUTE(z, b, b + 1, b + 16, b + 17, b + 32, b + 33, b + 48, b + 49, b + 64, b + 65, b + 80,
            b + 81, b + 96, b + 97, b + 112, b + 113);
  }
  if (xor_into_next) {
    for (int i = 0; i < PC_ARGON2_BLOCK_WORDS; i++) next->v[i] ^= z[i] ^ r[i];
  } else {
    for (int i = 0; i < PC_ARGON2_BLOCK_WORDS; i++) next->v[i] = z[i] ^ r[i];
  }
}
