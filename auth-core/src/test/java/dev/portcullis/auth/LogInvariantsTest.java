package dev.portcullis.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.PreflightPolicy.Check;
import dev.portcullis.auth.hashers.Argon2Hasher;
import dev.portcullis.auth.spi.PhcString;
import dev.portcullis.auth.spi.StoreException;
import dev.portcullis.auth.spi.StoredCredential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md's first invariant, checked on the real log output: no password, hash or salt ever
 * reaches a log line, and usernames stay out of logs by default. The build routes every log line
 * of the test JVM to one file (see the surefire configuration of auth-core).
 */
final class LogInvariantsTest {

  private static final String USER = "log-invariant-user-7f3a";
  private static final String PASSWORD = "Log-Invariant-Password-9c41";

  @Test
  void everyOutcomePath_logsNoSecretAndNoUsername() throws Exception {
    Path logFile = Path.of(System.getProperty("test.log.file", "target/test-run.log"));
    // only this test's lines: the file holds the whole test JVM's log
    String marker = "log invariants test starts " + System.nanoTime();
    org.slf4j.LoggerFactory.getLogger(LogInvariantsTest.class).info(marker);
    Argon2Hasher argon2 = new Argon2Hasher();
    String oldHash = argon2.hash(PASSWORD.getBytes(UTF_8), HashingPolicy.argon2id(32, 2, 1));
    PhcString parsed = PhcString.parse(oldHash);
    String saltText = Base64.getEncoder().withoutPadding().encodeToString(parsed.salt());
    String hashText = Base64.getEncoder().withoutPadding().encodeToString(parsed.hash());
    DelegatingStore store =
        new DelegatingStore() {
          @Override
          public boolean replaceHash(String username, String expectedHash, String newHash) {
            throw new StoreException("replica is read-only");
          }

          @Override
          public Optional<StoredCredential> find(String username) {
            if (username.endsWith("-down")) {
              throw new StoreException("connection refused");
            }
            return super.find(username);
          }
        };
    store.put(StoredCredential.of(USER, oldHash));
    store.put(StoredCredential.of(USER + "-bad", oldHash + "="));
    store.put(StoredCredential.of(USER + "-big", oldHash.replace("m=32", "m=9999999")));
    // a legacy store that kept a plaintext password where a scheme id belongs
    store.put(StoredCredential.of(USER + "-plain", PASSWORD + "$"));

    // the stored-hashes check refuses this store (that is what the planted hashes are for): its
    // report reaches the ERROR line of the refused start, and of a refused reload
    assertThat(TestConfigs.fast().preflight().onCreate()).contains(Check.STORED_HASHES);
    assertThatThrownBy(() -> Authenticator.create(TestConfigs.fast(), store))
        .isInstanceOf(PreflightException.class);
    // every other check runs, and the logins below reach each outcome's log line
    Set<Check> checks = EnumSet.copyOf(TestConfigs.fast().preflight().onCreate());
    checks.remove(Check.STORED_HASHES);
    try (Authenticator auth =
        Authenticator.builder(TestConfigs.fast(), store).preflightOnCreate(checks).build()) {
      assertThatThrownBy(() -> auth.reload(TestConfigs.fast()))
          .isInstanceOf(PreflightException.class);
      auth.verify(USER, PASSWORD.toCharArray()); // success, failed rehash write (WARN)
      auth.verify(USER, (PASSWORD + "x").toCharArray()); // bad password
      auth.verify(USER + "-unknown", PASSWORD.toCharArray()); // unknown user
      auth.verify(USER + "-down", PASSWORD.toCharArray()); // store unavailable (WARN)
      auth.verify(USER + "-bad", PASSWORD.toCharArray()); // unsupported hash (WARN)
      auth.verify(USER + "-big", PASSWORD.toCharArray()); // params rejected (WARN)
      // unsupported, no scheme: its WARN is rate-limited with the one above, DEBUG otherwise
      auth.verify(USER + "-plain", PASSWORD.toCharArray());
    }

    String whole = Files.readString(logFile, UTF_8);
    assertThat(whole).contains(marker);
    String log = whole.substring(whole.lastIndexOf(marker));
    assertThat(log)
        .as("the log must hold the lines this test produced, or it proves nothing")
        .contains("outcome=BAD_PASSWORD")
        .contains("outcome=STORE_UNAVAILABLE")
        .contains("outcome=HASH_PARAMS_REJECTED")
        .contains("outcome=UNSUPPORTED_HASH")
        .contains("rehash after a successful login failed")
        .contains("preflight failed: ")
        .contains("cannot log in under this config")
        .contains("configuration reload refused");
    for (String secret : List.of(PASSWORD, oldHash, saltText, hashText, USER)) {
      assertThat(log).as("log must not contain a secret or username").doesNotContain(secret);
    }
  }

  @Test
  void logFile_isConfigured() throws IOException {
    Path logFile = Path.of(System.getProperty("test.log.file", "target/test-run.log"));
    Authenticator.create(TestConfigs.fast(), new DelegatingStore()).close();

    assertThat(Files.readString(logFile, UTF_8)).contains("portcullis authenticator started");
  }
}
