package dev.portcullis.auth.internal;

import dev.portcullis.auth.config.Argon2idPolicy;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.Pbkdf2Policy;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The estimated CPU cost of verifying an encoded hash, read from its parameters alone (no work,
 * no allocation), in milliseconds of one core of the reference machine: the 2-core AMD EPYC the
 * figures below were measured on (best of 5-10 verifications each, Portcullis's own hashers,
 * 2026-12-07). The ratios between schemes, not the absolute figures, are what the cost budget
 * uses, so the estimate is the same on every machine.
 *
 * <table>
 *   <caption>Measured cost per unit of work</caption>
 *   <tr><th>scheme</th><th>unit</th><th>µs per unit</th></tr>
 *   <tr><td>Argon2 (libsodium, p=1)</td><td>KiB of m x pass of t</td><td>0.672</td></tr>
 *   <tr><td>Argon2 (argon2-jvm, p&gt;1)</td><td>KiB of m x pass of t</td><td>1.172</td></tr>
 *   <tr><td>bcrypt</td><td>2^cost</td><td>75.6</td></tr>
 *   <tr><td>PBKDF2-HMAC-SHA256 (and SHA-1)</td><td>iteration</td><td>0.237</td></tr>
 *   <tr><td>PBKDF2-HMAC-SHA512</td><td>iteration</td><td>0.836</td></tr>
 *   <tr><td>sha256-crypt ($5$)</td><td>round</td><td>0.978</td></tr>
 *   <tr><td>sha512-crypt ($6$)</td><td>round</td><td>0.456</td></tr>
 * </table>
 *
 * <p>Argon2's lanes ({@code p}) split the same {@code m x t} blocks, so they do not multiply the
 * work; they decide the backend (libsodium computes p=1 only), which is why p&gt;1 has its own
 * figure. A wrapped legacy hash ({@code $wrap-...$}) costs its legacy part plus its Argon2 layer.
 * A format this class does not know has no estimate (its hasher still checks its own caps).
 */
public final class StoredHashCost {

  static final double ARGON2_P1_MICROS_PER_KIB_PASS = 0.672;
  static final double ARGON2_LANES_MICROS_PER_KIB_PASS = 1.172;
  static final double BCRYPT_MICROS_PER_ROUND = 75.6;
  static final double PBKDF2_SHA256_MICROS_PER_ITERATION = 0.237;
  static final double PBKDF2_SHA512_MICROS_PER_ITERATION = 0.836;
  static final double SHA256_CRYPT_MICROS_PER_ROUND = 0.978;
  static final double SHA512_CRYPT_MICROS_PER_ROUND = 0.456;

  /** Spring Security's {@code pbkdf2@SpringSecurity_v5_8}: the iterations are implied by the id. */
  private static final int SPRING_PBKDF2_ITERATIONS = 310_000;

  // Digits are bounded so that parsing cannot overflow; the hasher refuses what is malformed.
  private static final Pattern ARGON2 =
      Pattern.compile("\\$(?:v=[0-9]{1,3}\\$)?m=([0-9]{1,10}),t=([0-9]{1,10}),p=([0-9]{1,10})");
  private static final Pattern BCRYPT =
      Pattern.compile("^(?:\\{bcrypt}|bcrypt_sha256\\$|bcrypt\\$|\\$wrap-2[aby]\\$)?\\$2[abxy]?\\$([0-9]{2})\\$");
  private static final Pattern SHA_CRYPT =
      Pattern.compile("^(?:\\$wrap-[56]\\$)?\\$([56])\\$(?:rounds=([0-9]{1,10})\\$)?");
  private static final Pattern PBKDF2_PHC =
      Pattern.compile("^\\$pbkdf2-sha(256|512)\\$i=([0-9]{1,10})(?:,l=([0-9]{1,4}))?");
  private static final Pattern PBKDF2_DJANGO =
      Pattern.compile("^(?:\\$wrap-pbkdf2_sha(?:256|1)\\$)?pbkdf2_sha(256|1)\\$([0-9]{1,10})\\$");

  private StoredHashCost() {}

