package dev.portcullis.auth.cli;

import static dev.portcullis.auth.cli.CliRun.authctl;
import static dev.portcullis.auth.cli.ImportCommandTest.DJANGO_SHA1;
import static dev.portcullis.auth.cli.ImportCommandTest.DJANGO_SHA256;
import static dev.portcullis.auth.cli.ImportCommandTest.HTPASSWD_2Y;
import static dev.portcullis.auth.cli.ImportCommandTest.HTPASSWD_5;
import static dev.portcullis.auth.cli.ImportCommandTest.MKPASSWD_2B;
import static dev.portcullis.auth.cli.ImportCommandTest.MKPASSWD_6;
import static dev.portcullis.auth.cli.ImportCommandTest.PASSWORD;
import static dev.portcullis.auth.cli.ImportCommandTest.SPRING_BCRYPT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.config.AuthConfigLoader;
import dev.portcullis.auth.jdbc.JdbcCredentialStore;
import dev.portcullis.auth.jdbc.JdbcStores;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.hashers.Argon2Hasher;
import dev.portcullis.auth.spi.CredentialStore;
import dev.portcullis.auth.spi.StoredCredential;
import dev.portcullis.auth.store.InMemoryCredentialStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** authctl migrate --wrap on an embedded H2 store filled by authctl import from tool-written hashes. */
final class MigrateCommandTest {

  private static final List<String> USERS = List.of("u2y", "u2b", "u5", "u6", "dsha256", "dsha1");

  @TempDir Path directory;
  private String config = "";

  @BeforeEach
  void imported() throws IOException {
    assertThat(authctl("", "init", directory.toString()).exitCode).isZero();
    config = directory.resolve("auth.properties").toString();
    Files.writeString(Path.of(config),
        "\nhashing.legacy-schemes = 2y, 2b, 5, 6, pbkdf2_sha256, pbkdf2_sha1, bcrypt\n", UTF_8,
        StandardOpenOption.APPEND);
    Path htpasswd = directory.resolve("users.htpasswd");
    Files.writeString(htpasswd, String.join("\n",
        "u2y:" + HTPASSWD_2Y, "u2b:" + MKPASSWD_2B, "u5:" + HTPASSWD_5, "u6:" + MKPASSWD_6,
        "spring:" + SPRING_BCRYPT) + "\n", UTF_8);
    Path django = directory.resolve("auth_user.csv");
    Files.writeString(django, "username,password\ndsha256," + DJANGO_SHA256 + "\ndsha1,"
        + DJANGO_SHA1 + "\n", UTF_8);
    assertThat(authctl("", "import", "--config", config, "--format", "htpasswd",
        htpasswd.toString()).exitCode).isZero();
    assertThat(authctl("", "import", "--config", config, "--format", "django-csv",
        django.toString()).exitCode).isZero();
    assertThat(authctl("current horse battery staple\n", "user", "add", "--config", config,
        "modern").exitCode).isZero();
  }

  private String storedHash(String user) {
    try (JdbcCredentialStore store =
        JdbcStores.open(AuthConfigLoader.load(Path.of(config)).store())) {
      return store.find(user).orElseThrow().encodedHash();
    }
  }

  @Test
  void wrap_wrapsEveryWeakLegacyHash_andEachUserStillLogsIn() {
    CliRun run = authctl("", "migrate", "--wrap", "--config", config);

    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).isEqualTo("wrapped 6 (2b: 1, 2y: 1, 5: 1, 6: 1, pbkdf2_sha1: 1,"
        + " pbkdf2_sha256: 1); not wrappable 1 (bcrypt: 1); already current 1;"
        + " changed meanwhile 0; malformed 0\n");
    assertThat(run.err).isEmpty();
    assertThat(storedHash("u2b"))
        .startsWith("$wrap-2b$$2b$05$A5SCf5X4wdP99zAkdROiCe$v=19$m=19456,t=2,p=1$")
        .doesNotContain(MKPASSWD_2B.substring(29));
    assertThat(storedHash("dsha256"))
        .startsWith("$wrap-pbkdf2_sha256$pbkdf2_sha256$1000$rO2fu7tMXoZ9rRhWcOIDLM$v=19$");
    assertThat(storedHash("u6")).startsWith("$wrap-6$$6$z4xYNarLPCNZKBS6$v=19$");
    assertThat(storedHash("spring")).isEqualTo(SPRING_BCRYPT);

