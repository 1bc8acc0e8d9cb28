package dev.portcullis.auth;

import dev.portcullis.auth.config.PepperPolicy;
import dev.portcullis.auth.spi.CredentialStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Accounts for every pepper key id a store knows of, against one keyring: the ids whose check
 * value the store recorded (each key's first use) and the ids its stored hashes name, with how
 * many hashes use each. A known id must be in the keyring, or retired on purpose ({@code
 * pepper.retired-keys}); otherwise the config would refuse those users, which is the incident
 * of a deployment that left an old keyring in place.
 */
final class KeyAccounting {

  private final PepperPolicy pepper;
  private final Set<String> recorded;
  private final Map<String, Long> usersByKeyId;
  private final StoredHashCensus census;

  private KeyAccounting(PepperPolicy pepper, Set<String> recorded, StoredHashCensus census) {
    this.pepper = pepper;
    this.recorded = recorded;
    this.usersByKeyId = census.usersByKeyId();
    this.census = census;
  }

  /**
   * Reads which key ids {@code store} has recorded.
   *
   * @throws dev.portcullis.auth.spi.StoreException if the store cannot answer
   */
  static KeyAccounting of(PepperPolicy pepper, CredentialStore store, StoredHashCensus census) {
    return new KeyAccounting(pepper, recordedKeyIds(store), census);
  }

  /** The key ids whose check value {@code store} recorded at their first use. */
  static Set<String> recordedKeyIds(CredentialStore store) {
    Set<String> ids = new TreeSet<>();
    for (String name : store.metadataNames(Preflight.KEY_CHECK_VALUE_PREFIX)) {
      ids.add(name.substring(Preflight.KEY_CHECK_VALUE_PREFIX.length()));
    }
    return ids;
  }

  /** Known ids (recorded or used by stored hashes) that the keyring lacks, sorted. */
  Set<String> missingKeyIds() {
    Set<String> known = new TreeSet<>(recorded);
    usersByKeyId.forEach((id, users) -> {
      if (!id.equals(StoredHashCensus.NO_KEY)) {
        known.add(id);
      }
    });
    known.removeAll(pepper.keys().keySet());
    return known;
  }

  /** One failure per missing key that was not retired: the key, its count, the fix. */
  List<String> missingKeyProblems() {
    List<String> problems = new ArrayList<>();
    for (String id : missingKeyIds()) {
      if (pepper.retiredKeyIds().contains(id)) {
        continue;
      }
      long users = usersByKeyId.getOrDefault(id, 0L);
      if (users == 0 && census.complete()) {
        continue; // recorded once, used by no stored hash now: nobody is refused
      }
      problems.add("key " + id + " is recorded in this store but not in the keyring: "
          + usersOf(users) + " use it, and would be refused (PEPPER_KEY_MISSING); add"
          + " pepper.keys." + id + " back, or retire it explicitly (pepper.retired-keys = "
          + id + ")");
    }
    return problems;
  }

  /** One line per recorded key missing from the keyring that no stored hash uses any more. */
  List<String> unusedMissingKeyNotes() {
    List<String> notes = new ArrayList<>();
    if (!census.complete()) {
      return notes; // a sample cannot prove that no hash uses a key
    }
    for (String id : missingKeyIds()) {
      if (!pepper.retiredKeyIds().contains(id) && usersByKeyId.getOrDefault(id, 0L) == 0) {
        notes.add("key " + id + " is recorded in this store but no stored hash uses it any more:"
            + " dropping it from the keyring refuses nobody");
      }
    }
    return notes;
  }

  /** One line per retired key that stored hashes still use: how many users it refuses. */
  List<String> retiredKeyNotes() {
    List<String> notes = new ArrayList<>();
    for (String id : pepper.retiredKeyIds()) {
      long users = usersByKeyId.getOrDefault(id, 0L);
      if (users > 0) {
        notes.add("key " + id + " is retired (pepper.retired-keys): " + usersOf(users)
            + " use it; those users are refused (PEPPER_KEY_MISSING) until their password is"
            + " reset");
      }
    }
    return notes;
  }

  /**
   * A warning when the current key was never staged (in some instance's keyring before it became
   * current) while stored users are still on other pepper keys: an instance that lacks it would
   * refuse every user rehashed to it.
   */
  Optional<String> unstagedCurrentKeyWarning(CredentialStore store) {
    Optional<String> current = pepper.currentKeyId();
    if (current.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Long> others = new TreeMap<>(usersByKeyId);
    others.remove(current.get());
    // unpeppered hashes (legacy imports, a first pepper) are not a rotation between keys
    others.remove(StoredHashCensus.NO_KEY);
    if (others.isEmpty()
        || store.metadata(Preflight.STAGED_KEY_PREFIX + current.get()).isPresent()) {
      return Optional.empty();
    }
    long users = others.values().stream().mapToLong(Long::longValue).sum();
    return Optional.of("current key " + current.get() + " was never seen staged in this store"
        + " (in an instance's keyring before it became current), while " + users
        + " user(s) are on other keys (" + describe(others) + "): an instance whose keyring"
        + " lacks " + current.get() + " refuses every user rehashed to it; stage a new key in"
        + " every instance's keyring first, make it current only then (docs/deployment.md)");
  }

  /** "stored hashes by pepper key id: k1 300, none 5 (all 305 users, counted by the store)". */
  String describeUse() {
    if (usersByKeyId.isEmpty()) {
      return "no stored hashes (" + census.method() + ")";
    }
    return "stored hashes by pepper key id: " + describe(usersByKeyId) + " (" + census.extent()
        + ")";
  }

  private String usersOf(long users) {
    return census.complete()
        ? users + " stored hash(es)"
        : "at least " + users + " stored hash(es) (" + census.method() + ")";
  }

  private static String describe(Map<String, Long> users) {
    return users.entrySet().stream()
        .map(e -> (e.getKey().equals(StoredHashCensus.NO_KEY) ? "none" : e.getKey()) + " "
            + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
