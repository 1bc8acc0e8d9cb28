package dev.portcullis.auth.cli;

import static dev.portcullis.auth.cli.CliRun.authctl;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** authctl's contract as a script sees it: stdin, stdout, stderr and the exit code. */
final class AuthCtlTest {

  /** The shipped example, which the README's main command uses (tests run in auth-cli/). */
  static final String EXAMPLE = Path.of("..", "examples", "auth.properties").toString();

  @TempDir Path directory;

  private String pepperedConfig(String currentKey) throws IOException {
    Path key = directory.resolve("pepper-k1");
    Files.writeString(key, Base64.getEncoder().encodeToString(new byte[32]) + "\n", UTF_8);
    StringBuilder config = new StringBuilder();
    for (String line : Files.readAllLines(Path.of(EXAMPLE), UTF_8)) {
      config.append(line.strip().startsWith("pepper =") ? "pepper = keyring" : line).append('\n');
    }
    config.append("pepper.current-key = ").append(currentKey).append('\n');
    config.append("pepper.keys.k1 = file:").append(key).append('\n');
    Path file = directory.resolve("peppered.properties");
    Files.writeString(file, config.toString(), UTF_8);
    return file.toString();
  }

  @Test
  void hash_thenVerifyHash_roundTrips() {
    CliRun hashed = authctl("correct horse battery staple\n", "hash");

    assertThat(hashed.exitCode).isZero();
    String encoded = hashed.out.strip();
    assertThat(encoded).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");

    CliRun match = authctl("correct horse battery staple\n", "verify-hash", "--encoded", encoded);
    assertThat(match.exitCode).isZero();
    assertThat(match.out.strip()).isEqualTo("match");

    CliRun mismatch = authctl("correct horse battery stapl\n", "verify-hash", "--encoded", encoded);
    assertThat(mismatch.exitCode).isEqualTo(1);
    assertThat(mismatch.out.strip()).isEqualTo("mismatch");
  }

  @Test
  void hash_passwordIsTheFirstLineWithoutItsLineEnding() {
    String encoded = authctl("secret\r\nsecond line ignored\n", "hash").out.strip();

    assertThat(authctl("secret", "verify-hash", "--encoded", encoded).exitCode).isZero();
    assertThat(authctl("secret\n", "verify-hash", "--encoded", encoded).exitCode).isZero();
    assertThat(authctl("secret \n", "verify-hash", "--encoded", encoded).exitCode).isEqualTo(1);
  }

  @Test
  void hash_neverEchoesThePassword() {
    CliRun hashed = authctl("Never-Echo-This-4711\n", "hash");

    assertThat(hashed.out + hashed.err).doesNotContain("Never-Echo-This-4711");
  }

  @Test
  void hash_noOrEmptyOrInvalidInput_exits2WithTheReason() {
    CliRun none = authctl("", "hash");
    assertThat(none.exitCode).isEqualTo(2);
    assertThat(none.err).contains("no password on standard input");

    CliRun empty = authctl("\n", "hash");
    assertThat(empty.exitCode).isEqualTo(2);
    assertThat(empty.err).contains("the password is empty");

    CliRun notUtf8 = authctl(new byte[] {'a', (byte) 0xC3, '\n'}, "hash");
    assertThat(notUtf8.exitCode).isEqualTo(2);
    assertThat(notUtf8.err).contains("not valid UTF-8");
  }

  static Stream<Arguments> referenceVectors() throws IOException {
    List<Arguments> vectors = new ArrayList<>();
    InputStream resource =
        Objects.requireNonNull(
            AuthCtlTest.class.getResourceAsStream("/vectors/argon2-reference.tsv"),
            "argon2-reference.tsv from auth-core's test jar");
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(resource, UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (!line.startsWith("#") && !line.isBlank()) {
          String[] columns = line.split("\t");
          vectors.add(Arguments.of(columns[0], HexFormat.of().parseHex(columns[1]), columns[2]));
        }
      }
    }
    assertThat(vectors).hasSizeGreaterThan(40);
    return vectors.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("referenceVectors")
  void verifyHash_referenceArgon2Hashes_matchTheRightPasswordOnly(
      String name, byte[] password, String encoded) {
    byte[] line = new byte[password.length + 1];
    System.arraycopy(password, 0, line, 0, password.length);
    line[password.length] = '\n';
    assertThat(authctl(line, "verify-hash", "--encoded", encoded).exitCode).isZero();

    line[0] ^= 0x01;
    assertThat(authctl(line, "verify-hash", "--encoded", encoded).exitCode).isEqualTo(1);
  }

  @Test
  void verifyHash_missingVersionField_isReadAsVersion16() {
    String withoutVersion =
        "$argon2i$m=1024,t=2,p=1$c29tZXNhbHQ$+RbH6T/wQa0oThAq2V8XLETF7dXxpZ3gqmtkOTDZwdA";

    assertThat(authctl("password\n", "verify-hash", "--encoded", withoutVersion).exitCode).isZero();
  }

