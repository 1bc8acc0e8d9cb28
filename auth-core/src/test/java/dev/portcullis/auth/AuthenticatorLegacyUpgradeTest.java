package dev.portcullis.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.hashers.Argon2Hasher;
import dev.portcullis.auth.hashers.legacy.WrappedLegacyHasher;
import dev.portcullis.auth.spi.StoredCredential;
import dev.portcullis.auth.store.InMemoryCredentialStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The upgrade path of a legacy hash through the engine, with real hashers and hashes written by
 * each ecosystem's own tools (src/test/resources/vectors/legacy/): enabled by {@code
 * hashing.legacy-schemes}, verified, rewritten as Argon2id by compare-and-set, and counted by the
 * inventory while it lasts.
 */
final class AuthenticatorLegacyUpgradeTest {

  private static final String PASSWORD = "correct horse battery staple";

  /** One tool-written vector per scheme of the files, with the ASCII password. */
  static List<String[]> vectors() {
    List<String[]> vectors = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    for (String file : List.of("unix-tools.tsv", "django.tsv", "spring-security.tsv")) {
      try (InputStream in =
              Objects.requireNonNull(
                  AuthenticatorLegacyUpgradeTest.class.getResourceAsStream("/vectors/legacy/" + file));
          BufferedReader reader = new BufferedReader(new InputStreamReader(in, UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          if (line.isEmpty() || line.startsWith("#")) {
            continue;
          }
          String[] fields = line.split("\t", -1);
          // small parameters only: the default-cost rows would make the suite slow
          boolean heavy = fields[1].contains("260000") || fields[1].contains("m=102400")
              || fields[1].contains("rounds=12") || fields[1].contains("-C 10");
          if (fields[2].equals(PASSWORD) && !heavy && seen.add(fields[0])) {
            vectors.add(new String[] {fields[0], fields[3]});
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return vectors;
  }

  private static AuthConfig enabling(Set<String> schemes) {
    return TestConfigs.fast().toBuilder().legacySchemes(schemes).build();
  }

  private static Authenticator engine(AuthConfig config, InMemoryCredentialStore store) {
    return Authenticator.builder(config, store).preflightOnCreate(Set.of()).build();
  }

  private static String stored(InMemoryCredentialStore store, String username) {
    return store.find(username).orElseThrow().encodedHash();
  }

  @Test
  void vectors_coverEveryLegacySchemeButNoop() {
    Set<String> schemes = new java.util.TreeSet<>();
    vectors().forEach(vector -> schemes.add(vector[0]));
    Set<String> expected = new java.util.TreeSet<>(PasswordHashers.legacySchemeIds());
    expected.remove("noop");
    assertThat(schemes).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void enabledScheme_loginSucceeds_andTheHashBecomesArgon2id(String scheme, String legacy) {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    store.put(StoredCredential.of("alice", legacy));
    try (Authenticator auth = engine(enabling(Set.of(scheme)), store)) {
      assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);
      String upgraded = stored(store, "alice");
      assertThat(upgraded).startsWith("$argon2id$v=19$m=64,t=1,p=1$");

      assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(stored(store, "alice")).as("the Argon2id hash is final").isEqualTo(upgraded);
    }
    // the Argon2id hash verifies without any legacy scheme enabled
    try (Authenticator plain = engine(TestConfigs.fast(), store)) {
      assertThat(plain.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void schemeNotListed_isUnsupportedHash_neverBadPassword(String scheme, String legacy) {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    store.put(StoredCredential.of("alice", legacy));
    String other = scheme.equals("2b") ? "6" : "2b";
    for (AuthConfig config : List.of(TestConfigs.fast(), enabling(Set.of(other)))) {
      try (Authenticator auth = engine(config, store)) {
        assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome())
            .isEqualTo(Outcome.UNSUPPORTED_HASH);
        assertThat(auth.verify("alice", "wrong password".toCharArray()).outcome())
            .isEqualTo(Outcome.UNSUPPORTED_HASH);
      }
    }
    assertThat(stored(store, "alice")).isEqualTo(legacy);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void wrongPasswordOnLegacyHash_isBadPassword_andNothingIsRewritten(String scheme, String legacy) {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    store.put(StoredCredential.of("alice", legacy));
    try (Authenticator auth = engine(enabling(Set.of(scheme)), store)) {
      assertThat(auth.verify("alice", "Correct horse battery staple".toCharArray()).outcome())
          .isEqualTo(Outcome.BAD_PASSWORD);
    }
    assertThat(stored(store, "alice")).isEqualTo(legacy);
  }

  @Test
  void noop_neverSucceeds_evenWhenListed() {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    store.put(StoredCredential.of("alice", "{noop}" + PASSWORD));
    try (Authenticator auth = engine(enabling(Set.of("noop")), store)) {
      VerificationResult result = auth.verify("alice", PASSWORD.toCharArray());
      assertThat(result.succeeded()).isFalse();
      assertThat(result.outcome()).isEqualTo(Outcome.UNSUPPORTED_HASH);
    }
    assertThat(stored(store, "alice")).isEqualTo("{noop}" + PASSWORD);
  }

  @Test
  void rehash_isCompareAndSet_aPasswordChangedInBetweenIsKept() {
    String legacy = vectors().stream().filter(v -> v[0].equals("2b")).findFirst().orElseThrow()[1];
    String changed = "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$"
        + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    InMemoryCredentialStore memory = new InMemoryCredentialStore();
    DelegatingStore store =
        new DelegatingStore(memory) {
          @Override
          public boolean replaceHash(String username, String expectedHash, String newHash) {
            put(StoredCredential.of(username, changed)); // a password reset wins the race
            return super.replaceHash(username, expectedHash, newHash);
          }
        };
    store.put(StoredCredential.of("alice", legacy));
    try (Authenticator auth =
        Authenticator.builder(enabling(Set.of("2b")), store).preflightOnCreate(Set.of()).build()) {
      assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);
    }
    assertThat(stored(memory, "alice")).isEqualTo(changed);
  }

  @Test
  void inventory_countsUsersPerLegacyScheme_andNamesTheConfigKey() {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    List<String[]> vectors = vectors();
    String bcrypt = vectors.stream().filter(v -> v[0].equals("2b")).findFirst().orElseThrow()[1];
    String django = vectors.stream().filter(v -> v[0].equals("pbkdf2_sha256")).findFirst().orElseThrow()[1];
    store.put(StoredCredential.of("b1", bcrypt));
    store.put(StoredCredential.of("b2", bcrypt));
    store.put(StoredCredential.of("b3", bcrypt));
    store.put(StoredCredential.of("d1", django));

    try (Authenticator auth = engine(enabling(Set.of("pbkdf2_sha256")), store)) {
      Inventory inventory = auth.inventory();
      assertThat(inventory.groups())
          .anySatisfy(group -> {
            assertThat(group.scheme()).isEqualTo("pbkdf2_sha256");
            assertThat(group.users()).isEqualTo(1);
            assertThat(group.needRehash()).isEqualTo(1);
          });
      assertThat(inventory.problems()).singleElement().satisfies(problem -> {
        assertThat(problem.outcome()).isEqualTo(Outcome.UNSUPPORTED_HASH);
        assertThat(problem.users()).isEqualTo(3);
        assertThat(problem.what()).contains("scheme 2b").contains("add 2b to hashing.legacy-schemes");
        assertThat(problem.what()).doesNotContain(bcrypt.substring(7));
      });
    }
    try (Authenticator auth = engine(enabling(Set.of("2b", "pbkdf2_sha256")), store)) {
      Inventory inventory = auth.inventory();
      assertThat(inventory.problems()).isEmpty();
      assertThat(inventory.groups()).anySatisfy(group -> {
        assertThat(group.scheme()).isEqualTo("2b");
        assertThat(group.users()).isEqualTo(3);
        assertThat(group.needRehash()).isEqualTo(3);
      });
      assertThat(inventory.needRehash()).isEqualTo(4);
      auth.verify("b1", PASSWORD.toCharArray());
      assertThat(auth.inventory().groups()).anySatisfy(group -> {
        assertThat(group.scheme()).isEqualTo("2b");
        assertThat(group.users()).isEqualTo(2);
      });
    }
  }

  @Test
  void inventory_overCapBcryptAndNoop_areReportedAsProblems_withoutAPassword() {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    String bcrypt = vectors().stream().filter(v -> v[0].equals("2b")).findFirst().orElseThrow()[1];
    store.put(StoredCredential.of("fine", bcrypt));
    store.put(StoredCredential.of("planted", "$2b$20$" + bcrypt.substring(7)));
    store.put(StoredCredential.of("plain", "{noop}hunter2-plaintext"));
    AuthConfig config = TestConfigs.fast().toBuilder().legacySchemes(Set.of("2b", "noop")).build();

    try (Authenticator auth =
        Authenticator.builder(config, store).preflightOnCreate(Set.of()).build()) {
      Inventory inventory = auth.inventory();

      assertThat(inventory.groups()).singleElement().satisfies(group -> {
        assertThat(group.scheme()).isEqualTo("2b");
        assertThat(group.users()).isEqualTo(1);
      });
      assertThat(inventory.problems()).hasSize(2);
      assertThat(inventory.problems()).anySatisfy(problem -> {
        assertThat(problem.outcome()).isEqualTo(Outcome.HASH_PARAMS_REJECTED);
        assertThat(problem.exampleUsername()).isEqualTo("planted");
        assertThat(problem.what()).contains("cost 20");
      });
      assertThat(inventory.problems()).anySatisfy(problem -> {
        assertThat(problem.outcome()).isEqualTo(Outcome.UNSUPPORTED_HASH);
        assertThat(problem.exampleUsername()).isEqualTo("plain");
        assertThat(problem.what()).contains("{noop}").doesNotContain("hunter2");
      });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void wrappedHash_verifiesUnderItsLegacyId_andIsRehashedToArgon2id(String scheme, String legacy) {
    if (!WrappedLegacyHasher.WRAPPABLE.contains(scheme)) {
      return;
    }
    String wrapped =
        WrappedLegacyHasher.wrap(scheme, legacy, new Argon2Hasher(), TestConfigs.FAST_ARGON2ID);
    assertThat(wrapped).startsWith("$wrap-" + scheme + "$").contains("$v=19$m=64,t=1,p=1$");
    assertThat(wrapped).doesNotContain(legacy);
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    store.put(StoredCredential.of("alice", wrapped));
    try (Authenticator off = engine(TestConfigs.fast(), store)) {
      assertThat(off.verify("alice", PASSWORD.toCharArray()).outcome())
          .isEqualTo(Outcome.UNSUPPORTED_HASH);
      assertThat(off.inventory().problems()).singleElement().satisfies(problem ->
          assertThat(problem.what()).contains("add " + scheme + " to hashing.legacy-schemes"));
    }
    try (Authenticator auth = engine(enabling(Set.of(scheme)), store)) {
      assertThat(auth.inventory().groups()).singleElement().satisfies(group -> {
        assertThat(group.scheme()).isEqualTo("wrap-" + scheme);
        assertThat(group.needRehash()).isEqualTo(1);
      });
      assertThat(auth.verify("alice", "wrong password".toCharArray()).outcome())
          .isEqualTo(Outcome.BAD_PASSWORD);
      assertThat(stored(store, "alice")).isEqualTo(wrapped);
      assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(stored(store, "alice")).startsWith("$argon2id$v=19$");
    }
  }
}
