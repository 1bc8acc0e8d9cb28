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

/*
 * Columns j and j+1 (j even) together: the 32 bytes at 16-byte registers j+8k and j+1+8k are
 * one __m256i, so two aligned loads and two lane permutes give each column's pair of registers.
 */
#define LOW_LANES 0x20  /* result = (first.low, second.low) */
#define HIGH_LANES 0x31 /* result = (first.high, second.high) */

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
  struct {
    __m256i w[32];
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
  /*
   * columns: column j is 16-byte registers j, j+8, ..., j+56, i.e. the low or high half of
   * z.w[j/2 + 4k]; two columns at a time, and the output (Z ^ R, XORed into next) written as each
   * pair of columns is done
   */
  for (int j = 0; j < 8; j += 2) {
    int w = j / 2;
    __m256i w0 = z.w[w], w1 = z.w[w + 4], w2 = z.w[w + 8], w3 = z.w[w + 12];
    __m256i w4 = z.w[w + 16], w5 = z.w[w + 20], w6 = z.w[w + 24], w7 = z.w[w + 28];
    __m256i a = _mm256_permute2x128_si256(w0, w1, LOW_LANES);
    __m256i b = _mm256_permute2x128_si256(w2, w3, LOW_LANES);
    __m256i c = _mm256_permute2x128_si256(w4, w5, LOW_LANES);
    __m256i d = _mm256_permute2x128_si256(w6, w7, LOW_LANES);
    __m256i e = _mm256_permute2x128_si256(w0, w1, HIGH_LANES);
    __m256i f = _mm256_permute2x128_si256(w2, w3, HIGH_LANES);
    __m256i g = _mm256_permute2x128_si256(w4, w5, HIGH_LANES);
    __m256i h = _mm256_permute2x128_si256(w6, w7, HIGH_LANES);
    PERMUTE2(a, b, c, d, e, f, g, h);
    __m256i result[8] = {
        _mm256_permute2x128_si256(a, e, LOW_LANES), _mm256_permute2x128_si256(a, e, HIGH_LANES),
        _mm256_permute2x128_si256(b, f, LOW_LANES), _mm256_permute2x128_si256(b, f, HIGH_LANES),
        _mm256_permute2x128_si256(c, g, LOW_LANES), _mm256_permute2x128_si256(c, g, HIGH_LANES),
        _mm256_permute2x128_si256(d, h, LOW_LANES), _mm256_permute2x128_si256(d, h, HIGH_LANES)};
    for (int k = 0; k < 8; k++) {
      int index = w + 4 * k;
      __m256i value = _mm256_xor_si256(result[k], r[index]);
      if (xor_into_next) value = _mm256_xor_si256(value, _mm256_load_si256(&out[index]));
      _mm256_store_si256(&out[index], value);
    }
  }
}
