package dev.portcullis.auth.internal;

import dev.portcullis.auth.config.Secret;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Applies a pepper: {@code HMAC-SHA-256(key, password)}. Done before any scheme so that every
 * hasher and backend sees the same 32 bytes for the same password and key.
 */
public final class Pepper {
  private Pepper() {}

  /** The peppered password; the caller wipes it after use. */
  public static byte[] apply(Secret key, byte[] password) {
    byte[] keyBytes = key.exposeBytes();
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(keyBytes, "HmacSHA256"));
      return mac.doFinal(password);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    } finally {
      Arrays.fill(keyBytes, (byte) 0);
    }
  }
}
