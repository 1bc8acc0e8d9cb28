/*
 * G with AVX2 (compiled with -mavx2 only): a row of RFC 9106's matrix (16 words) is four __m256i
 * and P runs on it as a BLAKE2b round does, diagonalising with vpermq. A column's 16 words are
 * 8 registers spread over the block, gathered two 16-byte registers per __m256i.
 */
#include <immintrin.h>

#include "kernels.h"

#ifdef PC_FILL_AVX512VL
/* fill_avx512.c: the same code with AVX-512VL's one-instruction 64-bit rotation */
#define ROTR32(x) _mm256_ror_epi64((x), 32)
#define ROTR24(x) _mm256_ror_epi64((x), 24)
#define ROTR16(x) _mm256_ror_epi64((x), 16)
#define ROTR63(x) _mm256_ror_epi64((x), 63)
#define PC_FILL_BLOCK pc_fill_block_avx512
#else
#define ROTR32(x) _mm256_shuffle_epi32((x), _MM_SHUFFLE(2, 3, 0, 1))
#define ROTR24(x) _mm256_shuffle_epi8((x), rotr24)
#define ROTR16(x) _mm256_shuffle_epi8((x), rotr16)
#define ROTR63(x) _mm256_xor_si256(_mm256_srli_epi64((x), 63), _mm256_add_epi64((x), (x)))
#define PC_FILL_BLOCK pc_fill_block_avx2
#endif

#define MUL_ADD(a, b)                                                                   \
  _mm256_add_epi64(_mm256_add_epi64((a), (b)),                                          \
                   _mm256_add_epi64(_mm256_mul_epu32((a), (b)), _mm256_mul_epu32((a), (b))))

/* Two independent permutations interleaved, for instruction-level parallelism. */
#define HALF_ROUND(a, b, c, d, e, f, g, h)                                          \
  do {                                                                              \
    a = MUL_ADD(a, b); e = MUL_ADD(e, f);                                           \
    d = ROTR32(_mm256_xor_si256(d, a)); h = ROTR32(_mm256_xor_si256(h, e));         \
    c = MUL_ADD(c, d); g = MUL_ADD(g, h);                                           \
    b = ROTR24(_mm256_xor_si256(b, c)); f = ROTR24(_mm256_xor_si256(f, g));         \
    a = MUL_ADD(a, b); e = MUL_ADD(e, f);                                           \
    d = ROTR16(_mm256_xor_si256(d, a)); h = ROTR16(_mm256_xor_si256(h, e));         \
    c = MUL_ADD(c, d); g = MUL_ADD(g, h);                                           \
    b = ROTR63(_mm256_xor_si256(b, c)); f = ROTR63(_mm256_xor_si256(f, g));         \
  } while (0)

#define ROTATE_LANES(x, imm) _mm256_permute4x64_epi64((x), (imm))

#define PERMUTE2(a, b, c, d, e, f, g, h)                                            \
  do {                                                                              \
    HALF_ROUND(a, b, c, d, e, f, g, h);                                             \
    b = ROTATE_LANES(b, _MM_SHUFFLE(0, 3, 2, 1)); f = ROTATE_LANES(f, _MM_SHUFFLE(0, 3, 2, 1)); \
    c = ROTATE_LANES(c, _MM_SHUFFLE(1, 0, 3, 2)); g = ROTATE_LANES(g, _MM_SHUFFLE(1, 0, 3, 2)); \
    d = ROTATE_LANES(d, _MM_SHUFFLE(2, 1, 0, 3)); h = ROTATE_LANES(h, _MM_SHUFFLE(2, 1, 0, 3)); \
    HALF_ROUND(a, b, c, d, e, f, g, h);                                             \
    b = ROTATE_LANES(b, _MM_SHUFFLE(2, 1, 0, 3)); f = ROTATE_LANES(f, _MM_SHUFFLE(2, 1, 0, 3)); \
    c = ROTATE_LANES(c, _MM_SHUFFLE(1, 0, 3, 2)); g = ROTATE_LANES(g, _MM_SHUFFLE(1, 0, 3, 2)); \
    d = ROTATE_LANES(d, _MM_SHUFFLE(0, 3, 2, 1)); h = ROTATE_LANES(h, _MM_SHUFFLE(0, 3, 2, 1)); \
  } while (0)

/* the 16-byte registers k and k+8 of column j, i.e. words 2j+16k.. and 2j+16(k+1).. */
static inline __m256i pair(const __m128i *q, int first, int second) {
  return _mm256_inserti128_si256(_mm256_castsi128_si256(q[first]), q[second], 1);
}

static inline void unpair(__m128i *q, int first, int second, __m256i v) {
  q[first] = _mm256_castsi256_si128(v);
  q[second] = _mm256_extracti128_si256(v, 1);
}

void PC_FILL_BLOCK(const pc_block *prev, const pc_block *ref, pc_block *next,
                   int xor_into_next) {
  __attribute__((unused)) const __m256i rotr24 = _mm256_setr_epi8(3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10,
                                          3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10);
  __attribute__((unused)) const __m256i rotr16 = _mm256_setr_epi8(2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9,
                                          2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9);
  const __m256i *x = (const __m256i *)prev->v;
  const __m256i *y = (const __m256i *)ref->v;
  __m256i *out = (__m256i *)next->v;
  __m256i r[32];
  union {
    __m256i w[32];
    __m128i q[64];
  } z;
  for (int i = 0; i < 32; i++) {
    r[i] = _mm256_xor_si256(_mm256_load_si256(&x[i]), _mm256_load_si256(&y[i]));
    z.w[i] = r[i];
  }
  /* rows: row i is z.w[4i..4i+3]; two rows at a time */
  for (int i = 0; i < 8; i += 2) {
    __m256i *p = &z.w[4 * i];
    PERMUTE2(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
  }
  /* columns: column j is 16-byte registers j, j+8, ..., j+56; two columns at a time */
  for (int j = 0; j < 8; j += 2) {
    __m128i *q = z.q;
    __m256i a = pair(q, j, j + 8), b = pair(q, j + 16, j + 24), c = pair(q, j + 32, j + 40),
            d = pair(q, j + 48, j + 56);
    __m256i e = pair(q, j + 1, j + 9), f = pair(q, j + 17, j + 25), g = pair(q, j + 33, j + 41),
            h = pair(q, j + 49, j + 57);
    PERMUTE2(a, b, c, d, e, f, g, h);
    unpair(q, j, j + 8, a); unpair(q, j + 16, j + 24, b);
    unpair(q, j + 32, j + 40, c); unpair(q, j + 48, j + 56, d);
    unpair(q, j + 1, j + 9, e); unpair(q, j + 17, j + 25, f);
    unpair(q, j + 33, j + 41, g); unpair(q, j + 49, j + 57, h);
  }
  if (xor_into_next) {
    for (int i = 0; i < 32; i++)
      _mm256_store_si256(&out[i], _mm256_xor_si256(_mm256_load_si256(&out[i]),
                                                   _mm256_xor_si256(z.w[i], r[i])));
  } else {
    for (int i = 0; i < 32; i++) _mm256_store_si256(&out[i], _mm256_xor_si256(z.w[i], r[i]));
  }
}
