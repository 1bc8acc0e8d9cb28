package dev.portcullis.auth.config;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Whether passwords are peppered, and with which keys. The choice is required: a deployment says
 * {@link #none()} explicitly rather than lose its pepper to a missing setting.
 *
 * <p>A pepper is applied the same way for every scheme and backend: {@code HMAC-SHA-256(key,
 * UTF-8 password)}, then the hashing scheme; the encoded hash records the key id in its PHC
 * {@code keyid} parameter. A keyring holds every key that stored hashes may name, and one
 * current id used for new hashes; rotating the current id rehashes users at their next login. A
 * stored hash whose key id is not in the keyring verifies as {@code PEPPER_KEY_MISSING}, never as
 * a bad password.
 *
 * <p>A key id that stored hashes use but the keyring no longer holds must be {@linkplain
 * #retiredKeyIds() retired} explicitly ({@code pepper.retired-keys}): the preflight refuses a
 * config that silently drops a key the store has recorded, and reports a retired one with the
 * count of users it will refuse.
 */
public final class PepperPolicy {

  /** Smallest key accepted: 256 bits, the HMAC-SHA-256 output size. */
  public static final int MIN_KEY_BYTES = 32;

  private static final PepperPolicy NONE = new PepperPolicy(null, Map.of(), Set.of());

  private final @Nullable String currentKeyId;
  private final Map<String, Secret> keys;
  private final Set<String> retiredKeyIds;

  private PepperPolicy(
      @Nullable String currentKeyId, Map<String, Secret> keys, Set<String> retiredKeyIds) {
    this.currentKeyId = currentKeyId;
    this.keys = keys;
    this.retiredKeyIds = retiredKeyIds;
  }

  /** No pepper: passwords go to the hashing scheme as their UTF-8 bytes. */
  public static PepperPolicy none() {
    return NONE;
  }

  /**
   * A keyring. Whether the ids, the current id and the key lengths are acceptable is checked by
   * {@link AuthConfig.Builder#build()}, together with every other problem.
   *
   * @param currentKeyId the id new hashes are peppered with
   * @param keys every key id that stored hashes may name, with its secret
   * @throws NullPointerException if an argument, a key id or a secret is null
   */
  public static PepperPolicy keyring(String currentKeyId, Map<String, Secret> keys) {
    requireNonNull(currentKeyId, "currentKeyId");
    requireNonNull(keys, "keys");
    Map<String, Secret> copy = new TreeMap<>();
    keys.forEach(
        (id, secret) -> copy.put(requireNonNull(id, "key id"), requireNonNull(secret, "secret")));
    return new PepperPolicy(currentKeyId, Collections.unmodifiableMap(copy), Set.of());
  }

  /**
   * This policy, stating that stored hashes peppered with these key ids are given up: their users
   * are refused ({@code PEPPER_KEY_MISSING}) until they reset their password. Whether the ids are
   * acceptable (not also in the keyring) is checked by {@link AuthConfig.Builder#build()}.
   *
   * @param retiredKeyIds key ids the keyring no longer holds on purpose
   * @throws NullPointerException if the set or an id is null
   */
  public PepperPolicy withRetiredKeys(Set<String> retiredKeyIds) {
    requireNonNull(retiredKeyIds, "retiredKeyIds");
    Set<String> copy = new TreeSet<>();
    retiredKeyIds.forEach(id -> copy.add(requireNonNull(id, "retired key id")));
    return new PepperPolicy(currentKeyId, keys, Collections.unmodifiableSet(copy));
  }

  /** Key ids retired on purpose ({@code pepper.retired-keys}), sorted; usually empty. */
  public Set<String> retiredKeyIds() {
    return retiredKeyIds;
  }

  /** True for {@link #none()}. */
  public boolean isNone() {
    return currentKeyId == null;
  }

  /** The key id new hashes are peppered with; empty for {@link #none()}. */
  public Optional<String> currentKeyId() {
    return Optional.ofNullable(currentKeyId);
  }

  /** The secret of a key id, if the keyring has it. */
  public Optional<Secret> key(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }

  /** Every key, by id, sorted; empty for {@link #none()}. */
  public Map<String, Secret> keys() {
    return keys;
  }

  /** Shows ids and references, never key material. */
  /** Same current key id and the same keys (ids, references and values). */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof PepperPolicy
        && java.util.Objects.equals(((PepperPolicy) other).currentKeyId, currentKeyId)
        && ((PepperPolicy) other).keys.equals(keys)
        && ((PepperPolicy) other).retiredKeyIds.equals(retiredKeyIds);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(currentKeyId, keys.keySet(), retiredKeyIds);
  }

  @Override
  public String toString() {
    if (isNone()) {
      return retiredKeyIds.isEmpty() ? "PepperPolicy[none]" : "PepperPolicy[none, retired=" + retiredKeyIds + "]";
    }
    return "PepperPolicy[current=" + currentKeyId + ", keys=" + keys
        + (retiredKeyIds.isEmpty() ? "" : ", retired=" + retiredKeyIds) + "]";
  }
}
