package dev.portcullis.auth.internal;

import dev.portcullis.auth.config.Secret;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
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

  /**
   * One key object per secret: {@code new SecretKeySpec} copies the key bytes, so building one
   * per HMAC (per peppered login) would leave a fresh unwiped copy on the heap every time. A
   * secret that is no longer referenced (a reloaded keyring) lets its key object go too.
   */
  private static final Map<Secret, SecretKeySpec> KEYS =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** HMAC-SHA-256 of {@code data} under a secret, with that secret's one key object. */
  public static byte[] mac(Secret key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(keyFor(key));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
  }

  /** The key object of a secret, made once (the exposed copy it is made from is wiped). */
  static SecretKeySpec keyFor(Secret key) {
    return KEYS.computeIfAbsent(key, secret -> {
      byte[] keyBytes = secret.exposeBytes();
      try {
        // HMAC pads short keys with zeros, so an empty key equals {0}; the JCA refuses empty keys
        return new SecretKeySpec(keyBytes.length == 0 ? new byte[1] : keyBytes, "HmacSHA256");
      } finally {
        Arrays.fill(keyBytes, (byte) 0);
      }
    });
  }
}
