package dev.portcullis.auth.hashers;

import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.internal.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which Argon2 backends run here, and why the others do not. Candidates are tried in order of
 * preference; each that loads serves the hashes it can compute, and once one that computes every
 * hash has loaded, the rest are not loaded at all (no second native library in the process for
 * nothing). The default order is Portcullis's own library, libsodium, argon2-jvm (an optional
 * dependency: absent from the class path, it is reported as such, never an error).
 */
final class Argon2BackendSelection {

  private static final Logger log = LoggerFactory.getLogger(Argon2BackendSelection.class);

  /**
   * One backend to try.
   *
   * @param computesEveryHash whether it computes every hash RFC 9106 defines, so that nothing
   *     after it is needed
   */
  record Candidate(
      String name, Supplier<? extends Argon2Backend> loader, boolean computesEveryHash) {
    Candidate {
      requireNonNull(name, "name");
      requireNonNull(loader, "loader");
    }
  }

  private final Argon2Backend backend;
  private final String summary;
  private final boolean computesEveryHash;

  private Argon2BackendSelection(Argon2Backend backend, String summary, boolean computesEveryHash) {
    this.backend = backend;
    this.summary = summary;
    this.computesEveryHash = computesEveryHash;
  }

  /** Portcullis's library, then libsodium, then argon2-jvm if it is on the class path. */
  static List<Candidate> defaultCandidates() {
    return List.of(
        new Candidate("portcullis-argon2", NativeArgon2Backend::new, true),
        new Candidate("libsodium", LibsodiumArgon2Backend::new, false),
        new Candidate("argon2-jvm", Argon2JvmBackend::new, true));
  }

  /**
   * Loads the candidates in order and logs, once, which serve and why the others do not.
   *
   * @throws LinkageError if none of them loads
   */
  static Argon2BackendSelection select(List<Candidate> candidates) {
    List<Argon2Backend> serving = new ArrayList<>();
    List<String> notServing = new ArrayList<>();
    boolean complete = false;
    for (Candidate candidate : candidates) {
      if (complete) {
        notServing.add(candidate.name() + " not loaded: not needed");
        continue;
      }
      try {
        serving.add(candidate.loader().get());
        complete = candidate.computesEveryHash();
      } catch (NoClassDefFoundError e) {
        notServing.add(candidate.name() + " not on the class path");
      } catch (LinkageError | RuntimeException e) {
        notServing.add(candidate.name() + " could not load: " + e.getMessage());
      }
    }
    if (serving.isEmpty()) {
      throw new UnsatisfiedLinkError(
          "no Argon2 backend loads on " + Platform.describe() + ": " + String.join("; ", notServing));
    }
    Argon2Backend backend = serving.get(serving.size() - 1);
    for (int i = serving.size() - 2; i >= 0; i--) {
      backend = new DispatchingArgon2Backend(serving.get(i), backend);
    }
    StringBuilder summary = new StringBuilder(backend.name());
    if (!notServing.isEmpty()) {
      summary.append("; ").append(String.join("; ", notServing));
    }
    if (!complete) {
      summary.append("; hashes ").append(backend.name()).append(" cannot compute are unsupported");
    }
    String others = String.join("; ", notServing);
    if (complete && serving.size() == 1 && notServing.stream().allMatch(s -> s.endsWith("needed"))) {
      log.info("argon2: {} computes every hash; {}", backend.name(), others);
    } else {
      // a slower or narrower Argon2 than this build ships: worth an operator's attention
      log.warn("argon2: running on {} on {}: {}", summary, Platform.describe(), others);
    }
    return new Argon2BackendSelection(backend, summary.toString(), complete);
  }

  /** The backend that computes each hash. */
  Argon2Backend backend() {
    return backend;
  }

  /**
   * What serves and why the rest does not, e.g. {@code portcullis-argon2/avx2; libsodium not
   * loaded: not needed; argon2-jvm not loaded: not needed}.
   */
  String summary() {
    return summary;
  }

  /** Whether every RFC 9106 hash can be computed here. */
  boolean computesEveryHash() {
    return computesEveryHash;
  }
}
