/*
 * G with SSSE3 (compiled with -mssse3 only): a 16-byte register of RFC 9106 is one __m128i, so a
 * row is 8 consecutive registers and a column is every 8th one; P runs as BLAKE2b's round does
 * in two-word vectors, with pshufb for the 24- and 16-bit rotations.
 */
#include <tmmintrin.h>

#include "kernels.h"

#define ROTR32(x) _mm_shuffle_epi32((x), _MM_SHUFFLE(2, 3, 0, 1))
#define ROTR24(x) _mm_shuffle_epi8((x), rotr24)
#define ROTR16(x) _mm_shuffle_epi8((x), rotr16)
#define ROTR63(x) _mm_xor_si128(_mm_srli_epi64((x), 63), _mm_add_epi64((x), (x)))

/* a + b + 2*lo(a)*lo(b) per 64-bit lane */
#define MUL_ADD(a, b)                                                             \
  _mm_add_epi64(_mm_add_epi64((a), (b)),                                          \
                _mm_add_epi64(_mm_mul_epu32((a), (b)), _mm_mul_epu32((a), (b))))

#define HALF_ROUND(a0, a1, b0, b1, c0, c1, d0, d1)                              \
  do {                                                                          \
    a0 = MUL_ADD(a0, b0); a1 = MUL_ADD(a1, b1);                                 \
    d0 = ROTR32(_mm_xor_si128(d0, a0)); d1 = ROTR32(_mm_xor_si128(d1, a1));     \
    c0 = MUL_ADD(c0, d0); c1 = MUL_ADD(c1, d1);                                 \
    b0 = ROTR24(_mm_xor_si128(b0, c0)); b1 = ROTR24(_mm_xor_si128(b1, c1));     \
    a0 = MUL_ADD(a0, b0); a1 = MUL_ADD(a1, b1);                                 \
    d0 = ROTR16(_mm_xor_si128(d0, a0)); d1 = ROTR16(_mm_xor_si128(d1, a1));     \
    c0 = MUL_ADD(c0, d0); c1 = MUL_ADD(c1, d1);                                 \
    b0 = ROTR63(_mm_xor_si128(b0, c0)); b1 = ROTR63(_mm_xor_si128(b1, c1));     \
  } while (0)

/* lanes (v4..v7) -> (v5,v6),(v7,v4); (v8..v11) -> swapped halves; (v12..v15) -> (v15,v12),(v13,v14) */
#define DIAGONALIZE(b0, b1, c0, c1, d0, d1)                                     \
  do {                                                                          \
    __m128i t0 = _mm_alignr_epi8(b1, b0, 8), t1 = _mm_alignr_epi8(b0, b1, 8);   \
    b0 = t0; b1 = t1;                                                           \
    t0 = c0; c0 = c1; c1 = t0;                                                  \
    t0 = _mm_alignr_epi8(d0, d1, 8); t1 = _mm_alignr_epi8(d1, d0, 8);           \
    d0 = t0; d1 = t1;                                                           \
  } while (0)

#define UNDIAGONALIZE(b0, b1, c0, c1, d0, d1)                                   \
  do {                                                                          \
    __m128i t0 = _mm_alignr_epi8(b0, b1, 8), t1 = _mm_alignr_epi8(b1, b0, 8);   \
    b0 = t0; b1 = t1;                                                           \
    t0 = c0; c0 = c1; c1 = t0;                                                  \
    t0 = _mm_alignr_epi8(d1, d0, 8); t1 = _mm_alignr_epi8(d0, d1, 8);           \
    d0 = t0; d1 = t1;                                                           \
  } while (0)

#define PERMUTE(r0, r1, r2, r3, r4, r5, r6, r7)         \
  do {                                                  \
    HALF_ROUND(r0, r1, r2, r3, r4, r5, r6, r7);         \
    DIAGONALIZE(r2, r3, r4, r5, r6, r7);                \
    HALF_ROUND(r0, r1, r2, r3, r4, r5, r6, r7);         \
    UNDIAGONALIZE(r2, r3, r4, r5, r6, r7);              \
  } while (0)

void pc_fill_block_ssse3(const pc_block *prev, const pc_block *ref, pc_block *next,
                         int xor_into_next) {
  const __m128i rotr24 = _mm_setr_epi8(3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10);
  const __m128i rotr16 = _mm_setr_epi8(2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9);
  const __m128i *x = (const __m128i *)prev->v;
  const __m128i *y = (const __m128i *)ref->v;
  __m128i *out = (__m128i *)next->v;
  __m128i r[64], z[64];
  for (int i = 0; i < 64; i++) {
    r[i] = _mm_xor_si128(_mm_load_si128(&x[i]), _mm_load_si128(&y[i]));
    z[i] = r[i];
  }
  for (int i = 0; i < 8; i++) {
    __m128i *q = &z[8 * i];
    PERMUTE(q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7]);
  }
  for (int j = 0; j < 8; j++) {
    PERMUTE(z[j], z[j + 8], z[j + 16], z[j + 24], z[j + 32], z[j + 40], z[j + 48], z[j + 56]);
  }
  if (xor_into_next) {
    for (int i = 0; i < 64; i++)
      _mm_store_si128(&out[i],
                      _mm_xor_si128(_mm_load_si128(&out[i]), _mm_xor_si128(z[i], r[i])));
  } else {
    for (int i = 0; i < 64; i++) _mm_store_si128(&out[i], _mm_xor_si128(z[i], r[i]));
  }
}
