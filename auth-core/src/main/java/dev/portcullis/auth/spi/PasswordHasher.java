package dev.portcullis.auth.spi;

import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.config.HashingPolicy;
import java.util.Set;

/**
 * A password hashing scheme: verifies the encoded hashes whose scheme id it claims, and writes
 * new ones under the policies it supports.
 *
 * <p>Passwords reach a hasher as bytes: the UTF-8 encoding of what the user typed (or, with a
 * pepper, its keyed pre-hash). A hasher must not keep them; the caller wipes them afterwards.
 *
 * <p>Implementations must be thread-safe and must compare secrets in constant time. Plug-ins are
 * found through {@link java.util.ServiceLoader} or passed to the engine in code; every
 * implementation should pass the shared {@code PasswordHasherContract} test suite.
 */
public interface PasswordHasher {

  /**
   * A short name for messages and reports, including the backend, e.g. {@code argon2
   * (argon2-jvm)}.
   */
  String name();

  /** The scheme ids this hasher verifies, e.g. {@code argon2id}, {@code argon2i}, {@code argon2d}. */
  Set<String> schemeIds();

  /**
   * Checks a password against an encoded hash, with every parameter taken from the string and
   * checked against {@code caps} <em>before</em> any work.
   *
   * @return true if the password matches, false if it does not
   * @throws UnverifiableHashException if the hash is malformed, unsupported or over a cap; never
   *     for a wrong password
   * @throws IllegalArgumentException only for an empty password, if the hasher's backend cannot
   *     take one (the engine never passes one: it is malformed input)
   */
  boolean verify(byte[] password, String encodedHash, HashParameterCaps caps)
      throws UnverifiableHashException;

  /**
   * Checks an encoded hash's format and parameters against {@code caps} without a password, as
   * {@link #verify} would before any work: for the preflight's inventory of a store. The default
   * checks nothing (a plug-in that does not override it is trusted until a login says otherwise).
   *
   * @throws UnverifiableHashException if {@link #verify} would refuse this hash whatever the
   *     password
   */
  default void checkEncoded(String encodedHash, HashParameterCaps caps)
      throws UnverifiableHashException {}

  /**
   * The memory, in KiB, that verifying this hash will allocate, so the engine can admit it within
   * its memory budget before any work. 0 (the default) for schemes that are not memory-hard, and
   * for hashes that are malformed or over the caps (they are refused without work anyway).
   */
  default int memoryCostKib(String encodedHash, HashParameterCaps caps) {
    return 0;
  }

  /**
   * The memory, in KiB, that hashing under {@code policy} allocates; 0 (the default) for schemes
   * that are not memory-hard.
   */
  default int memoryCostKib(HashingPolicy policy) {
    return 0;
  }

  /** Whether {@link #hash} can write hashes under {@code policy}. */
  boolean supports(HashingPolicy policy);

  /**
   * Hashes a password under a policy with a fresh random salt.
   *
   * @return the encoded hash, carrying every parameter needed to verify it
   * @throws IllegalArgumentException if {@link #supports} is false for {@code policy}
   */
  String hash(byte[] password, HashingPolicy policy);

  /**
   * Whether a hash this hasher verified should be written again under {@code policy}: another
   * scheme, other parameters, a shorter salt or tag, an older version.
   */
  boolean needsRehash(String encodedHash, HashingPolicy policy);

  /**
   * Runs known-answer tests; called once when an authenticator is created.
   *
   * @throws IllegalStateException if a computed answer is wrong; a native library that cannot
   *     load surfaces as a {@link LinkageError}
   */
  void selfTest();
}
