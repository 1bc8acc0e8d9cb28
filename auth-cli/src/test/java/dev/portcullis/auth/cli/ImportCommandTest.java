package dev.portcullis.auth.cli;

import static dev.portcullis.auth.cli.CliRun.authctl;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * authctl import on an embedded H2 store, with hashes written by the tools themselves (copied from
 * auth-core's src/test/resources/vectors/legacy/, where each row's tool and options are named).
 */
final class ImportCommandTest {

  static final String PASSWORD = "correct horse battery staple";
  // htpasswd -nbB -C 5, mkpasswd -m bcrypt -R 5, htpasswd -nb2, mkpasswd -m sha512crypt
  static final String HTPASSWD_2Y = "$2y$05$pBKk1GolidWJG1kEpQmeWe4sF/QsMTGYcRKcY8ueglx0A4L0IfBvW";
  static final String MKPASSWD_2B = "$2b$05$A5SCf5X4wdP99zAkdROiCeR0wzTBztOJMuewE0L8dZ.rncXDUt5WC";
  static final String HTPASSWD_5 = "$5$W7ZBACLsJmd44OBd$FqOAilxHcNaP.80CQ8Olu2uHFcwumByZw5RxdGVVOO2";
  static final String MKPASSWD_6 =
      "$6$z4xYNarLPCNZKBS6$n5yZ5z/Aub/QSnH2QO6hwx5loAbf5K5zF4k5Xnf4EUXIOsqXhmjSgxLICNffsVBoNwUPf7P0j"
          + ".OGj7DsVs2Kw0";
  // Django 3.2 PBKDF2PasswordHasher / PBKDF2SHA1PasswordHasher, iterations=1000
  static final String DJANGO_SHA256 =
      "pbkdf2_sha256$1000$rO2fu7tMXoZ9rRhWcOIDLM$uA4tDLoieAg86lw1ZkdeYdAh4Akh0y8dSFnWbUA4ue8=";
  static final String DJANGO_SHA1 =
      "pbkdf2_sha1$1000$fsl6KlvmtZGd1pkLryoZyR$FWdLl2SLua05S5nLyVcn7hKe2/g=";
  // spring-security-crypto 7.1.2
  static final String SPRING_BCRYPT =
      "{bcrypt}$2a$10$68YG3CoMy2EyWXgAQ77El.BYoJyfHbR64mvTrTW8T7qRkdJ4CCZxy";
  static final String SPRING_PBKDF2 =
      "{pbkdf2@SpringSecurity_v5_8}92c0349b8ef0b9029219f7a838c2d91d8c482b96f67dba3d7a25a5936bd4781"
          + "02b610006851f8fa38337f6ea15e779e9";

  @TempDir Path directory;
  private String config = "";

  @BeforeEach
  void initialised() {
    assertThat(authctl("", "init", directory.toString()).exitCode).isZero();
    config = directory.resolve("auth.properties").toString();
  }

  private void enableLegacy(String schemes) throws IOException {
    Files.writeString(Path.of(config), "\nhashing.legacy-schemes = " + schemes + "\n", UTF_8,
        StandardOpenOption.APPEND);
  }

  private Path write(String name, String... lines) throws IOException {
    Path file = directory.resolve(name);
    Files.writeString(file, String.join("\n", lines) + "\n", UTF_8);
    return file;
  }

  private CliRun login(String user, String password) {
    return authctl(password + "\n", "verify", "--config", config, user);
  }

