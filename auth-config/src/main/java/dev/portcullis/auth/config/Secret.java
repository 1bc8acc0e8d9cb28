package dev.portcullis.auth.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Secret key material, such as a pepper key, or a password the configuration references. Two
 * secrets are equal when they come from the same reference and hold the same bytes (compared in
 * constant time), so that a config loaded twice from the same file equals itself; {@link
 * #hashCode()} depends on the reference only, and {@link #toString()} shows only the reference.
 *
 * <p>The bytes are reachable only through {@link #exposeBytes()}, whose name makes every use
 * visible in review. Instances are immutable.
 */
public final class Secret {
  private final byte[] bytes;
  private final String reference;

  private Secret(byte[] bytes, String reference) {
    this.bytes = bytes;
    this.reference = reference;
  }

  /**
   * A secret with the reference it was loaded from (e.g. {@code env:PEPPER_K1}, {@code
   * file:/run/secrets/pepper-k1}, or {@code code}). The bytes are copied.
   *
   * @throws NullPointerException if an argument is null
   */
  public static Secret of(byte[] bytes, String reference) {
    requireNonNull(bytes, "bytes");
    requireNonNull(reference, "reference");
    return new Secret(bytes.clone(), reference);
  }

  /** Where the secret came from: a reference, never the value. */
  public String reference() {
    return reference;
  }

  /** Length in bytes. */
  public int length() {
    return bytes.length;
  }

  /** A copy of the secret bytes. The caller must not log them and should wipe the copy. */
  public byte[] exposeBytes() {
    return bytes.clone();
  }

  /**
   * A keyed digest of a label under this secret, {@code HMAC-SHA-256(secret, label)} in hex: it
   * identifies the secret (two hosts can compare it) without revealing it, as the key check
   * values of HSMs do.
   *
   * @throws NullPointerException if label is null
   */
  public String keyedDigestHex(String label) {
    requireNonNull(label, "label");
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      // HMAC pads short keys with zeros, so an empty key equals {0}; the JCA refuses empty keys
      mac.init(new SecretKeySpec(bytes.length == 0 ? new byte[1] : bytes, "HmacSHA256"));
      byte[] digest = mac.doFinal(label.getBytes(UTF_8));
      try {
        return HexFormat.of().formatHex(digest);
      } finally {
        Arrays.fill(digest, (byte) 0);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Secret
        && ((Secret) other).reference.equals(reference)
        && MessageDigest.isEqual(((Secret) other).bytes, bytes);
  }

  /** Of the reference only: a hash of the value could be used to guess it. */
  @Override
  public int hashCode() {
    return reference.hashCode();
  }

  /** Shows the reference only, never the value or its length. */
  @Override
  public String toString() {
    return "Secret[" + reference + ", " + ConfigProblem.REDACTED + "]";
  }
}
