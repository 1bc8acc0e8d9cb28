package dev.portcullis.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.InputLimits;
import dev.portcullis.auth.hashers.Argon2Hasher;
import dev.portcullis.auth.hashers.Pbkdf2Hasher;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.StoreException;
import dev.portcullis.auth.spi.StoredCredential;
import dev.portcullis.auth.store.InMemoryCredentialStore;
import dev.portcullis.auth.telemetry.VerificationMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class AuthenticatorTest {

  private static final String PASSWORD = "correct horse battery staple";
  private final Argon2Hasher argon2 = new Argon2Hasher();
  private final CountingHasher counting = new CountingHasher(argon2);
  private InMemoryCredentialStore store = new InMemoryCredentialStore();
  private Authenticator auth = create(TestConfigs.fast(), store);

  private Authenticator create(AuthConfig config, dev.portcullis.auth.spi.CredentialStore s) {
    return Authenticator.builder(config, s).hasher(counting).build();
  }

  @BeforeEach
  void addAlice() {
    auth.setPassword("alice", PASSWORD.toCharArray());
    counting.reset();
  }

  @AfterEach
  void close() {
    auth.close();
  }

  @Test
  void verify_rightPassword_succeeds() {
    VerificationResult result = auth.verify("alice", PASSWORD.toCharArray());

    assertThat(result.succeeded()).isTrue();
    assertThat(result.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(result.username()).isEqualTo("alice");
    assertThat(result.retryAfter()).isEmpty();
  }

  @Test
  void verify_wrongPassword_isBadPassword() {
    VerificationResult result = auth.verify("alice", "correct horse battery stapl".toCharArray());

    assertThat(result.succeeded()).isFalse();
    assertThat(result.outcome()).isEqualTo(Outcome.BAD_PASSWORD);
  }

  @Test
  void verify_passwordIsUsedExactlyAsReceived() {
    assertThat(auth.verify("alice", (PASSWORD + " ").toCharArray()).outcome())
        .isEqualTo(Outcome.BAD_PASSWORD);
    assertThat(auth.verify("alice", PASSWORD.toUpperCase().toCharArray()).outcome())
        .isEqualTo(Outcome.BAD_PASSWORD);
    assertThat(auth.verify("Alice", PASSWORD.toCharArray()).outcome())
        .isEqualTo(Outcome.UNKNOWN_USER);
  }

  @Test
  void verify_unknownUser_costsADummyVerificationUnderTheLivePolicy() {
    VerificationResult result = auth.verify("mallory", PASSWORD.toCharArray());

    assertThat(result.outcome()).isEqualTo(Outcome.UNKNOWN_USER);
    assertThat(counting.verifications).hasValue(1);
  }

  @Test
  void verify_nullArguments_throwNullPointerExceptionNamingThem() {
    assertThatThrownBy(() -> auth.verify(nullString(), PASSWORD.toCharArray()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("username");
    assertThatThrownBy(() -> auth.verify("alice", nullChars()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("password");
  }

  @Test
  void verify_malformedInput_isRefusedWithoutHashing() {
    int max = InputLimits.defaults().maxPasswordChars();

    assertThat(auth.verify("", PASSWORD.toCharArray()).outcome())
        .isEqualTo(Outcome.MALFORMED_INPUT);
    assertThat(auth.verify("alice", new char[0]).outcome()).isEqualTo(Outcome.MALFORMED_INPUT);
    assertThat(auth.verify("alice", "x".repeat(max + 1).toCharArray()).outcome())
        .isEqualTo(Outcome.MALFORMED_INPUT);
    assertThat(auth.verify("alice", new char[] {'a', '\uD800', 'b'}).outcome())
        .as("an unpaired surrogate would silently become '?' in UTF-8")
        .isEqualTo(Outcome.MALFORMED_INPUT);
    assertThat(auth.verify("u".repeat(257), PASSWORD.toCharArray()).outcome())
        .isEqualTo(Outcome.MALFORMED_INPUT);

    assertThat(counting.verifications).hasValue(0);
  }

  @Test
  void verify_passwordAtTheMaximumLength_isVerified() {
    // not one letter repeated, which the password policy refuses as repetitive
    int max = InputLimits.defaults().maxPasswordChars();
    String longest = "staple horse battery correct ".repeat(40).substring(0, max);
    assertThat(auth.setPassword("bob", longest.toCharArray()).changed()).isTrue();

    assertThat(auth.verify("bob", longest.toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);
  }

  @Test
  void verify_nonAsciiPassword_roundTrips() {
    String password = "pässwörd-пароль-🔐";
    auth.setPassword("carol", password.toCharArray());

    assertThat(auth.verify("carol", password.toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(auth.verify("carol", "passwörd-пароль-🔐".toCharArray()).outcome())
        .isEqualTo(Outcome.BAD_PASSWORD);
  }

  @Test
  void verify_doesNotModifyTheCallersPassword() {
    char[] password = PASSWORD.toCharArray();

    auth.verify("alice", password);

    assertThat(new String(password)).isEqualTo(PASSWORD);
  }

  @Test
  void verify_storeDown_isStoreUnavailableNeverABadPassword() {
    DelegatingStore failing =
        new DelegatingStore() {
          @Override
          public String probe() {
            return "answered at start-up"; // it fails from the first login on
          }

          @Override
          public Optional<StoredCredential> find(String username) {
            throw new StoreException("connection refused");
          }
        };
    try (Authenticator down = create(TestConfigs.fast(), failing)) {
      VerificationResult result = down.verify("alice", PASSWORD.toCharArray());

      assertThat(result.outcome()).isEqualTo(Outcome.STORE_UNAVAILABLE);
      assertThat(result.outcome().category()).isEqualTo(Outcome.Category.SYSTEM);
    }
  }

  @Test
  void verify_storeBug_isInternalError() {
    DelegatingStore buggy =
        new DelegatingStore() {
          @Override
          public String probe() {
            return "answered at start-up"; // it fails from the first login on
          }

          @Override
          public Optional<StoredCredential> find(String username) {
            throw new IllegalStateException("bug");
          }
        };
    try (Authenticator broken = create(TestConfigs.fast(), buggy)) {
      assertThat(broken.verify("alice", PASSWORD.toCharArray()).outcome())
          .isEqualTo(Outcome.INTERNAL_ERROR);
    }
  }

  @Test
  void verify_schemeWithoutHasher_isUnsupportedHash() {
    store.put(StoredCredential.of("dave", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"));
    store.put(StoredCredential.of("erin", "{noop}" + PASSWORD));
    store.put(StoredCredential.of("frank", "plain text"));

    assertThat(auth.verify("dave", PASSWORD.toCharArray()).outcome())
        .isEqualTo(Outcome.UNSUPPORTED_HASH);
    assertThat(auth.verify("erin", PASSWORD.toCharArray()).outcome())
        .isEqualTo(Outcome.UNSUPPORTED_HASH);
    assertThat(auth.verify("frank", "plain text".toCharArray()).outcome())
        .isEqualTo(Outcome.UNSUPPORTED_HASH);
  }

  @Test
  void verify_malformedStoredHash_isUnsupportedHash() {
    String valid = store.find("alice").orElseThrow().encodedHash();
    store.put(StoredCredential.of("alice", valid + "="));

    assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome())
        .isEqualTo(Outcome.UNSUPPORTED_HASH);
  }

  @Test
  void verify_storedParametersOverTheCaps_areRejectedBeforeHashing() {
    String salt = "c29tZXNhbHQ";
    String tag = "7FfsnA6vUe7qLpL/3Kqc3uR48ZJyFbUVt7jWZlf0Htk";
    store.put(StoredCredential.of("gina", "$argon2id$v=19$m=4194304,t=2,p=1$" + salt + "$" + tag));
    store.put(StoredCredential.of("hank", "$argon2id$v=19$m=1024,t=4000000,p=1$" + salt + "$" + tag));
    store.put(StoredCredential.of("ivan", "$pbkdf2-sha256$i=2000000000,l=32$" + salt + "$" + tag));

    assertThat(auth.verify("gina", PASSWORD.toCharArray()).outcome())
        .isEqualTo(Outcome.HASH_PARAMS_REJECTED);
    assertThat(auth.verify("hank", PASSWORD.toCharArray()).outcome())
        .isEqualTo(Outcome.HASH_PARAMS_REJECTED);
    assertThat(auth.verify("ivan", PASSWORD.toCharArray()).outcome())
        .isEqualTo(Outcome.HASH_PARAMS_REJECTED);
  }

  @Test
  void verify_storedHashNamingAPepperKey_isPepperKeyMissingNeverBadPassword() {
    store.put(
        StoredCredential.of(
            "judy",
            "$argon2id$v=19$m=64,t=1,p=1,keyid=k2$c29tZXNhbHQ$7FfsnA6vUe7qLpL/3Kqc3uR48ZJyFbUVt7jWZlf0Htk"));

    assertThat(auth.verify("judy", PASSWORD.toCharArray()).outcome())
        .isEqualTo(Outcome.PEPPER_KEY_MISSING);
  }

  @Test
  void verify_disabledAccount_isDisabledOnlyWithTheRightPassword() {
    String hash = store.find("alice").orElseThrow().encodedHash();
    store.put(new StoredCredential("alice", hash, true));

    assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome())
        .isEqualTo(Outcome.DISABLED);
    assertThat(auth.verify("alice", "guess".toCharArray()).outcome())
        .isEqualTo(Outcome.BAD_PASSWORD);
  }

  @Test
  void verify_hashUnderOtherParameters_isRehashedToTheLivePolicy() {
    String old = argon2.hash(PASSWORD.getBytes(UTF_8), HashingPolicy.argon2id(32, 2, 1));
    store.put(StoredCredential.of("alice", old));

    assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);

    String fresh = store.find("alice").orElseThrow().encodedHash();
    assertThat(fresh).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
    assertThat(auth.metrics().rehashWritten()).isEqualTo(1);
    assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(store.find("alice").orElseThrow().encodedHash())
        .as("a hash under the live policy is not rewritten")
        .isEqualTo(fresh);
  }

  @Test
  void verify_pbkdf2Hash_isRehashedToArgon2id() {
    String old =
        new Pbkdf2Hasher().hash(PASSWORD.getBytes(UTF_8), HashingPolicy.pbkdf2Sha256(1_000));
    store.put(StoredCredential.of("alice", old));

    assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);

    assertThat(store.find("alice").orElseThrow().encodedHash()).startsWith("$argon2id$");
  }

  @Test
  void verify_argon2iAndVersion16Hashes_areRehashed() {
    String argon2i = "$argon2i$m=1024,t=2,p=1$c29tZXNhbHQ$+RbH6T/wQa0oThAq2V8XLETF7dXxpZ3gqmtkOTDZwdA";
    store.put(StoredCredential.of("kate", argon2i));

    assertThat(auth.verify("kate", "password".toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);

    assertThat(store.find("kate").orElseThrow().encodedHash()).startsWith("$argon2id$v=19$");
  }

  @Test
  void verify_failedRehashWrite_neverFailsTheLogin() {
    DelegatingStore readOnly =
        new DelegatingStore() {
          @Override
          public boolean replaceHash(String username, String expectedHash, String newHash) {
            throw new StoreException("read-only replica");
          }
        };
    String old = argon2.hash(PASSWORD.getBytes(UTF_8), HashingPolicy.argon2id(32, 2, 1));
    readOnly.put(StoredCredential.of("alice", old));
    try (Authenticator replica = create(TestConfigs.fast(), readOnly)) {
      assertThat(replica.verify("alice", PASSWORD.toCharArray()).outcome())
          .isEqualTo(Outcome.SUCCESS);

      assertThat(replica.metrics().rehashFailed()).isEqualTo(1);
      assertThat(readOnly.find("alice").orElseThrow().encodedHash()).isEqualTo(old);
    }
  }

  @Test
  void verify_passwordChangedDuringTheLogin_isNotOverwrittenByTheRehash() {
    String old = argon2.hash(PASSWORD.getBytes(UTF_8), HashingPolicy.argon2id(32, 2, 1));
    String changed = argon2.hash("a brand new password".getBytes(UTF_8), TestConfigs.FAST_ARGON2ID);
    DelegatingStore racing =
        new DelegatingStore() {
          @Override
          public Optional<StoredCredential> find(String username) {
            Optional<StoredCredential> seen = delegate.find(username);
            // the user changes their password right after the engine read the old hash
            delegate.put(StoredCredential.of(username, changed));
            return seen;
          }
        };
    racing.put(StoredCredential.of("alice", old));
    try (Authenticator engine = create(TestConfigs.fast(), racing)) {
      assertThat(engine.verify("alice", PASSWORD.toCharArray()).outcome())
          .isEqualTo(Outcome.SUCCESS);

      assertThat(racing.delegate.find("alice").orElseThrow().encodedHash()).isEqualTo(changed);
      assertThat(engine.metrics().rehashConflicts()).isEqualTo(1);
      assertThat(engine.metrics().rehashWritten()).isZero();
    }
  }

  @Test
  void verify_concurrentLoginsOfOneUser_writeTheRehashOnce() throws Exception {
    String old = argon2.hash(PASSWORD.getBytes(UTF_8), HashingPolicy.argon2id(32, 2, 1));
    store.put(StoredCredential.of("alice", old));
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Outcome>> results = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return auth.verify("alice", PASSWORD.toCharArray()).outcome();
                }));
      }
      start.countDown();
      for (Future<Outcome> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(Outcome.SUCCESS);
      }
    } finally {
      pool.shutdownNow();
    }

    VerificationMetrics stats = auth.metrics();
    assertThat(stats.rehashWritten()).isEqualTo(1);
    assertThat(stats.rehashWritten() + stats.rehashConflicts() + stats.rehashSkipped())
        .isLessThanOrEqualTo(threads);
    assertThat(auth.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);
  }

  @Test
  void create_hasherFailingItsSelfTest_refusesToStartNamingHasherAndPlatform() {
    PasswordHasher wrongAnswers =
        new CountingHasher(argon2) {
          @Override
          public void selfTest() {
            throw new IllegalStateException("computed a wrong answer for RFC 9106 §5.3");
          }
        };

    assertThatThrownBy(
            () -> Authenticator.builder(TestConfigs.fast(), store).hasher(wrongAnswers).build())
        .isInstanceOf(PreflightException.class)
        .hasMessageContaining("counting " + argon2.name())
        .hasMessageContaining(System.getProperty("os.name"))
        .hasMessageContaining("RFC 9106");
  }

  @Test
  void create_hasherWhoseNativeLibraryCannotLoad_refusesToStart() {
    PasswordHasher unloadable =
        new CountingHasher(argon2) {
          @Override
          public void selfTest() {
            throw new UnsatisfiedLinkError("libargon2.so: cannot open shared object file");
          }
        };

    assertThatThrownBy(
            () -> Authenticator.builder(TestConfigs.fast(), store).hasher(unloadable).build())
        .isInstanceOf(PreflightException.class)
        .hasMessageContaining("libargon2.so")
        .hasMessageContaining(System.getProperty("os.arch"));
  }

  @Test
  void create_policyNoHasherWrites_refusesToStart() {
    HashingPolicy scrypt = () -> "scrypt";

    assertThatThrownBy(() -> Authenticator.create(TestConfigs.with(scrypt), store))
        .isInstanceOf(PreflightException.class)
        .hasMessageContaining("no hasher writes");
  }

  @Test
  void verify_afterClose_isRefused() {
    auth.close();

    assertThatThrownBy(() -> auth.verify("alice", PASSWORD.toCharArray()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void setPassword_keepsADisabledAccountDisabled() {
    String hash = store.find("alice").orElseThrow().encodedHash();
    store.put(new StoredCredential("alice", hash, true));

    auth.setPassword("alice", "another password".toCharArray());

    assertThat(store.find("alice").orElseThrow().disabled()).isTrue();
    assertThat(auth.verify("alice", "another password".toCharArray()).outcome())
        .isEqualTo(Outcome.DISABLED);
  }

  @Test
  void setPassword_badInput_isRefusedWithoutThePasswordInTheMessage() {
    assertThat(auth.setPassword("bob", new char[0]).refusals())
        .containsExactly(PasswordRefusal.TOO_SHORT);
    assertThat(auth.setPassword("bob", new char[] {'s', 'e', '\uDC00'}).refusals())
        .contains(PasswordRefusal.INVALID_UNICODE);
    assertThat(store.find("bob")).isEmpty();
    assertThatThrownBy(() -> auth.setPassword("", PASSWORD.toCharArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("username");
  }

  @Test
  void statistics_countEveryOutcome() {
    auth.verify("alice", PASSWORD.toCharArray());
    auth.verify("alice", "wrong".toCharArray());
    auth.verify("nobody", "wrong".toCharArray());
    auth.verify("", "wrong".toCharArray());

    VerificationMetrics stats = auth.metrics();
    assertThat(stats.count(Outcome.SUCCESS)).isEqualTo(1);
    assertThat(stats.count(Outcome.BAD_PASSWORD)).isEqualTo(1);
    assertThat(stats.count(Outcome.UNKNOWN_USER)).isEqualTo(1);
    assertThat(stats.count(Outcome.MALFORMED_INPUT)).isEqualTo(1);
    assertThat(stats.outcomes()).containsOnlyKeys(Outcome.values());
  }

  @Test
  void toString_neverShowsTheUsernameOrPassword() {
    VerificationResult result = auth.verify("alice", PASSWORD.toCharArray());

    assertThat(result.toString()).doesNotContain("alice").doesNotContain(PASSWORD);
  }

  @SuppressWarnings("NullAway") // deliberately passing null to check the NullPointerException
  private static String nullString() {
    return null;
  }

  @SuppressWarnings("NullAway")
  private static char[] nullChars() {
    return null;
  }

  @Test
  void verify_pluginWhoseNeedsRehashThrows_stillSucceeds() {
    CountingHasher throwing =
        new CountingHasher(argon2) {
          @Override
          public boolean needsRehash(String encodedHash, HashingPolicy policy) {
            throw new IllegalStateException("plug-in bug");
          }
        };
    try (Authenticator plugin = Authenticator.builder(TestConfigs.fast(), store).hasher(throwing).build()) {
      assertThat(plugin.verify("alice", PASSWORD.toCharArray()).outcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(plugin.metrics().rehashFailed()).isEqualTo(1);
    }
  }

  @Test
  void checkHash_emptyPassword_isMalformedInputNotASystemOutcome() {
    String hash = store.find("alice").orElseThrow().encodedHash();

    assertThat(auth.checkHash(new char[0], hash).outcome()).isEqualTo(Outcome.MALFORMED_INPUT);
  }

  @Test
  void usernamesAStoreCannotHoldFaithfully_areMalformedBeforeTheStoreOrTheThrottle() {
    DelegatingStore watched = new DelegatingStore() {
      @Override
      public java.util.Optional<StoredCredential> find(String username) {
        throw new AssertionError("the store was asked for " + username.length() + " chars");
      }

      @Override
      public String probe() {
        return "up";
      }
    };
    try (Authenticator auth = create(TestConfigs.fast(), watched)) {
      for (String username : new String[] {"alice\uD800", "\uDC00bob", "al\u0000ice", "tab\there"}) {
        assertThat(auth.verify(username, PASSWORD.toCharArray()).outcome())
            .as(username.replace('\u0000', '0'))
            .isEqualTo(Outcome.MALFORMED_INPUT);
        assertThatThrownBy(() -> auth.setPassword(username, PASSWORD.toCharArray()))
            .isInstanceOf(IllegalArgumentException.class);
      }
      // a pair of surrogates is a character like any other
      assertThatThrownBy(() -> auth.verify("\uD83D\uDE00-emoji", PASSWORD.toCharArray()))
          .isInstanceOf(AssertionError.class);
    }
  }

  @Test
  void addUser_createsOnce_andNeverOverwrites() {
    InMemoryCredentialStore users = new InMemoryCredentialStore();
    try (Authenticator auth = create(TestConfigs.fast(), users)) {
      assertThat(auth.addUser("carol", PASSWORD.toCharArray()).changed()).isTrue();
      String first = users.find("carol").orElseThrow().encodedHash();

      PasswordChangeResult again = auth.addUser("carol", "another long passphrase".toCharArray());

      assertThat(again.changed()).isFalse();
      assertThat(again.refusals()).containsExactly(PasswordRefusal.USERNAME_TAKEN);
      assertThat(users.find("carol").orElseThrow().encodedHash()).isEqualTo(first);
      assertThat(auth.verify("carol", PASSWORD.toCharArray()).succeeded()).isTrue();
      assertThat(auth.addUser("dave", "password".toCharArray()).refusals())
          .contains(PasswordRefusal.BLOCKLISTED);
      assertThat(users.find("dave")).isEmpty();
    }
  }
}