  @Test
  void htpasswd_importsEveryLine_andTheUsersLogIn() throws IOException {
    enableLegacy("2y, 2b, 5");
    Path file = write("users.htpasswd",
        "# written by htpasswd", "alice:" + HTPASSWD_2Y, "bob:" + MKPASSWD_2B, "", "carol:" + HTPASSWD_5);

    CliRun run = authctl("", "import", "--config", config, "--format", "htpasswd", file.toString());

    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).isEqualTo("imported 3 users (2b: 1, 2y: 1, 5: 1), skipped 0, errors 0\n");
    assertThat(run.err).isEmpty();
    for (String user : new String[] {"alice", "bob", "carol"}) {
      CliRun login = login(user, PASSWORD);
      assertThat(login.out).as(user).isEqualTo("SUCCESS\n");
    }
    assertThat(login("alice", "wrong password").out).isEqualTo("BAD_PASSWORD\n");
  }

  @Test
  void existingUserAndRepeatedUsername_areNeverOverwritten() throws IOException {
    enableLegacy("2y, 2b");
    assertThat(authctl(PASSWORD + " but mine\n", "user", "add", "--config", config, "alice").exitCode)
        .isZero();
    Path file = write("users.htpasswd",
        "alice:" + HTPASSWD_2Y, "bob:" + MKPASSWD_2B, "bob:" + HTPASSWD_2Y);

    CliRun run = authctl("", "import", "--config", config, "--format", "htpasswd", file.toString());

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err)
        .contains(file + ":1: skipped user alice: already in the store (not overwritten)")
        .contains(file + ":3: user bob appears again in this file");
    assertThat(run.out).isEqualTo("imported 1 user (2b: 1), skipped 1, errors 1\n");
    assertThat(login("alice", PASSWORD + " but mine").out).isEqualTo("SUCCESS\n");
    assertThat(login("alice", PASSWORD).out).isEqualTo("BAD_PASSWORD\n");

    CliRun again = authctl("", "import", "--config", config, "--format", "htpasswd", file.toString());
    assertThat(again.out).isEqualTo("imported 0 users, skipped 2, errors 1\n");
  }

  @Test
  void plaintextAndUnknownValues_areRefusedPerLine_neverEchoed() throws IOException {
    enableLegacy("2y");
    Path file = write("users.htpasswd",
        "alice:" + HTPASSWD_2Y,
        "bob:hunter2-plaintext",
        "carol:2b$looks-like-a-scheme",
        "dave:$apr1$abcdefgh$0123456789abcdefghijkl",
        "erin:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=",
        "frank:$2y$05$tooShort",
        "no-colon-here");

    CliRun run = authctl("", "import", "--config", config, "--format", "htpasswd", file.toString());

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err)
        .contains(file + ":2: not a hash of a scheme Portcullis verifies")
        .contains(file + ":3: not a hash of a scheme Portcullis verifies")
        .contains(file + ":4: Apache MD5 ($apr1$) is too weak")
        .contains(file + ":5: unsalted SHA-1 ({SHA})")
        .contains(file + ":6: not a hash")
        .contains(file + ":7: expected user:hash");
    assertThat(run.out + run.err)
        .doesNotContain("hunter2")
        .doesNotContain("looks-like")
        .doesNotContain("0123456789abcdef")
        .doesNotContain("W6ph5Mm5")
        .doesNotContain("tooShort")
        .doesNotContain(HTPASSWD_2Y);
    assertThat(run.out).isEqualTo("imported 1 user (2y: 1), skipped 0, errors 6\n");
    assertThat(authctl("", "user", "list", "--config", config).out).isEqualTo("alice\n");
  }

  @Test
  void shadow_skipsLockedAndEmptyEntries_withTheReason() throws IOException {
    enableLegacy("5, 6");
    Path file = write("shadow",
        "root:!:19000:0:99999:7:::",
        "daemon:*:19000:0:99999:7:::",
        "nobody::19000:0:99999:7:::",
        "locked:!" + MKPASSWD_6 + ":19000:0:99999:7:::",
        "alice:" + MKPASSWD_6 + ":19000:0:99999:7:::",
        "bob:" + HTPASSWD_5 + ":19000:0:99999:7:::");

    CliRun run = authctl("", "import", "--config", config, "--format", "shadow", file.toString());

    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.err)
        .contains(file + ":1: skipped user root: locked or no-login account (!)")
        .contains(file + ":2: skipped user daemon: locked or no-login account (*)")
        .contains(file + ":3: skipped user nobody: no password set")
        .contains(file + ":4: skipped user locked: locked");
    assertThat(run.out).isEqualTo("imported 2 users (5: 1, 6: 1), skipped 4, errors 0\n");
    assertThat(login("alice", PASSWORD).out).isEqualTo("SUCCESS\n");
    assertThat(login("bob", PASSWORD).out).isEqualTo("SUCCESS\n");
    assertThat(login("locked", PASSWORD).out).isEqualTo("UNKNOWN_USER\n");
  }

  @Test
  void djangoCsv_readsTheHeader_andImportsInactiveUsersDisabled() throws IOException {
    enableLegacy("pbkdf2_sha256, pbkdf2_sha1");
    Path file = write("auth_user.csv",
        "id,password,last_login,is_superuser,username,is_active",
        "1," + DJANGO_SHA256 + ",,1,alice,1",
        "2," + DJANGO_SHA1 + ",,0,\"bob, the builder\",0",
        "3,!unusablepasswordmarker,,0,carol,1",
        "4,\"unterminated,,0,dave,1");

    CliRun run = authctl("", "import", "--config", config, "--format", "django-csv", file.toString());

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err)
        .contains(file + ":4: skipped user carol: Django unusable password")
        .contains(file + ":5: unterminated quoted field")
        .doesNotContain("unusablepasswordmarker");
    assertThat(run.out)
        .isEqualTo("imported 2 users (pbkdf2_sha1: 1, pbkdf2_sha256: 1), skipped 1, errors 1\n");
    assertThat(login("alice", PASSWORD).out).isEqualTo("SUCCESS\n");
    assertThat(login("bob, the builder", PASSWORD).out).isEqualTo("DISABLED\n");
  }

  @Test
  void springCsv_importsTheIdForm_andWarnsAboutSchemesNotEnabled() throws IOException {
    enableLegacy("bcrypt");
    Path file = write("users.csv",
        "username,password,enabled",
        "alice," + SPRING_BCRYPT + ",true",
        "bob," + SPRING_PBKDF2 + ",true",
        "carol,{noop}" + PASSWORD + ",true");

    CliRun run = authctl("", "import", "--config", config, "--format", "spring-csv", file.toString());

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err)
        .contains(file + ":4: plaintext {noop} passwords are never accepted")
        .contains("warning: 1 user use schemes not in hashing.legacy-schemes "
            + "[pbkdf2@SpringSecurity_v5_8]")
        .contains("hashing.legacy-schemes = bcrypt, pbkdf2@SpringSecurity_v5_8")
        .doesNotContain(PASSWORD);
    assertThat(run.out).isEqualTo(
        "imported 2 users (bcrypt: 1, pbkdf2@SpringSecurity_v5_8: 1), skipped 0, errors 1\n");
    assertThat(login("alice", PASSWORD).out).isEqualTo("SUCCESS\n");
    assertThat(login("bob", PASSWORD).out).isEqualTo("UNSUPPORTED_HASH\n");
  }

  @Test
  void dryRun_writesNothing_andSaysWhatWouldHappen() throws IOException {
    enableLegacy("2y, 2b");
    Path file = write("users.htpasswd", "alice:" + HTPASSWD_2Y, "bob:" + MKPASSWD_2B);

    CliRun run = authctl("", "import", "--config", config, "--format", "htpasswd", "--dry-run",
        file.toString());

    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).isEqualTo(
        file + ":1: would import alice (2y)\n"
            + file + ":2: would import bob (2b)\n"
            + "dry run: would import 2 users (2b: 1, 2y: 1), skipped 0, errors 0\n");
    assertThat(authctl("", "user", "list", "--config", config).out).isEmpty();
  }

  @Test
  void usageAndFileErrors_exit2() throws IOException {
    Path csv = write("users.csv", "name,hash", "alice," + SPRING_BCRYPT);

    CliRun noHeader = authctl("", "import", "--config", config, "--format", "spring-csv",
        csv.toString());
    assertThat(noHeader.exitCode).isEqualTo(2);
    assertThat(noHeader.err).contains(csv + ":1: the first line must be a header");

    CliRun missing = authctl("", "import", "--config", config, "--format", "htpasswd",
        directory.resolve("nope").toString());
    assertThat(missing.exitCode).isEqualTo(2);
    assertThat(missing.err).contains("no such file");

    CliRun badFormat = authctl("", "import", "--config", config, "--format", "ldif", csv.toString());
    assertThat(badFormat.exitCode).isEqualTo(2);
    assertThat(badFormat.err).contains("--format was ldif, must be one of htpasswd, shadow");
  }

  @Test
  void oversizedHashAndControlCharacterUsername_areLineErrors_andTheRestIsImported()
      throws IOException {
    enableLegacy("2b, pbkdf2_sha256");
    String tail = "$uA4tDLoieAg86lw1ZkdeYdAh4Akh0y8dSFnWbUA4ue8=";
    Path file = write("auth_user.csv",
        "username,password",
        "huge," + "pbkdf2_sha256$1000$" + "s".repeat(2100) + tail, // over password_hash(2048)
        "longsalt," + "pbkdf2_sha256$1000$" + "s".repeat(300) + tail, // no tool writes this
        "nul\u0000name," + DJANGO_SHA256,
        "alice," + DJANGO_SHA256);

    CliRun run = authctl("", "import", "--config", config, "--format", "django-csv", file.toString());

    assertThat(run.err)
        .contains(file + ":2: hash is 2164 characters, over the store's limit of 2048")
        .contains(file + ":3: not a hash of a scheme Portcullis verifies")
        .contains(file + ":4: username contains a control character")
        .doesNotContain("sss")
        .doesNotContain("store unavailable");
    assertThat(run.out).isEqualTo("imported 1 user (pbkdf2_sha256: 1), skipped 0, errors 3\n");
    assertThat(run.exitCode).isEqualTo(1);
    assertThat(login("alice", PASSWORD).out).isEqualTo("SUCCESS\n");
  }

  @Test
  void aRowTheDatabaseRefuses_isALineError_notAFailedRun() throws IOException {
    enableLegacy("2b");
    // allowed by the config, longer than the store's username VARCHAR(1024)
    Files.writeString(Path.of(config), "input.max-username-chars = 4096\n", UTF_8,
        StandardOpenOption.APPEND);
    Path file = write("users.htpasswd", "u".repeat(1500) + ":" + MKPASSWD_2B, "bob:" + MKPASSWD_2B);

    CliRun run = authctl("", "import", "--config", config, "--format", "htpasswd", file.toString());

    assertThat(run.err).contains(file + ":1: the store refused this row (SQLState 22")
        .doesNotContain("store unavailable");
    assertThat(run.out).isEqualTo("imported 1 user (2b: 1), skipped 0, errors 1\n");
    assertThat(run.exitCode).isEqualTo(1);
  }

  @Test
  void byteOrderMark_onTheFirstLine_isIgnored() throws IOException {
    enableLegacy("2b, bcrypt");
    Path htpasswd = write("users.htpasswd", "\uFEFFalice:" + MKPASSWD_2B);
    Path csv = write("users.csv", "\uFEFFusername,password", "bob," + SPRING_BCRYPT);

    CliRun first =
        authctl("", "import", "--config", config, "--format", "htpasswd", htpasswd.toString());
    CliRun second =
        authctl("", "import", "--config", config, "--format", "spring-csv", csv.toString());

    assertThat(first.out).as(first.err).isEqualTo("imported 1 user (2b: 1), skipped 0, errors 0\n");
    assertThat(second.out).as(second.err)
        .isEqualTo("imported 1 user (bcrypt: 1), skipped 0, errors 0\n");
    assertThat(login("alice", PASSWORD).out).isEqualTo("SUCCESS\n");
    assertThat(login("bob", PASSWORD).out).isEqualTo("SUCCESS\n");
  }

  @Test
  void aUsernameRepeatedAfterItsFirstLineWasRefused_isStillARepeat() throws IOException {
    enableLegacy("2b");
    Path file = write("users.htpasswd", "bob:hunter2-plaintext", "bob:" + MKPASSWD_2B);

    CliRun run = authctl("", "import", "--config", config, "--format", "htpasswd", file.toString());

    assertThat(run.err).contains(file + ":2: user bob appears again in this file");
    assertThat(run.out).isEqualTo("imported 0 users, skipped 0, errors 2\n");
    assertThat(login("bob", PASSWORD).out).isEqualTo("UNKNOWN_USER\n");
  }

  @Test
  void aCsvRowWithoutItsActiveColumn_isALineError_neverImportedEnabled() throws IOException {
    enableLegacy("pbkdf2_sha256");
    Path file = write("auth_user.csv",
        "username,password,is_active", "alice," + DJANGO_SHA256 + ",0", "bob," + DJANGO_SHA256);

    CliRun run = authctl("", "import", "--config", config, "--format", "django-csv", file.toString());

    assertThat(run.err).contains(file + ":3: expected 3 or more comma-separated fields");
    assertThat(run.out).isEqualTo("imported 1 user (pbkdf2_sha256: 1), skipped 0, errors 1\n");
    assertThat(login("bob", PASSWORD).out).isEqualTo("UNKNOWN_USER\n");
    assertThat(login("alice", PASSWORD).out).isEqualTo("DISABLED\n");
  }

  @Test
  void dryRun_onAFreshEmbeddedStore_createsNothing_andTreatsItAsEmpty() throws IOException {
    enableLegacy("2b");
    Path fresh = Files.createDirectories(directory.resolve("fresh"));
    Path freshConfig = fresh.resolve("auth.properties");
    Files.copy(Path.of(config), freshConfig);
    Path file = write("users.htpasswd", "alice:" + MKPASSWD_2B);

    CliRun run = authctl("", "import", "--config", freshConfig.toString(), "--format", "htpasswd",
        "--dry-run", file.toString());

    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).contains("no Portcullis schema yet; import would create it")
        .contains(file + ":1: would import alice (2b)")
        .endsWith("dry run: would import 1 user (2b: 1), skipped 0, errors 0\n");
    assertThat(fresh.resolve("data")).doesNotExist();
  }
}
