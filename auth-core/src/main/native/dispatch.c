/* Run-time choice of the compression kernel from the CPU's features (cpuid via gcc builtins). */
#include "kernels.h"

int pc_isa_supported(int isa) {
  __builtin_cpu_init();
  switch (isa) {
    case PC_ISA_PORTABLE:
      return 1;
    case PC_ISA_SSSE3:
      return __builtin_cpu_supports("ssse3") ? 1 : 0;
    case PC_ISA_AVX2:
      return __builtin_cpu_supports("avx2") ? 1 : 0;
    case PC_ISA_AVX512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") ? 1 : 0;
    default:
      return 0;
  }
}

int pc_isa_best(void) {
  if (pc_isa_supported(PC_ISA_AVX512)) return PC_ISA_AVX512;
  if (pc_isa_supported(PC_ISA_AVX2)) return PC_ISA_AVX2;
  if (pc_isa_supported(PC_ISA_SSSE3)) return PC_ISA_SSSE3;
  return PC_ISA_PORTABLE;
}

const char *pc_isa_name(int isa) {
  switch (isa) {
    case PC_ISA_PORTABLE:
      return "portable";
    case PC_ISA_SSSE3:
      return "ssse3";
    case PC_ISA_AVX2:
      return "avx2";
    case PC_ISA_AVX512:
      return "avx512";
    default:
      return "unknown";
  }
}

pc_fill_block_fn pc_fill_block_for(int isa) {
  if (isa == PC_ISA_AUTO) isa = pc_isa_best();
  if (!pc_isa_supported(isa)) return 0;
  switch (isa) {
    case PC_ISA_AVX512:
      return pc_fill_block_avx512;
    case PC_ISA_AVX2:
      return pc_fill_block_avx2;
    case PC_ISA_SSSE3:
      return pc_fill_block_ssse3;
    default:
      return pc_fill_block_portable;
  }
}
