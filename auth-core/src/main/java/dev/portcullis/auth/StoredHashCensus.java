package dev.portcullis.auth;

import dev.portcullis.auth.spi.CredentialStore;
import dev.portcullis.auth.spi.HashClass;
import dev.portcullis.auth.spi.PhcFormatException;
import dev.portcullis.auth.spi.PhcString;
import dev.portcullis.auth.spi.StoredCredential;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The classes of hash in a store and how many users each has: counted by the store where it can
 * ({@link CredentialStore#hashClasses()}, one aggregation in SQL), by a streamed scan of up to
 * {@code sample} credentials otherwise. The {@code pepper} and {@code stored-hashes} preflight
 * checks both read it; one census serves one preflight run.
 *
 * @param classes every class found, with its count
 * @param complete whether every stored credential is counted (false for a sampled scan)
 * @param method how it was counted, for the report: {@code counted by the store} or {@code
 *     scanned}
 */
record StoredHashCensus(List<HashClass> classes, boolean complete, String method) {

  /** The key id of hashes without a pepper, as the inventory writes it. */
  static final String NO_KEY = "-";

  StoredHashCensus {
    classes = List.copyOf(classes);
  }

  /**
   * Counts the classes of {@code store}.
   *
   * @param sample how many credentials a scan reads at most, 0 for all
   * @throws dev.portcullis.auth.spi.StoreException if the store cannot answer
   */
  static StoredHashCensus of(CredentialStore store, int sample) {
    Optional<List<HashClass>> counted = store.hashClasses();
    if (counted.isPresent()) {
      return new StoredHashCensus(counted.get(), true, "counted by the store");
    }
    /** Per class: its first credential and its count. */
    final class Count {
      final StoredCredential example;
      long users;

      Count(StoredCredential example) {
        this.example = example;
      }
    }
    Map<List<Object>, Count> counts = new LinkedHashMap<>();
    long scanned = 0;
    boolean complete = true;
    try (Stream<StoredCredential> all = store.scan()) {
      var iterator = all.iterator();
      while (iterator.hasNext()) {
        if (sample > 0 && scanned >= sample) {
          complete = false;
          break;
        }
        StoredCredential credential = iterator.next();
        scanned++;
        String encoded = credential.encodedHash();
        List<Object> key = List.of(HashClass.prefixOf(encoded), encoded.length());
        counts.computeIfAbsent(key, k -> new Count(credential)).users++;
      }
    }
    List<HashClass> classes = new ArrayList<>();
    counts.forEach((key, count) -> classes.add(new HashClass((String) key.get(0),
        (Integer) key.get(1), count.users, count.example.username(),
        count.example.encodedHash())));
    String method = complete ? "scanned" : "a sample of " + scanned + " scanned";
    return new StoredHashCensus(classes, complete, method);
  }

  /** How many users have hashes peppered with each key id ({@link #NO_KEY} for none), sorted. */
  Map<String, Long> usersByKeyId() {
    Map<String, Long> users = new TreeMap<>();
    for (HashClass hashClass : classes) {
      users.merge(keyIdOf(hashClass.exampleHash()), hashClass.users(), Long::sum);
    }
    return users;
  }

  /** Every user counted. */
  long users() {
    return classes.stream().mapToLong(HashClass::users).sum();
  }

  /** The {@code keyid} parameter of a PHC string, or {@link #NO_KEY}. */
  static String keyIdOf(String encoded) {
    if (!encoded.startsWith("$")) {
      return NO_KEY;
    }
    try {
      String id = PhcString.parse(encoded).params().get("keyid");
      return id == null ? NO_KEY : id;
    } catch (PhcFormatException e) {
      return NO_KEY;
    }
  }

  /** "all 1000 users, counted by the store" or "a sample of 50 scanned" and similar. */
  String extent() {
    return complete ? "all " + users() + " users, " + method : method;
  }
}
