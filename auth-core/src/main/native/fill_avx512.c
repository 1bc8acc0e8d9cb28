/*
 * G with AVX-512F/VL (compiled with -mavx512f -mavx512vl): fill_avx2.c's 256-bit code, where each
 * of the four rotations of a GB step is one vprorq instead of a shuffle or three instructions.
 */
#define PC_FILL_AVX512VL 1
#include "fill_avx2.c"
