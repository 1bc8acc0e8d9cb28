package dev.portcullis.auth.cli;

import dev.portcullis.auth.Authenticator;
import dev.portcullis.auth.PasswordHashers;
import dev.portcullis.auth.PreflightException;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.AuthConfigLoader;
import dev.portcullis.auth.config.ConfigException;
import dev.portcullis.auth.config.ConfigProblem;
import dev.portcullis.auth.config.HashingPreset;
import dev.portcullis.auth.config.PepperPolicy;
import dev.portcullis.auth.store.InMemoryCredentialStore;
import java.nio.file.Path;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** How commands get their configuration and an engine to hash and verify with. */
final class Configs {

  /** Without --config: OWASP's usual minimum Argon2id row, no pepper, default caps. */
  static final AuthConfig DEFAULT =
      AuthConfig.builder()
          .revision("authctl-default")
          .hashing(HashingPreset.OWASP_ARGON2ID_M19456_T2.policy())
          .pepper(PepperPolicy.none())
          .build();

  private Configs() {}

  /**
   * The config file's config (with PORTCULLIS_ variables and -Dportcullis. properties on top), or
   * the default without one.
   *
   * @throws CommandFailure listing every problem of the file
   */
  static AuthConfig load(@Nullable Path file) {
    if (file == null) {
      return DEFAULT;
    }
    try {
      return AuthConfigLoader.load(file);
    } catch (ConfigException e) {
      StringBuilder message = new StringBuilder("configuration refused, ");
      message.append(e.problems().size()).append(e.problems().size() == 1 ? " problem:" : " problems:");
      for (ConfigProblem problem : e.problems()) {
        message.append("\n  - ").append(problem.describe());
      }
      throw new CommandFailure(message.toString());
    }
  }

  /**
   * An engine over an empty in-memory store: hashers self-tested, pepper and caps applied.
   *
   * @throws CommandFailure if a hasher fails its self-test or cannot load
   */
  static Authenticator engine(AuthConfig config) {
    return engine(config, false);
  }

  /**
   * As {@link #engine(AuthConfig)}, with every legacy scheme Portcullis verifies when {@code
   * everyLegacyScheme} (a diagnostic run without a config, like {@code htpasswd -v}).
   *
   * @throws CommandFailure if a hasher fails its self-test or cannot load
   */
  static Authenticator engine(AuthConfig config, boolean everyLegacyScheme) {
    AuthConfig effective =
        everyLegacyScheme
            ? config.toBuilder().legacySchemes(PasswordHashers.legacySchemeIds()).build()
            : config;
    try {
      // an empty in-memory store: nothing of the config's own store, canaries or inventory
      return Authenticator.builder(effective, new InMemoryCredentialStore())
          .preflightOnCreate(Set.of())
          .joinFleet(false)
          .build();
    } catch (PreflightException e) {
      throw new CommandFailure(String.valueOf(e.getMessage()));
    }
  }
}