    for (String user : USERS) {
      CliRun wrong = authctl("wrong password\n", "verify", "--config", config, user);
      assertThat(wrong.out).as(user).isEqualTo("BAD_PASSWORD\n");
      CliRun login = authctl(PASSWORD + "\n", "verify", "--config", config, user);
      assertThat(login.out).as(user).isEqualTo("SUCCESS\n");
      assertThat(storedHash(user)).as(user).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    }

    CliRun again = authctl("", "migrate", "--wrap", "--config", config);
    assertThat(again.out).startsWith("wrapped 0; not wrappable 1 (bcrypt: 1); already current 7;");
  }

  @Test
  void dryRun_writesNothing() {
    String before = storedHash("u6");

    CliRun run = authctl("", "migrate", "--wrap", "--dry-run", "--config", config);

    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).contains("would wrap u6 (6)\n")
        .contains("dry run: would wrap 6 (2b: 1, 2y: 1, 5: 1, 6: 1, pbkdf2_sha1: 1,"
            + " pbkdf2_sha256: 1)");
    assertThat(storedHash("u6")).isEqualTo(before);
    assertThat(run.out + run.err).doesNotContain(MKPASSWD_6).doesNotContain(PASSWORD);
  }

  @Test
  void wrappedSchemeNotEnabled_isWarnedAbout() throws IOException {
    String text = Files.readString(Path.of(config), UTF_8)
        .replace("hashing.legacy-schemes = 2y, 2b, 5, 6, pbkdf2_sha256, pbkdf2_sha1, bcrypt",
            "hashing.legacy-schemes = 2y, 2b, pbkdf2_sha256, pbkdf2_sha1, bcrypt");
    Files.writeString(Path.of(config), text, UTF_8);

    CliRun run = authctl("", "migrate", "--wrap", "--config", config);

    assertThat(run.exitCode).isZero();
    assertThat(run.err).contains("wrapped schemes [5, 6] are not in hashing.legacy-schemes");
  }

  @Test
  void withoutWrap_isAUsageError() {
    CliRun run = authctl("", "migrate", "--config", config);
    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("--wrap");
  }
  @Test
  void aUserWhoLogsInMeanwhile_isSkipped_notOverwritten() {
    String loggedIn = "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$"
        + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    InMemoryCredentialStore memory = new InMemoryCredentialStore();
    memory.put(StoredCredential.of("alice", MKPASSWD_2B));
    memory.put(StoredCredential.of("bob", HTPASSWD_2Y));
    CredentialStore racing =
        new CredentialStore() {
          @Override
          public Optional<StoredCredential> find(String username) {
            return memory.find(username);
          }

          @Override
          public void put(StoredCredential credential) {
            memory.put(credential);
          }

          @Override
          public boolean replaceHash(String username, String expectedHash, String newHash) {
            if (username.equals("alice")) {
              // alice logs in between the scan and the write: the engine rehashed her
              memory.replaceHash(username, expectedHash, loggedIn);
            }
            return memory.replaceHash(username, expectedHash, newHash);
          }

          @Override
          public boolean delete(String username) {
            return memory.delete(username);
          }

          @Override
          public Stream<StoredCredential> scan() {
            return memory.scan();
          }
        };
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintWriter writer = new PrintWriter(new OutputStreamWriter(out, UTF_8), true);
    MigrateCommand command =
        new MigrateCommand(new Terminal(new ByteArrayInputStream(new byte[0]), writer, writer, null));

    command.wrapAll(racing, new Argon2Hasher(), HashingPolicy.argon2id(64, 1, 1));

    assertThat(command.summary()).isEqualTo("wrapped 1 (2y: 1); not wrappable 0; already current 0;"
        + " changed meanwhile 1; malformed 0");
    assertThat(memory.find("alice").orElseThrow().encodedHash()).isEqualTo(loggedIn);
    assertThat(memory.find("bob").orElseThrow().encodedHash()).startsWith("$wrap-2y$");
  }
}
