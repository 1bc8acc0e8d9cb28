package dev.portcullis.auth.hashers;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A native Argon2 implementation computing raw tags. Kept behind this seam so that the hasher's
 * parsing, caps and encoding are shared by every backend: argon2-jvm's libargon2 computes every
 * Argon2 hash, libsodium computes a subset of them faster, and {@link DispatchingArgon2Backend}
 * picks per hash.
 */
interface Argon2Backend {

  /** Name for messages, e.g. {@code argon2-jvm}. */
  String name();

  /**
   * Whether this backend can compute a hash of this shape. The parameters have been validated by
   * {@link Argon2Hash} (or the policy) already; a backend answers {@code false} only for shapes
   * its library cannot express, never for invalid ones. The default, for a complete
   * implementation of RFC 9106, is {@code true}.
   *
   * @param hasSecret whether an RFC 9106 secret value K is passed
   * @param hasAssociatedData whether RFC 9106 associated data X is passed
   */
  default boolean canCompute(
      Argon2Params params, int saltBytes, boolean hasSecret, boolean hasAssociatedData) {
    return true;
  }

  /**
   * Computes a raw Argon2 tag of {@code params.tagBytes()} bytes. Parameters have been capped by
   * the caller.
   *
   * @param secret RFC 9106 secret value K, or null
   * @param associatedData RFC 9106 associated data X, or null
   * @throws IllegalArgumentException if {@link #canCompute} is false for these parameters
   */
  byte[] rawHash(
      Argon2Params params,
      byte[] password,
      byte[] salt,
      byte @Nullable [] secret,
      byte @Nullable [] associatedData);

  /**
   * The single-library backends this one is made of, each to be self-tested on its own: itself,
   * unless it dispatches to others.
   */
  default List<Argon2Backend> components() {
    return List.of(this);
  }
}
