package dev.portcullis.auth.cli;

import static dev.portcullis.auth.cli.CliRun.authctl;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class CheckCommandTest {

  @TempDir Path directory;

  private Path exampleWith(String... extraLines) throws IOException {
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(Path.of(AuthCtlTest.EXAMPLE), UTF_8));
    lines.addAll(List.of(extraLines));
    Path file = directory.resolve("auth.properties");
    Files.write(file, lines, UTF_8);
    return file;
  }

  @Test
  void check_theShippedExample_passes() {
    CliRun run = authctl("", "check", "--config", AuthCtlTest.EXAMPLE);

    assertThat(run.exitCode).isZero();
    assertThat(run.out)
        .startsWith("PASS ")
        .contains("revision example-2026-11-26.1")
        .containsPattern("fingerprint [0-9a-f]{32}")
        .contains("hashing.argon2id.memory-kib = 19456");
  }

  @Test
  void check_json_passes() {
    CliRun run = authctl("", "check", "--config", AuthCtlTest.EXAMPLE, "--json");

    assertThat(run.exitCode).isZero();
    assertThat(run.out.strip())
        .startsWith("{\"ok\":true,")
        .containsPattern("\"fingerprint\":\"[0-9a-f]{32}\"")
        .contains("\"hashing.scheme\":\"argon2id\"")
        .endsWith("}}");
  }

  @Test
  void check_problems_exit1ListingEveryOne() throws IOException {
    Path file =
        exampleWith("revision = appended-by-a-script", "hashing.argon2id.memory-kb = 1", "pepper.keys.k1 = env:X");

    CliRun run = authctl("", "check", "--config", file.toString());

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.out)
        .startsWith("FAIL ")
        .contains("3 problems")
        .contains("revision (" + file + ":")
        .contains("did you mean hashing.argon2id.memory-kib?")
        .contains("pepper.keys.k1")
        .contains("does not apply to pepper = none");
  }

  @Test
  void check_problemsAsJson_areMachineReadable() throws IOException {
    Path file = exampleWith("input.max-password-chars = \"1024\"");

    CliRun run = authctl("", "check", "--config", file.toString(), "--json");

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.out.strip())
        .startsWith("{\"ok\":false,")
        .contains("\"key\":\"input.max-password-chars\"")
        .contains("\"value\":\"\\\"1024\\\"\"")
        .contains("\"reason\":\"is set twice in this file (first at line");
  }

  @Test
  void check_inlineSecret_isRefusedAndNeverPrinted() throws IOException {
    String inline = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA==";
    Path file = exampleWith("pepper.current-key = k1", "pepper.keys.k1 = " + inline);
    String text = Files.readString(file, UTF_8).replace("pepper = none", "pepper = keyring");
    Files.writeString(file, text, UTF_8);

    CliRun run = authctl("", "check", "--config", file.toString());
    CliRun json = authctl("", "check", "--config", file.toString(), "--json");

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.out).contains("secrets are never written inline");
    assertThat(run.out + run.err + json.out + json.err).doesNotContain(inline);
  }

  @Test
  void check_withoutConfig_isAUsageError() {
    CliRun run = authctl("", "check");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("--config");
  }

  @Test
  void check_missingFile_exits1NamingIt() {
    CliRun run = authctl("", "check", "--config", directory.resolve("absent.properties").toString());

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.out).contains("config.file").contains("absent.properties");
  }
}
