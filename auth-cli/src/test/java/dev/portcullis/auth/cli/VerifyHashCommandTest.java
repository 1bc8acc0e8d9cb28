package dev.portcullis.auth.cli;

import static dev.portcullis.auth.cli.CliRun.authctl;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code authctl verify-hash} without a config knows every legacy scheme, like {@code htpasswd
 * -v}; the hashes are auth-core's tool-written vectors (its test jar).
 */
final class VerifyHashCommandTest {

  /** The first hash {@code tool} wrote of {@code password} in auth-core's legacy vectors. */
  private static String written(String file, String tool, String password) throws IOException {
    try (InputStream in =
            Objects.requireNonNull(
                VerifyHashCommandTest.class.getResourceAsStream("/vectors/legacy/" + file), file);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, UTF_8))) {
      return reader.lines()
          .map(line -> line.split("\t", -1))
          .filter(f -> f.length == 4 && f[1].equals(tool) && f[2].equals(password))
          .map(f -> f[3])
          .findFirst()
          .orElseThrow();
    }
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unix-tools.tsv|htpasswd -nbB -C 5|pässwörd é",
        "unix-tools.tsv|mkpasswd -m bcrypt -R 5|emoji 🔒🐙 pass",
        "unix-tools.tsv|htpasswd -nb5 -r 20000|correct horse battery staple",
        "unix-tools.tsv|mkpasswd -m sha256crypt|pässwörd é",
        "django.tsv|Django 3.2 PBKDF2PasswordHasher iterations=1000|emoji 🔒🐙 pass",
        "django.tsv|Django 3.2 Argon2PasswordHasher t=1 m=1024 p=2|pässwörd é",
        "django.tsv|Django 3.2 BCryptSHA256PasswordHasher rounds=5|correct horse battery staple",
        "spring-security.tsv|spring-security-crypto 7.1.2 bcrypt|pässwörd é",
        "spring-security.tsv|spring-security-crypto 7.1.2 argon2@SpringSecurity_v5_8|pässwörd é",
        "spring-security.tsv|spring-security-crypto 7.1.2 pbkdf2@SpringSecurity_v5_8|emoji 🔒🐙 pass"
      })
  void verifyHash_legacyHashWithoutConfig_exit0OnMatchAnd1OnMismatch(
      String file, String tool, String password) throws IOException {
    String encoded = written(file, tool, password);

    CliRun match = authctl(password + "\n", "verify-hash", "--encoded", encoded);
    CliRun mismatch = authctl("x" + password + "\n", "verify-hash", "--encoded", encoded);

    assertThat(match.exitCode).as(match.err).isZero();
    assertThat(match.out).isEqualTo("match" + System.lineSeparator());
    assertThat(mismatch.exitCode).isEqualTo(1);
    assertThat(mismatch.out).isEqualTo("mismatch" + System.lineSeparator());
  }

  @Test
  void verifyHash_bcryptOfALongPassword_matchesOnItsFirst72Bytes() throws IOException {
    String long94 = "0123456789".repeat(8) + "TAIL-BEYOND-72";
    String encoded = written("unix-tools.tsv", "htpasswd -nbB -C 5", long94);

    assertThat(authctl(long94 + "\n", "verify-hash", "--encoded", encoded).exitCode).isZero();
    assertThat(
            authctl(long94.substring(0, 72) + "other\n", "verify-hash", "--encoded", encoded)
                .exitCode)
        .isZero();
    assertThat(authctl(long94.substring(0, 71) + "\n", "verify-hash", "--encoded", encoded).exitCode)
        .isEqualTo(1);
  }

  @Test
  void verifyHash_noop_exit2WithTheReason() {
    CliRun run = authctl("hunter2\n", "verify-hash", "--encoded", "{noop}hunter2");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err)
        .contains("plaintext {noop} passwords are never accepted; reset these users' passwords")
        .doesNotContain("hunter2");
    assertThat(run.out).isEmpty();
  }

  @Test
  void verifyHash_legacyOverTheCaps_exit2BeforeAnyWork() {
    String hash = "svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1";
    for (String planted :
        List.of(
            "$6$rounds=999999999$saltstring$" + hash,
            "$2b$31$sjKXhVQMnuLzHhscp9ouZ.mtS0ZjC/TgixibNxymvP7H0feeKX76K")) {
      CliRun run = authctl("pw\n", "verify-hash", "--encoded", planted);

      assertThat(run.exitCode).as(planted).isEqualTo(2);
      assertThat(run.err).as(planted).contains("exceeds the cap").doesNotContain(hash);
    }
  }

  @Test
  void verifyHash_withAConfig_knowsNoLegacySchemeUntilTheConfigListsThem() throws IOException {
    String encoded = written("unix-tools.tsv", "htpasswd -nbB -C 5", "pässwörd é");

    CliRun run =
        authctl("pässwörd é\n", "verify-hash", "--config", AuthCtlTest.EXAMPLE, "--encoded", encoded);

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("unsupported scheme");
  }
}
