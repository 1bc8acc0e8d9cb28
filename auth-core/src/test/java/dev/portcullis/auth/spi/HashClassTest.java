package dev.portcullis.auth.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The class prefix of each format Portcullis verifies: scheme and parameters, never a salt. */
final class HashClassTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "$argon2id$v=19$m=19456,t=2,p=1,keyid=k2$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
        + "|$argon2id$v=19$m=19456,t=2,p=1,keyid=k2$",
    "$argon2id$m=64,t=1,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA|$argon2id$m=64,t=1,p=1$",
    "$pbkdf2-sha256$i=600000,l=32$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
        + "|$pbkdf2-sha256$i=600000,l=32$",
    "$2y$05$pBKk1GolidWJG1kEpQmeWe4sF/QsMTGYcRKcY8ueglx0A4L0IfBvW|$2y$05$",
    "pbkdf2_sha256$600000$rO2fu7tMXoZ9rRhWcOIDLM$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g="
        + "|pbkdf2_sha256$600000$",
    "$6$rounds=5000$saltsaltsaltsalt$hash|$6$rounds=5000$",
    "{pbkdf2@SpringSecurity_v5_8}00112233445566778899aabbccddeeff|{pbkdf2@SpringSecurity_v5_8}",
    "{bcrypt}$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy|{bcrypt}$2a$10$",
    "a plaintext password|''",
  })
  void prefixOf_isTheSchemeAndParametersWithoutSaltOrHash(String encoded, String prefix) {
    assertThat(HashClass.prefixOf(encoded)).isEqualTo(prefix);
    assertThat(encoded).startsWith(prefix);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    // WrappedLegacyHasher's formats, as authctl migrate --wrap writes them
    "$wrap-6$$6$rounds=20000$A//ZLEoUuq3qVoQT$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAA"
        + "|$wrap-6$$6$rounds=20000$v=19$m=19456,t=2,p=1$",
    "$wrap-2b$$2b$05$A5SCf5X4wdP99zAkdROiCe$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAA"
        + "|$wrap-2b$$2b$05$v=19$m=19456,t=2,p=1$",
    "$wrap-pbkdf2_sha256$pbkdf2_sha256$1000$rO2fu7tMXoZ9rRhWcOIDLM$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAA"
        + "|$wrap-pbkdf2_sha256$pbkdf2_sha256$1000$v=19$m=19456,t=2,p=1$",
  })
  void prefixOf_aWrappedHash_isTheWrapperAndBothParameterSetsWithoutEitherSalt(
      String encoded, String prefix) {
    assertThat(HashClass.prefixOf(encoded)).isEqualTo(prefix);
  }

  @Test
  void wrappedHashesOfOneSetting_shareOneClass_andItsNameShowsNoSalt() {
    String alice = "$wrap-6$$6$rounds=20000$A//ZLEoUuq3qVoQT$v=19$m=19456,t=2,p=1"
        + "$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAA";
    String bob = "$wrap-6$$6$rounds=20000$Zq9Xr2LmPw7tBv3K$v=19$m=19456,t=2,p=1"
        + "$b3RoZXJzYWx0b3RoZXJzYQ$BBBBBBBBBBBBBBBBBBBBBB";

    assertThat(HashClass.prefixOf(alice)).isEqualTo(HashClass.prefixOf(bob));
    HashClass both = new HashClass(HashClass.prefixOf(alice), alice.length(), 2, "alice", bob);
    assertThat(both.toString()).doesNotContain("A//ZLEoUuq3qVoQT").doesNotContain("Zq9Xr2")
        .doesNotContain("c29tZXNh").doesNotContain("b3RoZXJz");
  }

  @Test
  void aShortSalt_staysInThePrefix_soSuchHashesAreNeverMergedWrongly() {
    // 8-character sha-crypt salts cannot be told from parameters: each is its own class
    assertThat(HashClass.prefixOf("$6$abcdefgh$hash")).isEqualTo("$6$abcdefgh$");
  }

  @Test
  void toString_neverShowsTheExampleHash() {
    String hash = "$2y$05$pBKk1GolidWJG1kEpQmeWe4sF/QsMTGYcRKcY8ueglx0A4L0IfBvW";
    HashClass hashClass = new HashClass("$2y$05$", hash.length(), 3, "alice", hash);

    assertThat(hashClass.toString()).doesNotContain("pBKk1").contains("$2y$05$").contains("3");
  }

  @Test
  void anExampleOfAnotherClass_isRefused() {
    assertThatThrownBy(() -> new HashClass("$2b$05$", 60, 1, "alice", "$2y$05$x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
