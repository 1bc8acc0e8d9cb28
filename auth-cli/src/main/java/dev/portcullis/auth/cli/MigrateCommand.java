package dev.portcullis.auth.cli;

import dev.portcullis.auth.PasswordHashers;
import dev.portcullis.auth.config.Argon2idPolicy;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.hashers.Argon2Hasher;
import dev.portcullis.auth.hashers.Pbkdf2Hasher;
import dev.portcullis.auth.hashers.legacy.WrappedLegacyHasher;
import dev.portcullis.auth.spi.CredentialStore;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.StoreException;
import dev.portcullis.auth.spi.StoredCredential;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code authctl migrate --wrap --config F [--dry-run]}: wraps every weak legacy hash in the
 * configured store in Argon2id (see {@link WrappedLegacyHasher} for the format), for users who
 * may never log in again and so would never be upgraded by a login.
 *
 * <p>Streams the store; each hash is replaced by compare-and-set, so a user who logs in (and is
 * rehashed) or changes their password meanwhile is skipped, not overwritten. Exit codes: 0 done,
 * 1 some stored hashes of a wrappable scheme were malformed and left as they were, 2 usage or
 * store error.
 */
@Command(
    name = "migrate",
    description = {
      "Wraps weak legacy hashes (bcrypt 2a/2b/2y, sha-crypt 5/6, Django pbkdf2_sha256/",
      "pbkdf2_sha1) in Argon2id under the config's policy, without waiting for logins."
    },
    mixinStandardHelpOptions = true)
final class MigrateCommand implements Callable<Integer> {

  private final Terminal terminal;

  @Option(
      names = "--config",
      paramLabel = "F",
      required = true,
      description = "A Portcullis .properties file naming the store (store.type).")
  @Nullable Path config;

  @Option(
      names = "--wrap",
      required = true,
      description = "Wrap legacy hashes in Argon2id (the only migration there is so far).")
  boolean wrap;

  @Option(names = "--dry-run", description = "Write nothing; print what would be wrapped.")
  boolean dryRun;

  private final Map<String, Long> wrapped = new TreeMap<>();
  private final Map<String, Long> notWrappable = new TreeMap<>();
  private long current;
  private long changedMeanwhile;
  private long malformed;

  MigrateCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    AuthConfig loaded = Configs.load(config);
    if (!(loaded.hashing() instanceof Argon2idPolicy)) {
      throw new CommandFailure("hashing.scheme is " + loaded.hashing().schemeId()
          + ": migrate --wrap writes the Argon2id layer under the live policy, which must be"
          + " argon2id");
    }
    PasswordHasher argon2;
    try {
      argon2 = new Argon2Hasher();
    } catch (LinkageError e) {
      throw new CommandFailure("argon2 could not load its native library: " + e);
    }
    try (ConfiguredStore opened = ConfiguredStore.open(loaded, ConfiguredStore.Schema.PROBE)) {
      wrapAll(opened.store, argon2, loaded.hashing());
    } catch (StoreException e) {
      throw new CommandFailure("store unavailable: " + e.getMessage());
    }
    terminal.out.println(summary());
    Set<String> notEnabled = new TreeSet<>();
    for (String scheme : wrapped.keySet()) {
      if (!loaded.legacySchemes().contains(scheme)) {
        notEnabled.add(scheme);
      }
    }
    if (!notEnabled.isEmpty()) {
      terminal.err.println("authctl: warning: wrapped schemes " + notEnabled
          + " are not in hashing.legacy-schemes: those users cannot log in until it lists them"
          + " (listing 2b enables $wrap-2b$ too)");
    }
    return malformed > 0 ? 1 : 0;
  }

  /**
   * Wraps every wrappable legacy hash of {@code store} under {@code policy} (or, with --dry-run,
   * says it would), streaming it; each write is a compare-and-set against the hash the scan read.
   *
   * @throws StoreException if the store fails
   */
  void wrapAll(CredentialStore store, PasswordHasher argon2, HashingPolicy policy) {
    try (Stream<StoredCredential> all = store.scan()) {
      Iterator<StoredCredential> credentials = all.iterator();
      while (credentials.hasNext()) {
        StoredCredential credential = credentials.next();
        String hash = credential.encodedHash();
        Optional<String> id = PasswordHashers.schemeIdOf(hash);
        String scheme = id.orElse("");
        if (Argon2Hasher.SCHEME_IDS.contains(scheme)
            || Pbkdf2Hasher.SCHEME_IDS.contains(scheme)
            || !WrappedLegacyHasher.enablingSchemeId(scheme).equals(scheme)) {
          current++; // Portcullis's own, or wrapped already
          continue;
        }
        if (!WrappedLegacyHasher.WRAPPABLE.contains(scheme)) {
          // never the scheme text of an unknown value: a legacy table may hold plaintext
          String label = PasswordHashers.knowsScheme(scheme) ? scheme : "unknown scheme";
          notWrappable.merge(label, 1L, Long::sum);
          continue;
        }
        String wrappedHash;
        try {
          wrappedHash = WrappedLegacyHasher.wrap(scheme, hash, argon2, policy);
        } catch (IllegalArgumentException e) {
          malformed++;
          terminal.err.println("user " + credential.username() + ": " + e.getMessage()
              + "; left as it is");
          continue;
        }
        if (dryRun) {
          terminal.out.println("would wrap " + credential.username() + " (" + scheme + ")");
        } else if (!store.replaceHash(credential.username(), hash, wrappedHash)) {
          changedMeanwhile++; // logged in, changed password or deleted since the scan read it
          continue;
        }
        wrapped.merge(scheme, 1L, Long::sum);
      }
    }
  }

  /** The one-line summary of what {@link #wrapAll} did. */
  String summary() {
    long wrappedTotal = wrapped.values().stream().mapToLong(Long::longValue).sum();
    return (dryRun ? "dry run: would wrap " : "wrapped ") + wrappedTotal
        + describe(wrapped) + "; not wrappable " + notWrappable.values().stream()
            .mapToLong(Long::longValue).sum() + describe(notWrappable)
        + "; already current " + current + "; changed meanwhile " + changedMeanwhile
        + "; malformed " + malformed;
  }

  private static String describe(Map<String, Long> counts) {
    if (counts.isEmpty()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((scheme, count) -> parts.add(scheme + ": " + count));
    return " (" + String.join(", ", parts) + ")";
  }
}
