package dev.portcullis.auth.hashers;

import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.config.Argon2idPolicy;

/**
 * What shapes one Argon2 computation besides its inputs (RFC 9106 §3.1): the variant, the version,
 * the costs and the tag length. One value instead of six positional ints, so that a backend call
 * cannot swap the iterations for the memory.
 *
 * @param version {@link Argon2Hash#VERSION_16} or {@link Argon2Hash#VERSION_19}
 */
record Argon2Params(
    Argon2Variant variant,
    int version,
    int iterations,
    int memoryKib,
    int parallelism,
    int tagBytes) {

  /**
   * Checks RFC 9106's ranges; the PHC format's and the caps' narrower ones are {@link
   * Argon2Hash}'s and the policy's business.
   *
   * @throws NullPointerException if {@code variant} is null
   * @throws IllegalArgumentException naming the parameter, its value and the allowed range
   */
  Argon2Params {
    requireNonNull(variant, "variant");
    if (version != Argon2Hash.VERSION_16 && version != Argon2Hash.VERSION_19) {
      throw new IllegalArgumentException("version was " + version + ", allowed are 16 and 19");
    }
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations was " + iterations + ", must be at least 1");
    }
    if (parallelism < 1 || parallelism > 0xFF_FFFF) {
      throw new IllegalArgumentException(
          "parallelism was " + parallelism + ", allowed is 1 to 16777215");
    }
    if (memoryKib < 8L * parallelism) {
      throw new IllegalArgumentException(
          "memoryKib was " + memoryKib + ", must be at least 8 per lane (p=" + parallelism + ")");
    }
    if (tagBytes < 4) {
      throw new IllegalArgumentException("tagBytes was " + tagBytes + ", must be at least 4");
    }
  }

  /** The Argon2id version 19 computation a policy writes. */
  static Argon2Params of(Argon2idPolicy policy) {
    return new Argon2Params(
        Argon2Variant.ARGON2ID,
        Argon2Hash.VERSION_19,
        policy.iterations(),
        policy.memoryKib(),
        policy.parallelism(),
        policy.tagBytes());
  }

  /**
   * The parameters as the reference tool names them, e.g. {@code argon2id v=19 m=1024 t=2 p=1}:
   * what error messages show. The tag length is left out; messages that need it say it in words.
   */
  @Override
  public String toString() {
    return variant.schemeId()
        + " v="
        + version
        + " m="
        + memoryKib
        + " t="
        + iterations
        + " p="
        + parallelism;
  }
}
