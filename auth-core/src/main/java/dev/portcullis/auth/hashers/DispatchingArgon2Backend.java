package dev.portcullis.auth.hashers;

import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.internal.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes each hash on the fastest backend that can: the {@code fast} one (libsodium) where its
 * {@link Argon2Backend#canCompute} allows, the {@code general} one (argon2-jvm, or a further
 * dispatcher; see {@link Argon2BackendSelection}) for the rest. The choice depends only on the
 * hash's shape, so a given stored hash always runs on the same backend on a given platform.
 */
final class DispatchingArgon2Backend implements Argon2Backend {

  private static final Logger log = LoggerFactory.getLogger(DispatchingArgon2Backend.class);

  private final Argon2Backend fast;
  private final Argon2Backend general;

  DispatchingArgon2Backend(Argon2Backend fast, Argon2Backend general) {
    this.fast = requireNonNull(fast, "fast");
    this.general = requireNonNull(general, "general");
  }

  /**
   * The fastest backends this platform can load: {@code fast} in front of {@code general}, or
   * {@code general} alone (with a warning naming {@code fastName}, the platform and the cause)
   * when {@code fast} cannot load.
   *
   * @throws LinkageError if {@code general} cannot load: it is the one backend that computes
   *     every hash, so there is no Argon2 without it
   */
  static Argon2Backend fastestAvailable(
      String fastName,
      Supplier<? extends Argon2Backend> fast,
      Supplier<? extends Argon2Backend> general) {
    Argon2Backend generalBackend = general.get();
    Argon2Backend fastBackend;
    try {
      fastBackend = fast.get();
    } catch (LinkageError | RuntimeException e) {
      log.warn(
          "argon2: {} could not be loaded on {}, every hash runs on {} (slower): {}",
          fastName,
          Platform.describe(),
          generalBackend.name(),
          e.toString());
      return generalBackend;
    }
    return new DispatchingArgon2Backend(fastBackend, generalBackend);
  }

  @Override
  public String name() {
    return fast.name() + "+" + general.name();
  }

  /** The backend that computes a hash of this shape. */
  Argon2Backend backendFor(
      Argon2Params params, int saltBytes, boolean hasSecret, boolean hasAssociatedData) {
    return fast.canCompute(params, saltBytes, hasSecret, hasAssociatedData) ? fast : general;
  }

  @Override
  public boolean canCompute(
      Argon2Params params, int saltBytes, boolean hasSecret, boolean hasAssociatedData) {
    return backendFor(params, saltBytes, hasSecret, hasAssociatedData)
        .canCompute(params, saltBytes, hasSecret, hasAssociatedData);
  }

  @Override
  public byte[] rawHash(
      Argon2Params params,
      byte[] password,
      byte[] salt,
      byte @Nullable [] secret,
      byte @Nullable [] associatedData) {
    return backendFor(params, salt.length, secret != null, associatedData != null)
        .rawHash(params, password, salt, secret, associatedData);
  }

  @Override
  public List<Argon2Backend> components() {
    List<Argon2Backend> components = new ArrayList<>(fast.components());
    components.addAll(general.components());
    return List.copyOf(components);
  }
}
