package dev.portcullis.auth.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link CredentialStore} must meet. A store's test class extends this and
 * supplies a fresh, empty store; the JDBC store runs it against H2 and PostgreSQL.
 */
public abstract class CredentialStoreContract {

  private static final String HASH_A = "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$aGFzaC1h";
  private static final String HASH_B = "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$aGFzaC1i";

  private CredentialStore store;

  /** A fresh store with no users. */
  protected abstract CredentialStore newStore();

  @BeforeEach
  void freshStore() {
    store = newStore();
  }

  @Test
  void find_missingUser_isEmpty() {
    assertThat(store.find("nobody")).isEmpty();
  }

  @Test
  void put_thenFind_returnsTheCredential() {
    store.put(new StoredCredential("alice", HASH_A, true));

    StoredCredential found = store.find("alice").orElseThrow();
    assertThat(found.username()).isEqualTo("alice");
    assertThat(found.encodedHash()).isEqualTo(HASH_A);
    assertThat(found.disabled()).isTrue();
  }

  @Test
  void put_existingUser_replacesTheCredential() {
    store.put(StoredCredential.of("alice", HASH_A));
    store.put(StoredCredential.of("alice", HASH_B));

    assertThat(store.find("alice").orElseThrow().encodedHash()).isEqualTo(HASH_B);
    try (Stream<StoredCredential> all = store.scan()) {
      assertThat(all.count()).isEqualTo(1);
    }
  }

  @Test
  void find_matchesTheUsernameExactly() {
    store.put(StoredCredential.of("alice", HASH_A));
    store.put(StoredCredential.of("Ünïcødé-用户", HASH_B));

    assertThat(store.find("Alice")).isEmpty();
    assertThat(store.find("alice ")).isEmpty();
    assertThat(store.find("Ünïcødé-用户").orElseThrow().encodedHash()).isEqualTo(HASH_B);
  }

  @Test
  void replaceHash_expectedHashStillStored_replacesItKeepingTheRest() {
    store.put(new StoredCredential("alice", HASH_A, true));

    assertThat(store.replaceHash("alice", HASH_A, HASH_B)).isTrue();

    StoredCredential found = store.find("alice").orElseThrow();
    assertThat(found.encodedHash()).isEqualTo(HASH_B);
    assertThat(found.disabled()).isTrue();
  }

  @Test
  void replaceHash_hashChangedInBetween_doesNothing() {
    store.put(StoredCredential.of("alice", HASH_B));

    assertThat(store.replaceHash("alice", HASH_A, "$argon2id$other")).isFalse();

    assertThat(store.find("alice").orElseThrow().encodedHash()).isEqualTo(HASH_B);
  }

  @Test
  void replaceHash_missingUser_doesNotCreateIt() {
    assertThat(store.replaceHash("ghost", HASH_A, HASH_B)).isFalse();

    assertThat(store.find("ghost")).isEmpty();
  }

