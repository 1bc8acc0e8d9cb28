package dev.portcullis.auth.internal;

import dev.portcullis.auth.config.Secret;

/**
 * Applies a pepper: {@code HMAC-SHA-256(key, password)}. Done before any scheme so that every
 * hasher and backend sees the same 32 bytes for the same password and key.
 */
public final class Pepper {
  private Pepper() {}

  /** The peppered password; the caller wipes it after use. */
  public static byte[] apply(Secret key, byte[] password) {
    return HmacSha256.mac(key, password);
  }
}
