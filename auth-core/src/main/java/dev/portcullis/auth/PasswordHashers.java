package dev.portcullis.auth;

import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.hashers.Argon2Hasher;
import dev.portcullis.auth.hashers.Pbkdf2Hasher;
import dev.portcullis.auth.hashers.legacy.LegacyHashers;
import dev.portcullis.auth.hashers.legacy.WrappedLegacyHasher;
import dev.portcullis.auth.internal.Platform;
import dev.portcullis.auth.spi.PasswordHasher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The hashers an authenticator knows, found by the scheme id of an encoded hash: the built-ins,
 * plug-ins found through {@link ServiceLoader}, and instances passed in code. Immutable.
 *
 * <p>Legacy schemes (bcrypt, Django, Spring Security, sha-crypt: verify-only, upgraded to the live
 * policy on the next successful login) are never included by {@link #builtIn()} or {@link
 * #discover()}: which of them a service accepts is an explicit choice, made with {@link
 * #withLegacySchemes(Set)}.
 *
 * <p>A {@link ServiceLoader} plug-in may not silently take over a scheme id another hasher
 * already handles (a jar on the classpath must not be able to replace Argon2); an instance passed
 * in code through {@link #with(PasswordHasher)} may, because that is an explicit decision.
 */
public final class PasswordHashers {

  private final Map<String, PasswordHasher> bySchemeId;

  private PasswordHashers(Map<String, PasswordHasher> bySchemeId) {
    this.bySchemeId = bySchemeId;
  }

  /**
   * Argon2 (argon2-jvm) and PBKDF2 (JDK).
   *
   * @throws PreflightException if the native Argon2 library cannot be loaded on this platform
   */
  public static PasswordHashers builtIn() {
    Map<String, PasswordHasher> map = new LinkedHashMap<>();
    register(map, loadArgon2(), false);
    register(map, new Pbkdf2Hasher(), false);
    return new PasswordHashers(map);
  }

  /**
   * The built-ins plus every {@link PasswordHasher} registered through {@link ServiceLoader}.
   *
   * @throws PreflightException if the native Argon2 library cannot be loaded, or a plug-in claims
   *     a scheme id that is already handled
   */
  public static PasswordHashers discover() {
    PasswordHashers hashers = builtIn();
    Map<String, PasswordHasher> map = new LinkedHashMap<>(hashers.bySchemeId);
    for (PasswordHasher plugin : ServiceLoader.load(PasswordHasher.class)) {
      register(map, plugin, false);
    }
    return new PasswordHashers(map);
  }

  /**
   * These hashers plus {@code hasher}, which replaces whatever handled its scheme ids before.
   *
   * @throws NullPointerException if {@code hasher} is null
   */
  public PasswordHashers with(PasswordHasher hasher) {
    requireNonNull(hasher, "hasher");
    Map<String, PasswordHasher> map = new LinkedHashMap<>(bySchemeId);
    register(map, hasher, true);
    return new PasswordHashers(map);
  }

  /**
   * The built-ins plus every legacy scheme Portcullis verifies: what a diagnostic tool such as
   * {@code authctl verify-hash} wants, not a service (list the schemes a service accepts with
   * {@link #withLegacySchemes(Set)}).
   *
   * @throws PreflightException if the native Argon2 library cannot be loaded on this platform
   */
  public static PasswordHashers builtInWithAllLegacySchemes() {
    return builtIn().withLegacySchemes(legacySchemeIds());
  }

  /**
   * Every legacy scheme id Portcullis verifies, as {@link #schemeIdOf} returns it: bcrypt {@code
   * 2a, 2b, 2y}; sha-crypt {@code 5, 6}; Django {@code pbkdf2_sha256, pbkdf2_sha1, bcrypt_sha256};
   * {@code argon2} (Django's {@code argon2$...} and Spring Security's {@code {argon2}...}); Spring
   * Security {@code bcrypt, argon2@SpringSecurity_v5_8, pbkdf2@SpringSecurity_v5_8}, and {@code
   * noop}, which is recognized only to be refused with a message saying so.
   */
  public static Set<String> legacySchemeIds() {
    return LegacyHashers.schemeIds();
  }

  /**
   * These hashers plus verify-only hashers for exactly the legacy {@code schemeIds}, and for the
   * wrapped form of each ({@code wrap-2b} for {@code 2b}, as {@code authctl migrate --wrap}
   * writes it; see {@code WrappedLegacyHasher}). The Django and Spring Security Argon2 formats,
   * and the wrapped hashes' Argon2id layer, are verified by the hasher that handles {@code
   * argon2id} here, so its caps and memory admission apply.
   *
   * @throws NullPointerException if {@code schemeIds} is null
   * @throws IllegalArgumentException naming the unknown ids and listing the known ones, or if
   *     {@code argon2} or {@code argon2@SpringSecurity_v5_8} is asked for and no hasher here
   *     handles {@code argon2id}
   * @throws PreflightException if another hasher already handles one of the ids
   */
  public PasswordHashers withLegacySchemes(Set<String> schemeIds) {
    requireNonNull(schemeIds, "schemeIds");
    PasswordHasher argon2 = bySchemeId.get("argon2id");
    if (argon2 == null
        && (schemeIds.contains("argon2") || schemeIds.contains("argon2@SpringSecurity_v5_8"))) {
      throw new IllegalArgumentException(
          "legacy argon2 formats need a hasher for argon2id, and none is registered: " + this);
    }
    Map<String, PasswordHasher> map = new LinkedHashMap<>(bySchemeId);
    // the Argon2 hasher is only reached for the Argon2 formats, checked just above
    PasswordHasher delegate = argon2 != null ? argon2 : new Pbkdf2Hasher();
    for (PasswordHasher legacy : LegacyHashers.forSchemeIds(schemeIds, delegate)) {
      register(map, legacy, false);
    }
    return new PasswordHashers(map);
  }

  private static void register(
      Map<String, PasswordHasher> map, PasswordHasher hasher, boolean replace) {
    // sorted, so that messages and logs list scheme ids in the same order on every run
    for (String schemeId : new TreeSet<>(hasher.schemeIds())) {
      PasswordHasher existing = map.get(schemeId);
      if (existing != null && !replace && existing != hasher) {
        throw new PreflightException(
            "hasher "
                + hasher.name()
                + " claims scheme id "
                + schemeId
                + ", which "
                + existing.name()
                + " already handles; pass it in code to replace the built-in deliberately");
      }
      map.put(schemeId, hasher);
    }
  }

  private static PasswordHasher loadArgon2() {
    try {
      return new Argon2Hasher();
    } catch (LinkageError e) {
      throw new PreflightException(
          "argon2 (argon2-jvm) could not load its native library libargon2 on "
              + Platform.describe()
              + ": "
              + e,
          e);
    }
  }

  /**
   * The scheme id of an encoded hash: {@code argon2id} in {@code $argon2id$...}, {@code bcrypt}
   * in {@code {bcrypt}...}, {@code pbkdf2_sha256} in {@code pbkdf2_sha256$...}.
   */
  public static Optional<String> schemeIdOf(String encodedHash) {
    requireNonNull(encodedHash, "encodedHash");
    String id;
    if (encodedHash.startsWith("$")) {
      int end = encodedHash.indexOf('$', 1);
      id = end < 0 ? encodedHash.substring(1) : encodedHash.substring(1, end);
    } else if (encodedHash.startsWith("{")) {
      int end = encodedHash.indexOf('}');
      id = end < 0 ? "" : encodedHash.substring(1, end);
    } else {
      int end = encodedHash.indexOf('$');
      id = end < 0 ? "" : encodedHash.substring(0, end);
    }
    return id.isEmpty() ? Optional.empty() : Optional.of(id);
  }

  /**
   * Whether Portcullis itself can verify hashes of this scheme id (built in, or a legacy scheme
   * a config can enable, or the wrapped form of one, e.g. {@code wrap-2b}), whether or not a given
   * authenticator has it enabled.
   */
  public static boolean knowsScheme(String schemeId) {
    requireNonNull(schemeId, "schemeId");
    return Argon2Hasher.SCHEME_IDS.contains(schemeId)
        || Pbkdf2Hasher.SCHEME_IDS.contains(schemeId)
        || legacySchemeIds().contains(schemeId)
        || !WrappedLegacyHasher.enablingSchemeId(schemeId).equals(schemeId);
  }

  /** The hasher that verifies {@code encodedHash}, if any handles its scheme id. */
  public Optional<PasswordHasher> forEncodedHash(String encodedHash) {
    return schemeIdOf(encodedHash).map(bySchemeId::get);
  }

  /** The hasher that writes hashes under {@code policy}, if any. */
  public Optional<PasswordHasher> writerFor(HashingPolicy policy) {
    requireNonNull(policy, "policy");
    PasswordHasher byId = bySchemeId.get(policy.schemeId());
    if (byId != null && byId.supports(policy)) {
      return Optional.of(byId);
    }
    return all().stream().filter(hasher -> hasher.supports(policy)).findFirst();
  }

  /** Every distinct hasher, in registration order. */
  public List<PasswordHasher> all() {
    List<PasswordHasher> distinct = new ArrayList<>();
    for (PasswordHasher hasher : bySchemeId.values()) {
      if (!distinct.contains(hasher)) {
        distinct.add(hasher);
      }
    }
    return List.copyOf(distinct);
  }

  @Override
  public String toString() {
    return "PasswordHashers" + bySchemeId.keySet();
  }
}