  @Test
  void replaceHash_concurrentWriters_exactlyOneWins() throws Exception {
    store.put(StoredCredential.of("alice", HASH_A));
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    try {
      for (int i = 0; i < writers; i++) {
        String mine = HASH_B + i;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return store.replaceHash("alice", HASH_A, mine);
                }));
      }
      start.countDown();
      int won = 0;
      for (Future<Boolean> result : results) {
        won += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.find("alice").orElseThrow().encodedHash()).startsWith(HASH_B);
  }

  @Test
  void delete_existingUser_removesItOnce() {
    store.put(StoredCredential.of("alice", HASH_A));

    assertThat(store.delete("alice")).isTrue();
    assertThat(store.delete("alice")).isFalse();
    assertThat(store.find("alice")).isEmpty();
  }

  @Test
  void scan_streamsEveryUser() {
    for (int i = 0; i < 50; i++) {
      store.put(StoredCredential.of("user-" + i, HASH_A));
    }

    try (Stream<StoredCredential> all = store.scan()) {
      assertThat(all.map(StoredCredential::username).collect(Collectors.toSet()))
          .hasSize(50)
          .contains("user-0", "user-49");
    }
  }

  @Test
  void scan_emptyStore_isEmpty() {
    try (Stream<StoredCredential> all = store.scan()) {
      assertThat(all).isEmpty();
    }
  }

  @Test
  void probe_answersWithADescription() {
    assertThat(store.probe()).isNotBlank();
  }

  @Test
  void metadata_firstValueRecordedWins() {
    assertThat(store.metadata("pepper.kcv.k1")).isEmpty();

    assertThat(store.putMetadataIfAbsent("pepper.kcv.k1", "first")).contains("first");
    assertThat(store.putMetadataIfAbsent("pepper.kcv.k1", "second")).contains("first");
    assertThat(store.putMetadataIfAbsent("pepper.kcv.k2", "other")).contains("other");

    assertThat(store.metadata("pepper.kcv.k1")).contains("first");
    assertThat(store.metadata("pepper.kcv.k2")).contains("other");
  }

  @Test
  void metadata_concurrentFirstUses_agreeOnOneValue() throws Exception {
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> results = new ArrayList<>();
    try {
      for (int i = 0; i < writers; i++) {
        String mine = "value-" + i;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return store.putMetadataIfAbsent("race", mine).orElseThrow();
                }));
      }
      start.countDown();
      List<String> seen = new ArrayList<>();
      for (Future<String> result : results) {
        seen.add(result.get(30, TimeUnit.SECONDS));
      }
      assertThat(seen).containsOnly(store.metadata("race").orElseThrow());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void create_takenUsername_isRefusedAndNothingIsOverwritten() {
    assertThat(store.create(StoredCredential.of("alice", HASH_A))).isTrue();

    assertThat(store.create(StoredCredential.of("alice", HASH_B))).isFalse();
    assertThat(store.find("alice").orElseThrow().encodedHash()).isEqualTo(HASH_A);
  }

  @Test
  void create_concurrentCreators_exactlyOneWins() throws Exception {
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    try {
      for (int i = 0; i < writers; i++) {
        String mine = HASH_B + i;
        results.add(pool.submit(() -> {
          start.await();
          return store.create(StoredCredential.of("bob", mine));
        }));
      }
      start.countDown();
      int won = 0;
      for (Future<Boolean> result : results) {
        won += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void metadataNames_listsExactlyTheNamesWithThePrefix() {
    store.putMetadataIfAbsent("pepper.kcv.k1", "a");
    store.putMetadataIfAbsent("pepper.kcv.k2", "b");
    store.putMetadataIfAbsent("pepper.kcvXk3", "c"); // a LIKE wildcard must not match this
    store.putMetadataIfAbsent("pepper.staged.k2", "d");

    if (store.metadata("pepper.kcv.k1").isPresent()) { // a store that keeps metadata
      assertThat(store.metadataNames("pepper.kcv.")).containsExactlyInAnyOrder(
          "pepper.kcv.k1", "pepper.kcv.k2");
      assertThat(store.metadataNames("pepper.k_v.")).isEmpty();
    } else {
      assertThat(store.metadataNames("pepper.kcv.")).isEmpty();
    }
  }

  @Test
  void hashClasses_whereCounted_matchAClassByClassCountOfTheScan() {
    String salt = "c29tZXNhbHRzb21lc2FsdA";
    for (int i = 0; i < 7; i++) {
      store.put(StoredCredential.of("k1-" + i, "$argon2id$v=19$m=64,t=1,p=1,keyid=k1$" + salt
          + "$aGFzaC" + (char) ('a' + i) + "xxxxxxxxxxxxxxxxxxxxxx"));
    }
    for (int i = 0; i < 3; i++) {
      store.put(StoredCredential.of("k2-" + i, "$argon2id$v=19$m=64,t=1,p=1,keyid=k2$" + salt
          + "$aGFzaC" + (char) ('a' + i) + "xxxxxxxxxxxxxxxxxxxxxx"));
    }
    store.put(StoredCredential.of("bcrypt", "$2y$05$pBKk1GolidWJG1kEpQmeWe4sF/QsMTGYcRKcY8ueglx0A4L0IfBvW"));
    store.put(StoredCredential.of("plain", "not a hash"));

    store.hashClasses().ifPresent(classes -> {
      assertThat(classes).extracting(HashClass::prefix, HashClass::users).containsExactlyInAnyOrder(
          org.assertj.core.groups.Tuple.tuple("$argon2id$v=19$m=64,t=1,p=1,keyid=k1$", 7L),
          org.assertj.core.groups.Tuple.tuple("$argon2id$v=19$m=64,t=1,p=1,keyid=k2$", 3L),
          org.assertj.core.groups.Tuple.tuple("$2y$05$", 1L),
          org.assertj.core.groups.Tuple.tuple("", 1L));
      for (HashClass hashClass : classes) {
        StoredCredential example = store.find(hashClass.exampleUsername()).orElseThrow();
        assertThat(HashClass.prefixOf(example.encodedHash())).isEqualTo(hashClass.prefix());
        assertThat(HashClass.prefixOf(hashClass.exampleHash())).isEqualTo(hashClass.prefix());
      }
    });
  }

  @Test
  void hashClasses_ofHashesTheClassesCannotTellApart_areLeftToTheScan() {
    // one length, two prefix lengths: the store must not merge them into a wrong class
    store.put(StoredCredential.of("a", "$6$rounds=5000$saltsaltsaltsalt$hashhash"));
    store.put(StoredCredential.of("b", "$6$rounds=500$saltsaltsaltsalt1$hashhash"));

    store.hashClasses().ifPresent(classes -> assertThat(classes)
        .extracting(HashClass::prefix)
        .containsExactlyInAnyOrder("$6$rounds=5000$", "$6$rounds=500$"));
  }
}