  @Test
  void verifyHash_pbkdf2_isRecognizedWithoutConfig() {
    // computed with OpenSSL (python3 hashlib.pbkdf2_hmac("sha256", b"passwd", b"saltsalt", 1000))
    String encoded =
        "$pbkdf2-sha256$i=1000,l=32$c2FsdHNhbHQ$KBJH0RIw+FCnOKJi2s/ppNgRHFTFzBjXqxs+xS3zHTY";

    assertThat(authctl("passwd\n", "verify-hash", "--encoded", encoded).exitCode).isZero();
    assertThat(authctl("passwe\n", "verify-hash", "--encoded", encoded).exitCode).isEqualTo(1);
    CliRun truncated = authctl("passwd\n", "verify-hash", "--encoded", encoded.substring(0, 59));
    assertThat(truncated.exitCode).isEqualTo(2);
    assertThat(truncated.err).contains("pbkdf2 l=32 but the hash is");
  }

  @Test
  void verifyHash_malformedStrings_exit2WithAReasonAndNoHashEcho() {
    String tag = "7FfsnA6vUe7qLpL/3Kqc3uR48ZJyFbUVt7jWZlf0Htk";
    List<String[]> cases =
        List.of(
            new String[] {"$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHQ=$" + tag, "base64"},
            new String[] {"$argon2id$v=19$m=01024,t=2,p=1$c29tZXNhbHQ$" + tag, "leading zeros"},
            new String[] {"$argon2id$v=19$m=1024,m=1024,t=2$c29tZXNhbHQ$" + tag, "appears twice"},
            new String[] {"$argon2id$v=19$t=2,m=1024,p=1$c29tZXNhbHQ$" + tag, "m,t,p"},
            new String[] {"$argon2id$v=19$m=1024,t=2,p=1,x=1$c29tZXNhbHQ$" + tag, "m,t,p"},
            new String[] {"$argon2id$v=18$m=1024,t=2,p=1$c29tZXNhbHQ$" + tag, "version 18"},
            new String[] {"$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHQ", "salt and a hash"},
            new String[] {"$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHQ$" + tag + "$x", "after the hash"},
            new String[] {"$argon2id $v=19$m=1024,t=2,p=1$c29tZXNhbHQ$" + tag, "scheme"},
            new String[] {"$scrypt$ln=16,r=8,p=1$c29tZXNhbHQ$" + tag, "unsupported scheme, known"},
            new String[] {"not a hash", "no scheme id"},
            new String[] {"$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHQ$" + tag, "exceeds the cap"},
            new String[] {"$argon2id$v=19$m=1024,t=4000000,p=1$c29tZXNhbHQ$" + tag, "exceeds the cap"},
            new String[] {"$argon2id$v=19$m=1024,t=2,p=1,keyid=k1$c29tZXNhbHQ$" + tag, "pepper"});
    for (String[] testCase : cases) {
      CliRun run = authctl("password\n", "verify-hash", "--encoded", testCase[0]);

      assertThat(run.exitCode).as(testCase[0]).isEqualTo(2);
      assertThat(run.err).as(testCase[0]).contains(testCase[1]).doesNotContain(tag);
      assertThat(run.out).as(testCase[0]).isEmpty();
    }
  }

  @Test
  void usageErrors_exit2() {
    assertThat(authctl("", new String[0]).exitCode).isEqualTo(2);
    assertThat(authctl("", "frobnicate").exitCode).isEqualTo(2);
    CliRun missingOption = authctl("password\n", "verify-hash");
    assertThat(missingOption.exitCode).isEqualTo(2);
    assertThat(missingOption.err).contains("--encoded");
  }

  @Test
  void hash_withTheExampleConfig_writesItsPolicy() {
    CliRun hashed = authctl("pw\n", "hash", "--config", EXAMPLE);

    assertThat(hashed.exitCode).isZero();
    assertThat(hashed.out).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(authctl("pw\n", "verify-hash", "--config", EXAMPLE, "--encoded", hashed.out.strip())
            .exitCode)
        .isZero();
  }

  @Test
  void hashAndVerifyHash_withAPepperKeyring_applyIt() throws IOException {
    String config = pepperedConfig("k1");

    CliRun hashed = authctl("pw\n", "hash", "--config", config);
    assertThat(hashed.exitCode).isZero();
    String encoded = hashed.out.strip();
    assertThat(encoded).contains(",keyid=k1$");

    assertThat(authctl("pw\n", "verify-hash", "--config", config, "--encoded", encoded).exitCode)
        .isZero();
    assertThat(authctl("px\n", "verify-hash", "--config", config, "--encoded", encoded).exitCode)
        .isEqualTo(1);
    CliRun withoutKeyring = authctl("pw\n", "verify-hash", "--encoded", encoded);
    assertThat(withoutKeyring.exitCode).isEqualTo(2);
    assertThat(withoutKeyring.err).contains("pepper key missing").contains("k1");
  }

  @Test
  void hash_withABrokenConfig_exits2ListingEveryProblem() throws IOException {
    Path broken = directory.resolve("broken.properties");
    Files.writeString(broken, "revision = a\nrevision = b\nhashing.scheme = argon3\n", UTF_8);

    CliRun run = authctl("pw\n", "hash", "--config", broken.toString());

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err)
        .contains("configuration refused")
        .contains("is set twice in this file")
        .contains("hashing.scheme")
        .contains("config.schema")
        .contains("pepper");
    assertThat(run.out).isEmpty();
  }

  @Test
  void help_listsTheCommands() {
    CliRun help = authctl("", "--help");

    assertThat(help.exitCode).isZero();
    assertThat(help.out).contains("hash").contains("verify-hash").contains("check");
  }
}
