package dev.portcullis.auth.internal;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * PBKDF2 (RFC 8018 §5.2) over raw password bytes, with any JDK HMAC as the PRF: the one
 * implementation behind the PBKDF2 hasher and the verify-only Django and Spring Security schemes.
 * Not {@code SecretKeyFactory}, whose {@code PBEKeySpec} takes characters: a peppered password is
 * binary.
 */
public final class Pbkdf2 {

  private Pbkdf2() {}

  /**
   * Derives {@code length} bytes.
   *
   * @param macAlgorithm a JCA HMAC name, e.g. {@code HmacSHA256}
   * @throws IllegalStateException if the JDK lacks the HMAC
   */
  public static byte[] derive(
      String macAlgorithm, byte[] password, byte[] salt, int iterations, int length) {
    Mac mac;
    try {
      mac = Mac.getInstance(macAlgorithm);
      // HMAC pads a short key with zero bytes, so the empty key equals the key {0}; the JCA
      // refuses an empty key, and this keeps empty passwords computable (RFC 8018 allows them).
      byte[] key = password.length == 0 ? new byte[1] : password;
      mac.init(new SecretKeySpec(key, macAlgorithm));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(macAlgorithm + " is not available in this JDK", e);
    }
    int blockLength = mac.getMacLength();
    byte[] derived = new byte[length];
    byte[] block = new byte[blockLength];
    byte[] u = new byte[blockLength];
    try {
      for (int blockIndex = 1, offset = 0; offset < length; blockIndex++, offset += blockLength) {
        mac.update(salt);
        mac.update(
            new byte[] {
              (byte) (blockIndex >>> 24),
              (byte) (blockIndex >>> 16),
              (byte) (blockIndex >>> 8),
              (byte) blockIndex
            });
        mac.doFinal(u, 0);
        System.arraycopy(u, 0, block, 0, blockLength);
        for (int round = 1; round < iterations; round++) {
          mac.update(u);
          mac.doFinal(u, 0);
          for (int i = 0; i < blockLength; i++) {
            block[i] ^= u[i];
          }
        }
        System.arraycopy(block, 0, derived, offset, Math.min(blockLength, length - offset));
      }
      return derived;
    } catch (ShortBufferException e) {
      throw new IllegalStateException("HMAC output buffer too short", e);
    } finally {
      Arrays.fill(block, (byte) 0);
      Arrays.fill(u, (byte) 0);
    }
  }
}