  /** The estimated cost of verifying {@code encodedHash}, in reference milliseconds; empty if unknown. */
  public static OptionalDouble estimateMillis(String encodedHash) {
    double micros = 0;
    boolean known = false;
    if (encodedHash.startsWith("{pbkdf2@SpringSecurity_v5_8}")) {
      return OptionalDouble.of(SPRING_PBKDF2_ITERATIONS * PBKDF2_SHA256_MICROS_PER_ITERATION / 1_000);
    }
    Matcher bcrypt = BCRYPT.matcher(encodedHash);
    if (bcrypt.find()) {
      micros += Math.pow(2, Integer.parseInt(bcrypt.group(1))) * BCRYPT_MICROS_PER_ROUND;
      known = true;
    }
    Matcher shaCrypt = SHA_CRYPT.matcher(encodedHash);
    if (!known && shaCrypt.find()) {
      // the specification's clamp: fewer than 1000 rounds are computed as 1000
      double rounds = shaCrypt.group(2) == null ? 5000 : Math.max(1000, Double.parseDouble(shaCrypt.group(2)));
      micros += rounds * (shaCrypt.group(1).equals("5")
          ? SHA256_CRYPT_MICROS_PER_ROUND : SHA512_CRYPT_MICROS_PER_ROUND);
      known = true;
    }
    Matcher pbkdf2 = PBKDF2_PHC.matcher(encodedHash);
    if (!known && pbkdf2.find()) {
      boolean sha512 = pbkdf2.group(1).equals("512");
      // a derived key longer than the digest costs one full PBKDF2 run per digest-sized block
      int digestBytes = sha512 ? 64 : 32;
      int keyBytes = pbkdf2.group(3) == null ? digestBytes : Integer.parseInt(pbkdf2.group(3));
      double blocks = Math.max(1, Math.ceil((double) keyBytes / digestBytes));
      micros += blocks * Double.parseDouble(pbkdf2.group(2)) * (sha512
          ? PBKDF2_SHA512_MICROS_PER_ITERATION : PBKDF2_SHA256_MICROS_PER_ITERATION);
      known = true;
    }
    Matcher django = PBKDF2_DJANGO.matcher(encodedHash);
    if (!known && django.find()) {
      micros += Double.parseDouble(django.group(2)) * PBKDF2_SHA256_MICROS_PER_ITERATION;
      known = true;
    }
    Matcher argon2Match = ARGON2.matcher(encodedHash);
    // alone, in Django's or Spring's prefix, or as a wrapped hash's layer; the costliest of all
    // the parameter sets the text holds, so that a decoy planted in a legacy salt
    // ("...$1000$m=8,t=1,p=1$v=19$m=262144,...") cannot stand in for the real layer
    double argon2 = -1;
    while (argon2Match.find()) {
      argon2 = Math.max(argon2, argon2Micros(
          Double.parseDouble(argon2Match.group(1)),
          Double.parseDouble(argon2Match.group(2)),
          Double.parseDouble(argon2Match.group(3))));
    }
    if (argon2 >= 0) {
      micros += argon2;
      known = true;
    }
    return known ? OptionalDouble.of(micros / 1_000) : OptionalDouble.empty();
  }

  /** The estimated cost of verifying a hash written under {@code policy}; empty for a plug-in's. */
  public static OptionalDouble estimateMillis(HashingPolicy policy) {
    if (policy instanceof Argon2idPolicy argon2) {
      return OptionalDouble.of(
          argon2Micros(argon2.memoryKib(), argon2.iterations(), argon2.parallelism()) / 1_000);
    }
    if (policy instanceof Pbkdf2Policy pbkdf2) {
      double perIteration = pbkdf2.digest() == Pbkdf2Policy.Digest.SHA512
          ? PBKDF2_SHA512_MICROS_PER_ITERATION : PBKDF2_SHA256_MICROS_PER_ITERATION;
      return OptionalDouble.of(pbkdf2.iterations() * perIteration / 1_000);
    }
    return OptionalDouble.empty();
  }

  private static double argon2Micros(double memoryKib, double iterations, double parallelism) {
    return memoryKib * iterations
        * (parallelism <= 1 ? ARGON2_P1_MICROS_PER_KIB_PASS : ARGON2_LANES_MICROS_PER_KIB_PASS);
  }
}
