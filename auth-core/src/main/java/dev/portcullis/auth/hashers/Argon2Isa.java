package dev.portcullis.auth.hashers;

/**
 * The implementations of Argon2's compression function in the native library, by the instruction
 * set they need. The codes are {@code PC_ISA_*} of {@code portcullis_argon2.h}.
 */
enum Argon2Isa {
  /** The best this CPU runs, asked of the CPU when the library loads. */
  AUTO(0),
  /** Plain C, any x86-64 CPU. */
  PORTABLE(1),
  /** SSSE3 (x86-64-v2 CPUs). */
  SSSE3(2),
  /** AVX2 (x86-64-v3 CPUs). */
  AVX2(3),
  /** AVX-512F and AVX-512VL (x86-64-v4 CPUs): AVX2's code with one-instruction rotations. */
  AVX512(4);

  private final int code;

  Argon2Isa(int code) {
    this.code = code;
  }

  int code() {
    return code;
  }

  static Argon2Isa ofCode(int code) {
    for (Argon2Isa isa : values()) {
      if (isa.code == code) {
        return isa;
      }
    }
    throw new IllegalArgumentException("no instruction set has code " + code);
  }
}
