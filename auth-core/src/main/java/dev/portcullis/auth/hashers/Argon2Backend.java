package dev.portcullis.auth.hashers;

import org.jspecify.annotations.Nullable;

/**
 * A native Argon2 implementation computing raw tags. Kept behind this seam so that the hasher's
 * parsing, caps and encoding are shared by every backend (argon2-jvm today; libsodium is next).
 */
interface Argon2Backend {

  /** Name for messages, e.g. {@code argon2-jvm}. */
  String name();

  /**
   * Computes a raw Argon2 tag. Parameters have been validated and capped by the caller.
   *
   * @param version 0x10 (16) or 0x13 (19)
   * @param secret RFC 9106 secret value K, or null
   * @param associatedData RFC 9106 associated data X, or null
   */
  byte[] rawHash(
      Argon2Variant variant,
      int version,
      int iterations,
      int memoryKib,
      int parallelism,
      byte[] password,
      byte[] salt,
      byte @Nullable [] secret,
      byte @Nullable [] associatedData,
      int tagBytes);
}
