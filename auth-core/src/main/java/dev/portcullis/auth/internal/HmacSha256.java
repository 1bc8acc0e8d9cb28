package dev.portcullis.auth.internal;

import dev.portcullis.auth.config.Secret;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA-256, the one keyed digest the engine uses (pepper, cache digests, username hashes). */
public final class HmacSha256 {
  private HmacSha256() {}

  /** HMAC-SHA-256 of {@code data} under raw key bytes (at least one byte). */
  public static byte[] mac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
  }

  /** HMAC-SHA-256 of {@code data} under a secret; the exposed key copy is wiped. */
  public static byte[] mac(Secret key, byte[] data) {
    byte[] keyBytes = key.exposeBytes();
    try {
      return mac(keyBytes, data);
    } finally {
      Arrays.fill(keyBytes, (byte) 0);
    }
  }
}
